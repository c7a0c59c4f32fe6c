package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.metrics.Clock;
import dev.sluice.metrics.Sampler;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.resilience.StagePolicies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * What happens to one item in a stage, whichever engine assembled the stage: its logic runs, its
 * service time (and, on its own thread, CPU time) is recorded, a failure is counted, and it is stamped
 * for the next stage. Both {@link ReactorStages} and {@link RxJavaStages} call these; only the operators
 * and schedulers around them differ.
 */
final class ItemRunner {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Clock clock;

    ItemRunner(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    long now() {
        return clock.nanos();
    }

    /** Runs one item through synchronous logic on the current thread; false when it failed (or was aborted). */
    boolean runSync(Item item, StageLogic.Sync logic, StageMetrics m) {
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
            if (!ItemDroppedException.countIfDropped(e, m)) {
                m.failed(e);
            }
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

    /** One item through asynchronous logic: its value, or empty when it failed (counted). */
    Mono<Item> runAsync(Item item, StageLogic.Async logic, StageMetrics m) {
        return Mono.defer(() -> {
            long start = item.weight > 0 ? clock.nanos() : 0;
            return Mono.from(logic.apply(requireNonNull(item.value)))
                    .switchIfEmpty(Mono.error(ItemRunner::noValue))
                    .map(value -> done(item, value, start, m))
                    .onErrorResume(e -> {
                        if (!ItemDroppedException.countIfDropped(e, m)) {
                            m.failed(e);
                        }
                        return Mono.empty();
                    });
        });
    }

    /** The item with its new value, its service time since {@code start} recorded when it is timed. */
    Item done(Item item, Object value, long start, StageMetrics m) {
        if (item.weight > 0) {
            m.recordTimed(item.readyNanos, start, clock.nanos(), item.weight);
        }
        item.value = value;
        return item;
    }

    /** An item that failed under its stage's policies: counted, with a refusal's reason tallied. */
    static void failedUnderPolicies(Throwable e, StageMetrics m) {
        if (e instanceof InterruptedException || ItemDroppedException.countIfDropped(e, m)) {
            return;
        }
        m.failed(e);
        String reason = StagePolicies.rejection(e);
        if (reason != null) {
            m.tally(reason, 1);
        }
    }

    static IllegalStateException noValue() {
        return new IllegalStateException("the stage produced no value");
    }

    /** An overload sign for an adaptive limit: a 429 or 503 answer, or an item that failed (timeouts included). */
    static boolean overloaded(@Nullable Object value, boolean failed) {
        if (failed) {
            return true;
        }
        return value instanceof HttpResult r && (r.status() == 429 || r.status() == 503);
    }

    /** Marks whether (with what weight) the next stage times this item, and when it became ready for it. */
    void stamp(Item item, @Nullable Sampler next) {
        int weight = next == null ? 0 : next.sampleNext();
        item.weight = weight;
        if (weight > 0) {
            item.readyNanos = clock.nanos();
        }
    }

    /** As {@link #stamp}, with the time it became ready given (an open model's due time). */
    static void stampAt(Item item, Sampler next, long readyNanos) {
        item.weight = next.sampleNext();
        item.readyNanos = readyNanos;
    }
}
