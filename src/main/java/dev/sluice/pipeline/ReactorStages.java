package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.BufferSpec;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.resilience.AdaptiveLimit;
import dev.sluice.resilience.StagePolicies;
import dev.sluice.schedule.SchedulerFactory;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * The stages on Project Reactor ({@code engine: reactor}, the default). A synchronous stage that takes
 * one item at a time runs as {@code publishOn(scheduler).handle(..)}: one hop onto its thread, no
 * per-item task. Any other stage runs each item as its own task on the scheduler inside {@code flatMap}
 * (results as they complete) or {@link BoundedMerge} (input order), bounded by the stage's concurrency.
 */
final class ReactorStages {

    private final SchedulerFactory schedulers;
    private final ItemRunner items;

    ReactorStages(SchedulerFactory schedulers, ItemRunner items) {
        this.schedulers = requireNonNull(schedulers, "schedulers");
        this.items = requireNonNull(items, "items");
    }

    Flux<Item> assemble(Flux<Item> source, List<StagePlan> stages) {
        Flux<Item> flux = source;
        Scheduler emittingOn = null;
        for (StagePlan stage : stages) {
            Scheduler scheduler = schedulers.create(stage.spec().name(), stage.spec().scheduler());
            stage.metrics().gauge("scheduler.queued", schedulers.queued(stage.spec().name()));
            // Consecutive one-at-a-time stages on the run's single thread are the plain loop: the item
            // goes straight on to the next stage on the same thread, with no queue or hop between them.
            boolean sameThread = stage.oneAtATime() && stage.spec().buffer().isNone() && scheduler == emittingOn
                    && stage.onSingle();
            flux = stage(flux, stage, sameThread ? null : scheduler);
            emittingOn = stage.oneAtATime() && stage.onSingle() ? scheduler : null;
        }
        return flux;
    }

    /** One stage; a null scheduler means the items already arrive on the stage's (single) thread. */
    private Flux<Item> stage(Flux<Item> upstream, StagePlan stage, @Nullable Scheduler scheduler) {
        StageSpec spec = stage.spec();
        StageMetrics m = stage.metrics();
        StagePolicies policies = stage.policies();
        BufferSpec buffer = spec.buffer();
        Flux<Item> in = buffered(upstream, spec, m, !stage.oneAtATime());

        if (stage.oneAtATime()) {
            StageLogic.Sync sync = (StageLogic.Sync) stage.logic();
            // With a dropping buffer in front, the stage holds only the item it works on, so the
            // buffer's size is the whole queue and dropped counts are exact.
            int prefetch = buffer.isNone() ? Queues.SMALL_BUFFER_SIZE
                    : buffer.overflow() == BufferSpec.Overflow.BLOCK ? buffer.size() : 1;
            Flux<Item> onThread = scheduler == null ? in : in.publishOn(scheduler, prefetch);
            return onThread.<Item>handle((item, sink) -> {
                if (items.runSync(item, sync, m)) {
                    m.completed();
                    items.stamp(item, stage.next());
                    sink.next(item);
                }
            });
        }

        requireNonNull(scheduler, "scheduler");
        boolean onLoop = stage.completesElsewhere();
        Function<Item, Mono<Item>> task = policies != null
                ? item -> withPolicies(item, stage.logic(), m, scheduler, onLoop, policies)
                : switch (stage.logic()) {
            case StageLogic.Sync sync -> item -> Mono.fromCallable(() -> items.runSync(item, sync, m) ? item : null)
                    .subscribeOn(scheduler);
            case StageLogic.Async async -> onLoop
                    // The asyncio model: the item goes on from the event loop that completed it.
                    ? item -> items.runAsync(item, async, m)
                    : item -> items.runAsync(item, async, m).publishOn(scheduler);
        };
        if (spec.adaptive()) {
            AdaptiveLimit limit = new AdaptiveLimit(spec.concurrency(), m::limitChanged);
            Function<Item, Mono<Item>> inner = task;
            task = item -> limit.acquire().then(Mono.defer(() -> {
                long start = items.now();
                Object before = item.value;
                return inner.apply(item)
                        .doOnSuccess(done -> limit.release(items.now() - start,
                                ItemRunner.overloaded(done == null ? before : done.value, done == null)))
                        .doOnCancel(() -> limit.release(items.now() - start, false));
            }));
        }
        boolean ordered = spec.order() == StageSpec.Order.ORDERED;
        // In input order, and for a process stage's thousands in flight, see BoundedMerge; flatMapSequential
        // would count finished items waiting for an earlier one against the concurrency.
        boolean manyInFlight = spec.scheduler() instanceof SchedulerSpec.Process && policies == null && !spec.adaptive();
        Flux<Item> out = ordered || manyInFlight
                ? BoundedMerge.of(in, task, spec.concurrency(), ordered)
                : in.flatMap(task, spec.concurrency(), 1);
        return out.doOnNext(item -> {
            m.completed();
            items.stamp(item, stage.next());
        });
    }

    /** The queue in front of a stage. Dropping policies count every item they drop. */
    private static Flux<Item> buffered(Flux<Item> flux, StageSpec spec, StageMetrics m, boolean needsQueue) {
        BufferSpec buffer = spec.buffer();
        if (buffer.isNone()) {
            return flux;
        }
        BufferOverflowStrategy strategy = switch (buffer.overflow()) {
            case BLOCK -> null;
            case DROP_NEWEST -> BufferOverflowStrategy.DROP_LATEST;
            case DROP_OLDEST -> BufferOverflowStrategy.DROP_OLDEST;
            case ERROR -> BufferOverflowStrategy.ERROR;
        };
        if (strategy == null) {
            // A bounded queue that asks upstream only for the room it has: backpressure, nothing lost.
            return needsQueue ? flux.limitRate(buffer.size()) : flux;
        }
        return flux.onBackpressureBuffer(buffer.size(), dropped -> m.dropped(), strategy)
                .onErrorMap(Exceptions::isOverflow, e -> new StageOverflowException(spec.name(), buffer.size()));
    }

    /**
     * One item through its stage's policies: the call (run on the stage's scheduler, or completing on
     * the event loop) is subscribed afresh for each retry; service time covers all of its tries.
     */
    private Mono<Item> withPolicies(Item item, StageLogic logic, StageMetrics m, Scheduler scheduler,
            boolean onLoop, StagePolicies policies) {
        return Mono.defer(() -> {
            Object value = requireNonNull(item.value);
            Mono<Object> call = switch (logic) {
                case StageLogic.Sync sync -> Mono.fromCallable(() -> sync.apply(value)).subscribeOn(scheduler);
                case StageLogic.Async async -> {
                    Mono<Object> m0 = Mono.from(async.apply(value)).cast(Object.class);
                    yield onLoop ? m0 : m0.publishOn(scheduler);
                }
            };
            long start = item.weight > 0 ? items.now() : 0;
            return policies.apply(call)
                    .switchIfEmpty(Mono.error(ItemRunner::noValue))
                    .map(result -> items.done(item, result, start, m))
                    .onErrorResume(e -> {
                        ItemRunner.failedUnderPolicies(e, m);
                        return Mono.empty();
                    });
        });
    }
}
