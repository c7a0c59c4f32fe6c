package dev.sluice.load;

import dev.sluice.metrics.Clock;
import dev.sluice.metrics.LatencyRecorder;
import dev.sluice.profile.LoadSpec;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * Feeds the pipeline under a load model, on the run's source thread.
 *
 * <ul>
 *   <li>Open ({@code arrival-rate}): each item at its due time, whatever the pipeline does (an open
 *       model ignores backpressure). An arrival that finds {@code max-in-flight} items inside is dropped
 *       and counted.
 *   <li>Closed ({@code concurrency}): a new item as soon as fewer than {@code users} are inside, until
 *       the duration or the iterations are used up; the source starts over when it runs out. The
 *       first items go in on the source thread, each later one on the thread whose item left
 *       ({@link #itemLeft()}): no thread polls for room.
 * </ul>
 *
 * It watches itself: how late each emission was, and the rate it achieved.
 */
public final class ArrivalGenerator {

    /**
     * How often the closed model looks for room by itself, besides being told an item left: a safety
     * net, never the pace (items leaving drive it).
     */
    private static final Duration NUDGE_EVERY = Duration.ofMillis(10);

    /**
     * The open model's shortest sleep, in ns. Arrivals closer together than this go out together, up
     * to this much late (recorded as lateness, and in latency from the intended start). Waking per
     * arrival at 45,000/s on one core was measured to cost the client most of its time.
     */
    private static final long PARK_QUANTUM_NANOS = 200_000;

    private final @Nullable ArrivalSchedule schedule;
    private final LoadSpec.@Nullable Concurrency closed;
    private final int maxInFlight;
    private final Clock clock;
    private final LatencyRecorder lateness = new LatencyRecorder();
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong droppedOverCap = new AtomicLong();
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile @Nullable ClosedLoop loop;

    /** One item with the time it was due (its intended start). */
    public record Arrival(Object value, long dueNanos) {
    }

    private ArrivalGenerator(@Nullable ArrivalSchedule schedule, LoadSpec.@Nullable Concurrency closed, int maxInFlight,
            Clock clock) {
        this.schedule = schedule;
        this.closed = closed;
        this.maxInFlight = maxInFlight;
        this.clock = clock;
    }

    /** The generator for a load model, or null for {@code drain} (the pipeline's demand paces it). */
    public static @Nullable ArrivalGenerator of(LoadSpec load, Clock clock) {
        return switch (load) {
            case LoadSpec.Drain d -> null;
            case LoadSpec.ArrivalRate open -> new ArrivalGenerator(new ArrivalSchedule(open), null, open.maxInFlight(), clock);
            case LoadSpec.Concurrency c -> new ArrivalGenerator(null, c, c.users(), clock);
        };
    }

    /** {@code arrival-rate} or {@code concurrency}. */
    public String model() {
        return schedule != null ? "arrival-rate" : "concurrency";
    }

    /** Whether the source starts over when it runs out (the closed model does). */
    public boolean cyclesSource() {
        return closed != null;
    }

    /** Items the model will send, or -1 when only a duration bounds it. */
    public long scheduled() {
        if (schedule != null) {
            return schedule.count();
        }
        return closed.iterations() > 0 ? closed.iterations() * closed.users() : -1;
    }

    /** The open model's mean target rate per second; 0 for the closed model, which has none. */
    public double targetRate() {
        return schedule != null ? schedule.meanRate() : 0;
    }

    /**
     * The arrivals. {@code inFlight} says how many items are inside the pipeline now; {@code onEmitted}
     * and {@code onDropped} keep the run's item counts. The closed model ends its duration on
     * {@code timer}, and must be told of every item that leaves the pipeline ({@link #itemLeft()}).
     */
    public Flux<Arrival> arrivals(Iterable<Object> source, LongSupplier inFlight, Runnable onEmitted, Runnable onDropped,
            Scheduler timer) {
        return Flux.create(sink -> {
            startNanos = clock.nanos();
            Iterator<Object> values = source.iterator();
            if (schedule != null) {
                runOpen(sink, values, inFlight, onEmitted, onDropped);
                endNanos = clock.nanos();
                sink.complete();
            } else {
                startClosed(sink, values, inFlight, onEmitted, timer);
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * An item left the pipeline (delivered, failed or dropped): under the closed model its user sends
     * the next one, on this thread. Cheap, and a no-op under the open model.
     */
    public void itemLeft() {
        ClosedLoop l = loop;
        if (l != null) {
            l.drain();
        }
    }

    private void runOpen(FluxSink<Arrival> sink, Iterator<Object> values, LongSupplier inFlight, Runnable onEmitted,
            Runnable onDropped) {
        ArrivalSchedule.Cursor cursor = schedule.cursor();
        long start = startNanos;
        while (cursor.hasNext() && values.hasNext() && !sink.isCancelled()) {
            long due = start + cursor.next();
            long now = clock.nanos();
            while (now < due && !sink.isCancelled()) {
                // Never a sleep shorter than the quantum: at high rates each wake-up sends a burst of
                // what is due (one hand-over to the event loop for many requests, not one each).
                LockSupport.parkNanos(Math.min(Math.max(due - now, PARK_QUANTUM_NANOS), 1_000_000));
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
    }

    private void startClosed(FluxSink<Arrival> sink, Iterator<Object> values, LongSupplier inFlight, Runnable onEmitted,
            Scheduler timer) {
        long deadline = closed.duration() == null ? Long.MAX_VALUE : startNanos + closed.duration().toNanos();
        long limit = closed.iterations() > 0 ? closed.iterations() * closed.users() : Long.MAX_VALUE;
        Disposable.Composite timers = Disposables.composite();
        ClosedLoop l = new ClosedLoop(sink, values, closed.users(), deadline, limit, clock, inFlight, onEmitted, emitted,
                () -> {
                    endNanos = clock.nanos();
                    loop = null;
                    timers.dispose();
                });
        sink.onDispose(timers);
        loop = l;
        if (closed.duration() != null) {
            timers.add(timer.schedule(l::expire, closed.duration().toNanos(), TimeUnit.NANOSECONDS));
        }
        long nudge = NUDGE_EVERY.toNanos();
        timers.add(timer.schedulePeriodically(l::drain, nudge, nudge, TimeUnit.NANOSECONDS));
        l.drain();
    }

    /** Items sent so far (those dropped over the cap included). */
    public long emitted() {
        return emitted.get();
    }

    /** Arrivals dropped because {@code max-in-flight} items were already inside (open model only). */
    public long droppedOverCap() {
        return droppedOverCap.get();
    }

    /** How late each open-model emission was against its due time. */
    public LatencyRecorder lateness() {
        return lateness;
    }

    /** Items per second actually sent over the generator's own run time. */
    public double achievedRate() {
        long end = endNanos != 0 ? endNanos : clock.nanos();
        long elapsed = end - startNanos;
        return startNanos == 0 || elapsed <= 0 ? 0 : emitted.get() / (elapsed / 1e9);
    }
}
