package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.BufferSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.resilience.AdaptiveLimit;
import dev.sluice.resilience.StagePolicies;
import dev.sluice.schedule.RxSchedulers;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Maybe;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.core.Single;
import io.reactivex.rxjava3.exceptions.MissingBackpressureException;
import io.reactivex.rxjava3.functions.Function;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;

/**
 * The stages on RxJava 3 ({@code engine: rxjava}): the same logic, metrics and policies as
 * {@link ReactorStages}, assembled with RxJava's operators on RxJava's schedulers ({@link RxSchedulers}).
 *
 * <ul>
 *   <li>One item at a time: {@code observeOn(scheduler).mapOptional(..)}.
 *   <li>Otherwise a task per item, {@code Maybe.fromCallable(..).subscribeOn(scheduler)} for blocking
 *       logic, merged by {@code flatMap(task, concurrency)} or, in input order,
 *       {@code concatMapEager(task, concurrency)}.
 *   <li>A buffer: {@code rebatchRequests} to block, {@code onBackpressureBuffer} with RxJava's overflow
 *       strategies to drop. RxJava's {@code DROP_LATEST} drops the newest item <em>waiting</em> and keeps
 *       the one arriving (Reactor drops the one arriving); the counts are the same.
 *   <li>Asynchronous logic (http on the event loop, sleep, process workers) returns a Reactive Streams
 *       publisher, taken as it is with {@code Flowable.fromPublisher}.
 * </ul>
 */
final class RxJavaStages {

    private final RxSchedulers schedulers;
    private final ItemRunner items;

    RxJavaStages(RxSchedulers schedulers, ItemRunner items) {
        this.schedulers = requireNonNull(schedulers, "schedulers");
        this.items = requireNonNull(items, "items");
    }

    Flowable<Item> assemble(Flowable<Item> source, List<StagePlan> stages) {
        Flowable<Item> flow = source;
        Scheduler emittingOn = null;
        for (StagePlan stage : stages) {
            Scheduler scheduler = schedulers.create(stage.spec().name(), stage.spec().scheduler());
            stage.metrics().gauge("scheduler.queued", schedulers.queued(stage.spec().name()));
            // As under Reactor: consecutive one-at-a-time stages on the single thread are the plain loop.
            boolean sameThread = stage.oneAtATime() && stage.spec().buffer().isNone() && scheduler == emittingOn
                    && stage.onSingle();
            flow = stage(flow, stage, sameThread ? null : scheduler);
            emittingOn = stage.oneAtATime() && stage.onSingle() ? scheduler : null;
        }
        return flow;
    }

    /** One stage; a null scheduler means no hop (same thread, event loop, process worker). */
    private Flowable<Item> stage(Flowable<Item> upstream, StagePlan stage, @Nullable Scheduler scheduler) {
        StageSpec spec = stage.spec();
        StageMetrics m = stage.metrics();
        StagePolicies policies = stage.policies();
        BufferSpec buffer = spec.buffer();
        Flowable<Item> in = buffered(upstream, spec, m, !stage.oneAtATime());

        if (stage.oneAtATime()) {
            StageLogic.Sync sync = (StageLogic.Sync) stage.logic();
            int prefetch = buffer.isNone() ? Flowable.bufferSize()
                    : buffer.overflow() == BufferSpec.Overflow.BLOCK ? buffer.size() : 1;
            Flowable<Item> onThread = scheduler == null ? in : in.observeOn(scheduler, false, prefetch);
            return onThread.mapOptional(item -> {
                if (!items.runSync(item, sync, m)) {
                    return Optional.empty();
                }
                m.completed();
                items.stamp(item, stage.next());
                return Optional.of(item);
            });
        }

        Function<Item, Publisher<Item>> task = policies != null
                ? item -> withPolicies(item, stage.logic(), m, scheduler, policies)
                : switch (stage.logic()) {
            case StageLogic.Sync sync -> {
                Scheduler on = requireNonNull(scheduler, "a blocking stage needs a scheduler");
                yield item -> Maybe.fromCallable(() -> items.runSync(item, sync, m) ? item : null)
                        .subscribeOn(on).toFlowable();
            }
            case StageLogic.Async async -> scheduler == null
                    ? item -> Flowable.fromPublisher(items.runAsync(item, async, m))
                    : item -> Flowable.fromPublisher(items.runAsync(item, async, m)).observeOn(scheduler);
        };
        if (spec.adaptive()) {
            AdaptiveLimit limit = new AdaptiveLimit(spec.concurrency(), m::limitChanged);
            Function<Item, Publisher<Item>> inner = task;
            task = item -> Flowable.fromPublisher(limit.acquire()).ignoreElements().andThen(Maybe.defer(() -> {
                long start = items.now();
                Object before = item.value;
                // At most one value: the item done (its answer may say overloaded), or none (it failed).
                return Flowable.fromPublisher(inner.apply(item)).singleElement()
                        .doOnSuccess(done -> limit.release(items.now() - start, ItemRunner.overloaded(done.value, false)))
                        .doOnComplete(() -> limit.release(items.now() - start, ItemRunner.overloaded(before, true)))
                        .doOnDispose(() -> limit.release(items.now() - start, false));
            })).toFlowable();
        }
        Flowable<Item> out = spec.order() == StageSpec.Order.ORDERED
                ? in.concatMapEager(task, spec.concurrency(), 1)
                : in.flatMap(task, false, spec.concurrency(), 1);
        return out.doOnNext(item -> {
            m.completed();
            items.stamp(item, stage.next());
        });
    }

    /** The queue in front of a stage. Dropping policies count every item they drop. */
    private static Flowable<Item> buffered(Flowable<Item> flow, StageSpec spec, StageMetrics m, boolean needsQueue) {
        BufferSpec buffer = spec.buffer();
        if (buffer.isNone()) {
            return flow;
        }
        BackpressureOverflowStrategy strategy = switch (buffer.overflow()) {
            case BLOCK -> null;
            case DROP_NEWEST -> BackpressureOverflowStrategy.DROP_LATEST;
            case DROP_OLDEST -> BackpressureOverflowStrategy.DROP_OLDEST;
            case ERROR -> BackpressureOverflowStrategy.ERROR;
        };
        if (strategy == null) {
            // A bounded queue that asks upstream only for the room it has: backpressure, nothing lost.
            return needsQueue ? flow.rebatchRequests(buffer.size()) : flow;
        }
        return flow.onBackpressureBuffer(buffer.size(), m::dropped, strategy)
                .onErrorResumeNext(e -> Flowable.error(e instanceof MissingBackpressureException
                        ? new StageOverflowException(spec.name(), buffer.size()) : e));
    }

    /** One item through its stage's policies, as {@link ReactorStages} does it, on RxJava's Single. */
    private Publisher<Item> withPolicies(Item item, StageLogic logic, StageMetrics m, @Nullable Scheduler scheduler,
            StagePolicies policies) {
        return Flowable.defer(() -> {
            Object value = requireNonNull(item.value);
            Single<Object> call = switch (logic) {
                case StageLogic.Sync sync -> Single.fromCallable(() -> sync.apply(value))
                        .subscribeOn(requireNonNull(scheduler, "a blocking stage needs a scheduler"));
                case StageLogic.Async async -> {
                    Single<Object> s = Flowable.fromPublisher(async.apply(value)).cast(Object.class)
                            .singleOrError();
                    yield scheduler == null ? s : s.observeOn(scheduler);
                }
            };
            long start = item.weight > 0 ? items.now() : 0;
            return policies.apply(call)
                    .map(result -> items.done(item, result, start, m))
                    .toFlowable()
                    .onErrorResumeNext(e -> {
                        ItemRunner.failedUnderPolicies(e, m);
                        return Flowable.empty();
                    });
        });
    }
}
