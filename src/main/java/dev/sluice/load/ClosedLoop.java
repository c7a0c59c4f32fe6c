package dev.sluice.load;

import dev.sluice.load.ArrivalGenerator.Arrival;
import dev.sluice.metrics.Clock;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import reactor.core.publisher.FluxSink;

/**
 * The closed model's emitter: whenever fewer than {@code users} items are inside the pipeline, the
 * next one goes in, on the thread that made the room (the event loop that completed a request, the
 * worker that finished an item). No thread waits or polls for room, so a user's next request leaves
 * as its last answer arrives, as a wrk connection's does.
 *
 * <p>Emission is serialized by a work-in-progress counter: whichever thread calls {@link #drain()}
 * first emits for everyone who called meanwhile; the source iterator is only touched inside it.
 */
final class ClosedLoop {

    private final FluxSink<Arrival> sink;
    private final Iterator<Object> values;
    private final int users;
    private final long deadlineNanos;
    private final long limit;
    private final Clock clock;
    private final LongSupplier inFlight;
    private final Runnable onEmitted;
    private final AtomicLong emitted;
    private final Runnable onFinished;
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean expired;
    private boolean finished; // only read and written inside drain()

    ClosedLoop(FluxSink<Arrival> sink, Iterator<Object> values, int users, long deadlineNanos, long limit, Clock clock,
            LongSupplier inFlight, Runnable onEmitted, AtomicLong emitted, Runnable onFinished) {
        this.sink = sink;
        this.values = values;
        this.users = users;
        this.deadlineNanos = deadlineNanos;
        this.limit = limit;
        this.clock = clock;
        this.inFlight = inFlight;
        this.onEmitted = onEmitted;
        this.emitted = emitted;
        this.onFinished = onFinished;
    }

    /** The duration is up: no more items go in (those inside finish). */
    void expire() {
        expired = true;
        drain();
    }

    /** Fills every free user's place; called at the start, when an item leaves, and by a periodic nudge. */
    void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (!finished) {
                if (sink.isCancelled()) {
                    finished = true;
                    onFinished.run();
                    break;
                }
                if (expired || emitted.get() >= limit || !values.hasNext() || clock.nanos() >= deadlineNanos) {
                    finished = true;
                    onFinished.run();
                    sink.complete();
                    break;
                }
                if (inFlight.getAsLong() >= users) {
                    break;
                }
                emitted.incrementAndGet();
                // Counted before it is sent, so the in-flight count already holds it.
                onEmitted.run();
                sink.next(new Arrival(values.next(), clock.nanos()));
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
