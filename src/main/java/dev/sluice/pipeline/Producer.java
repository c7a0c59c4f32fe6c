package dev.sluice.pipeline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The producer of seed experiment 4: sends its start signal once, {@code after} the first consumer
 * arrives, from the run's timer thread (so it is neither a consumer nor on a consumer's thread).
 */
final class Producer {

    private final Duration after;
    private final Scheduler timer;
    private final Runnable signal;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile long sentNanos;

    Producer(Duration after, Scheduler timer, Runnable signal) {
        this.after = after;
        this.timer = timer;
        this.signal = signal;
    }

    /** Called by each consumer as it arrives; the first one starts the producer's clock. */
    void consumerArrived() {
        if (armed.compareAndSet(false, true)) {
            Mono.delay(after, timer).subscribe(x -> {
                sentNanos = System.nanoTime();
                signal.run();
            });
        }
    }

    /** Microseconds since the signal was sent (a consumer calls this once it has seen the signal). */
    long microsSinceSignal() {
        return Math.max(0, (System.nanoTime() - sentNanos) / 1000);
    }
}
