package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.WorkSpec;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Seed experiment 4, the event-loop version: no lock and no polling. A consumer subscribes to the
 * producer's signal and is resumed by it; each pause is a timer, so no thread is held; the shared
 * counter is an atomic. Same tallies as {@link LockingConsumer} ({@code polls} and {@code lock.waits}
 * stay 0).
 */
final class LockFreeConsumer implements StageLogic.Async {

    private final WorkSpec.Consumer spec;
    private final Scheduler timer;
    private final StageMetrics metrics;
    private final Sinks.Empty<Void> start = Sinks.empty();
    private final AtomicLong shared = new AtomicLong();
    private final Producer producer;

    LockFreeConsumer(WorkSpec.Consumer spec, Scheduler timer, StageMetrics metrics) {
        this.spec = spec;
        this.timer = timer;
        this.metrics = metrics;
        // One producer, one emission: a failed emission cannot happen, so the result is not checked.
        this.producer = new Producer(spec.startAfter(), timer, start::tryEmitEmpty);
        metrics.tally("polls", 0);
        metrics.tally("lock.waits", 0);
    }

    @Override
    public Publisher<?> apply(Object value) {
        producer.consumerArrived();
        return start.asMono()
                .then(Mono.fromRunnable(() -> metrics.peak("start.lag.max.us", producer.microsSinceSignal())))
                .thenMany(Flux.range(0, spec.counts()).concatMap(i -> Mono.delay(spec.pause(), timer)))
                .doOnNext(tick -> metrics.peak("shared.count", shared.incrementAndGet()))
                .then(Mono.just((long) spec.counts()));
    }
}
