package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.metrics.Clock;
import dev.sluice.metrics.PipelineMetrics;
import dev.sluice.metrics.Sampler;
import dev.sluice.metrics.SerialCounter;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.load.ArrivalGenerator;
import dev.sluice.profile.BufferSpec;
import dev.sluice.profile.Profile;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.resilience.AdaptiveLimit;
import dev.sluice.resilience.StagePolicies;
import dev.sluice.schedule.SchedulerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * Assembles a {@link Profile} into one Flux: source, then per stage an optional buffer and the stage
 * on its own scheduler, then the sink.
 *
 * <p>A synchronous stage that takes one item at a time runs as {@code publishOn(scheduler).handle(..)}:
 * one hop onto its thread, no per-item task. Any other stage runs each item as its own task on the
 * scheduler inside {@code flatMap} (results as they complete) or {@link BoundedMerge} (input
 * order), bounded by the stage's concurrency.
 */
public final class PipelineAssembler {

    private final SchedulerFactory schedulers;
    private final Clock clock;

    public PipelineAssembler(SchedulerFactory schedulers, Clock clock) {
        this.schedulers = requireNonNull(schedulers, "schedulers");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Assembles the pipeline; nothing runs until its flow is subscribed. */
    public Pipeline assemble(Profile profile, Path outDir) {
        return assemble(profile, outDir, Map.of());
    }

    /**
     * Assembles the pipeline with run-time values ({@code server.url} once the run's server is up)
     * filled into the source's text items wherever they say {@code ${NAME}}.
     */
    public Pipeline assemble(Profile profile, Path outDir, Map<String, String> runtimeValues) {
        List<StageSpec> specs = profile.stages();
        List<StageMetrics> stageMetrics = new ArrayList<>();
        for (StageSpec spec : specs) {
            stageMetrics.add(new StageMetrics(spec.name()));
        }
        PipelineMetrics metrics = new PipelineMetrics(stageMetrics);
        Scheduler timer = schedulers.timer();

        SerialCounter emitted = metrics.emittedCounter();
        Sampler first = stageMetrics.getFirst().sampler();
        Flux<Item> flux;
        ArrivalGenerator generator = ArrivalGenerator.of(profile.load(), clock);
        if (generator != null) {
            // An open or closed model: the generator paces the items and counts them.
            // The closed model sends a user's next item when one leaves: failed or dropped in a stage
            // (here) or delivered (at the sink, below).
            stageMetrics.forEach(m -> m.onItemLeft(generator::itemLeft));
            flux = generator.arrivals(SourceFlux.values(profile.source(), runtimeValues, generator.cyclesSource()),
                            metrics::inFlight, emitted::increment, metrics::loadDropped, timer)
                    // The open model holds the source thread for the whole run, so demand must not be
                    // sent there as tasks (false): it is taken on the thread that asks.
                    .subscribeOn(schedulers.source(), false)
                    .map(arrival -> {
                        Item item = new Item(arrival.value());
                        item.intendedNanos = arrival.dueNanos();
                        // Ready since it was due: the first stage's queue wait includes any lag.
                        stampAt(item, first, arrival.dueNanos());
                        return item;
                    });
        } else {
            // The source is subscribed on a thread of its own, so a stage that asks for everything at
            // once (a dropping buffer) floods from there, never from the thread that watches the run.
            // Later requests are served on the thread that makes them (false: no hop per request),
            // which keeps a pull-driven pipeline as cheap as a plain loop.
            flux = SourceFlux.of(profile.source(), runtimeValues)
                    .subscribeOn(schedulers.source(), false)
                    .map(value -> {
                        emitted.increment();
                        Item item = new Item(value);
                        stamp(item, first);
                        return item;
                    });
        }

        Scheduler emittingOn = null;
        for (int i = 0; i < specs.size(); i++) {
            StageSpec spec = specs.get(i);
            StageMetrics m = stageMetrics.get(i);
            Sampler next = i + 1 < specs.size() ? stageMetrics.get(i + 1).sampler() : null;
            StagePolicies policies = spec.policies().isNone() ? null : new StagePolicies(spec.name(), spec.policies(), m);
            StageLogic logic = StageKinds.logicFor(spec, timer, runtimeValues, m, schedulers, policies);
            Scheduler scheduler = schedulers.create(spec.name(), spec.scheduler());
            boolean oneAtATime = logic instanceof StageLogic.Sync && spec.concurrency() == 1 && policies == null;
            // Consecutive one-at-a-time stages on the run's single thread are the plain loop: the item
            // goes straight on to the next stage on the same thread, with no queue or hop between them.
            boolean sameThread = oneAtATime && spec.buffer().isNone() && scheduler == emittingOn
                    && spec.scheduler() instanceof SchedulerSpec.Single;
            flux = stage(flux, spec, logic, sameThread ? null : scheduler, m, next, policies);
            emittingOn = oneAtATime && spec.scheduler() instanceof SchedulerSpec.Single ? scheduler : null;
        }

        ItemSink sink = ItemSink.open(profile.sink(), outDir);
        SerialCounter ok = metrics.okCounter();
        AtomicBoolean sinkOpen = new AtomicBoolean(true);
        boolean paced = generator != null;
        Flux<Item> flow = flux.doOnNext(item -> {
            // An item that finishes after the run was stopped is not delivered: it counts as aborted.
            if (!sinkOpen.get()) {
                return;
            }
            try {
                sink.accept(requireNonNull(item.value));
            } catch (java.io.IOException e) {
                throw Exceptions.propagate(e);
            }
            if (paced) {
                metrics.endToEnd().record(clock.nanos() - item.intendedNanos);
            }
            ok.increment();
            if (paced) {
                generator.itemLeft();
            }
        });
        return new Pipeline(flow, metrics, sink, sinkOpen, generator);
    }

    /** One stage; a null scheduler means the items already arrive on the stage's (single) thread. */
    private Flux<Item> stage(Flux<Item> upstream, StageSpec spec, StageLogic logic, @Nullable Scheduler scheduler,
            StageMetrics m, @Nullable Sampler next, @Nullable StagePolicies policies) {
        BufferSpec buffer = spec.buffer();
        boolean oneAtATime = logic instanceof StageLogic.Sync && spec.concurrency() == 1 && policies == null;
        Flux<Item> in = buffered(upstream, spec, m, !oneAtATime);

        if (oneAtATime) {
            StageLogic.Sync sync = (StageLogic.Sync) logic;
            // With a dropping buffer in front, the stage holds only the item it works on, so the
            // buffer's size is the whole queue and dropped counts are exact.
            int prefetch = buffer.isNone() ? Queues.SMALL_BUFFER_SIZE
                    : buffer.overflow() == BufferSpec.Overflow.BLOCK ? buffer.size() : 1;
            Flux<Item> onThread = scheduler == null ? in : in.publishOn(scheduler, prefetch);
            return onThread.<Item>handle((item, sink) -> {
                if (runSync(item, sync, m)) {
                    m.completed();
                    stamp(item, next);
                    sink.next(item);
                }
            });
        }

        requireNonNull(scheduler, "scheduler");
        // Event-loop and process stages complete on their own threads (a loop, a worker's reader): no hop.
        boolean onLoop = spec.scheduler() instanceof SchedulerSpec.EventLoop
                || spec.scheduler() instanceof SchedulerSpec.Process;
        Function<Item, Mono<Item>> task = policies != null
                ? item -> runWithPolicies(item, logic, m, scheduler, onLoop, policies)
                : switch (logic) {
            case StageLogic.Sync sync -> item -> Mono.fromCallable(() -> runSync(item, sync, m) ? item : null)
                    .subscribeOn(scheduler);
            case StageLogic.Async async -> onLoop
                    // The asyncio model: the item goes on from the event loop that completed it.
                    ? item -> runAsync(item, async, m)
                    : item -> runAsync(item, async, m).publishOn(scheduler);
        };
        if (spec.adaptive()) {
            AdaptiveLimit limit = new AdaptiveLimit(spec.concurrency(), m::limitChanged);
            Function<Item, Mono<Item>> inner = task;
            task = item -> limit.acquire().then(Mono.defer(() -> {
                long start = clock.nanos();
                Object before = item.value;
                return inner.apply(item)
                        .doOnSuccess(done -> limit.release(clock.nanos() - start, overloaded(done == null ? before : done.value, done == null)))
                        .doOnCancel(() -> limit.release(clock.nanos() - start, false));
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
            stamp(item, next);
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

    /** Runs one item through synchronous logic on the current thread; false when it failed. */
    private boolean runSync(Item item, StageLogic.Sync logic, StageMetrics m) {
        int weight = item.weight;
        long start = weight > 0 ? clock.nanos() : 0;
        // A timed item's CPU time against its wall time: how CPU-bound the stage is, and blocking on a loop.
        long cpuStart = weight > 0 ? THREADS.getCurrentThreadCpuTime() : -1;
        try {
            item.value = logic.apply(requireNonNull(item.value));
        } catch (InterruptedException e) {
            // The run is being stopped: the item did not fail, it was aborted (counted as such).
            Thread.currentThread().interrupt();
            return false;
        } catch (Throwable e) {
            Exceptions.throwIfJvmFatal(e);
            m.failed(e);
            return false;
        }
        if (weight > 0) {
            long end = clock.nanos();
            m.recordTimed(item.readyNanos, start, end, weight);
            if (cpuStart >= 0) {
                long cpuEnd = THREADS.getCurrentThreadCpuTime();
                if (cpuEnd >= 0) {
                    m.recordCpu(end - start, cpuEnd - cpuStart);
                }
            }
        }
        return true;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private Mono<Item> runAsync(Item item, StageLogic.Async logic, StageMetrics m) {
        return Mono.defer(() -> {
            int weight = item.weight;
            long start = weight > 0 ? clock.nanos() : 0;
            return Mono.from(logic.apply(requireNonNull(item.value)))
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("the stage produced no value")))
                    .map(value -> {
                        if (weight > 0) {
                            m.recordTimed(item.readyNanos, start, clock.nanos(), weight);
                        }
                        item.value = value;
                        return item;
                    })
                    .onErrorResume(e -> {
                        m.failed(e);
                        return Mono.empty();
                    });
        });
    }

    /** An overload sign for an adaptive limit: a 429 or 503 answer, or an item that failed (timeouts included). */
    private static boolean overloaded(@Nullable Object value, boolean failed) {
        if (failed) {
            return true;
        }
        return value instanceof HttpResult r && (r.status() == 429 || r.status() == 503);
    }

    /**
     * One item through its stage's policies: the call (run on the stage's scheduler, or completing on
     * the event loop) is subscribed afresh for each retry; service time covers all of its tries.
     */
    private Mono<Item> runWithPolicies(Item item, StageLogic logic, StageMetrics m, Scheduler scheduler,
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
            int weight = item.weight;
            long start = weight > 0 ? clock.nanos() : 0;
            return policies.apply(call)
                    .switchIfEmpty(Mono.error(() -> new IllegalStateException("the stage produced no value")))
                    .map(result -> {
                        if (weight > 0) {
                            m.recordTimed(item.readyNanos, start, clock.nanos(), weight);
                        }
                        item.value = result;
                        return item;
                    })
                    .onErrorResume(e -> {
                        if (!(e instanceof InterruptedException)) {
                            m.failed(e);
                            String reason = StagePolicies.rejection(e);
                            if (reason != null) {
                                m.tally(reason, 1);
                            }
                        }
                        return Mono.empty();
                    });
        });
    }

    /** Marks whether (with what weight) the next stage times this item, and when it became ready for it. */
    private void stamp(Item item, @Nullable Sampler next) {
        int weight = next == null ? 0 : next.sampleNext();
        item.weight = weight;
        if (weight > 0) {
            item.readyNanos = clock.nanos();
        }
    }

    /** As {@link #stamp}, with the time it became ready given (an open model's due time). */
    private static void stampAt(Item item, Sampler next, long readyNanos) {
        int weight = next.sampleNext();
        item.weight = weight;
        item.readyNanos = readyNanos;
    }
}
