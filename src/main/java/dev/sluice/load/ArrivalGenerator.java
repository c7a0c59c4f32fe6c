package dev.sluice.load;

import dev.sluice.metrics.Clock;
import dev.sluice.metrics.LatencyRecorder;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Emits the source's items at their due times, whatever the pipeline does (an open model ignores
 * backpressure). An arrival that finds {@code maxInFlight} items already inside is dropped and counted.
 * Watches itself: how late each emission was, and how many arrivals it managed.
 */
public final class ArrivalGenerator {

    private final ArrivalSchedule schedule;
    private final int maxInFlight;
    private final Clock clock;
    private final LatencyRecorder lateness = new LatencyRecorder();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong droppedOverCap = new AtomicLong();
    private volatile long startNanos;
    private volatile long endNanos;

    /** One item with the time it was due. */
    public record Arrival(Object value, long dueNanos) {
    }

    public ArrivalGenerator(ArrivalSchedule schedule, int maxInFlight, Clock clock) {
        this.schedule = schedule;
        this.maxInFlight = maxInFlight;
        this.clock = clock;
    }

    /**
     * The arrivals, on the thread that subscribes (the run's source thread), until the schedule or the
     * source ends. {@code inFlight} says how many items are inside the pipeline now; {@code onEmitted} and
     * {@code onDropped} keep the run's item counts.
     */
    public Flux<Arrival> arrivals(Iterable<Object> source, LongSupplier inFlight, Runnable onEmitted, Runnable onDropped) {
        return Flux.create(sink -> run(sink, source.iterator(), inFlight, onEmitted, onDropped),
                FluxSink.OverflowStrategy.BUFFER);
    }

    private void run(FluxSink<Arrival> sink, Iterator<Object> values, LongSupplier inFlight, Runnable onEmitted,
            Runnable onDropped) {
        ArrivalSchedule.Cursor cursor = schedule.cursor();
        long start = clock.nanos();
        startNanos = start;
        while (cursor.hasNext() && values.hasNext() && !sink.isCancelled()) {
            long due = start + cursor.next();
            long now = clock.nanos();
            while (now < due && !sink.isCancelled()) {
                LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                now = clock.nanos();
            }
            lateness.record(Math.max(1, now - due));
            Object value = values.next();
            emitted.incrementAndGet();
            // Counted as emitted here, before any buffer, so items waiting to enter count as in flight.
            onEmitted.run();
            if (inFlight.getAsLong() >= maxInFlight) {
                droppedOverCap.incrementAndGet();
                onDropped.run();
                continue;
            }
            sink.next(new Arrival(value, due));
        }
        endNanos = clock.nanos();
        sink.complete();
    }

    /** Arrivals made so far (those dropped over the cap included). */
    public long emitted() {
        return emitted.get();
    }

    /** Arrivals dropped because {@code maxInFlight} items were already inside. */
    public long droppedOverCap() {
        return droppedOverCap.get();
    }

    public LatencyRecorder lateness() {
        return lateness;
    }

    /** Arrivals per second actually achieved over the generator's own run time. */
    public double achievedRate() {
        long end = endNanos != 0 ? endNanos : clock.nanos();
        long elapsed = end - startNanos;
        return startNanos == 0 || elapsed <= 0 ? 0 : emitted.get() / (elapsed / 1e9);
    }

    public ArrivalSchedule schedule() {
        return schedule;
    }
}
