package dev.sluice.pipeline;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.sluice.bridge.ProcessPool;
import dev.sluice.bridge.WorkDescription;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.profile.WorkSpec;
import dev.sluice.resilience.StagePolicies;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The multiprocessing model: each item goes to a pool of worker processes (sluice's own JVM worker,
 * or any command that speaks docs/worker-protocol.md) and its answer comes back over a pipe. The pool
 * starts with the stage and is closed with the run; what it did (starts, restarts, crashes, start-up
 * times, the workers' CPU) goes into the stage's tallies.
 */
final class ProcessWork implements StageLogic.Async, AutoCloseable {

    private final ProcessPool pool;
    private final StageMetrics metrics;
    private final @Nullable StagePolicies policies;
    private final WorkSpec.@Nullable Http http;

    ProcessWork(StageSpec stage, SchedulerSpec.Process spec, Map<String, String> runtimeValues, StageMetrics metrics,
            @Nullable StagePolicies policies) {
        this.metrics = metrics;
        this.policies = policies;
        this.http = stage.work() instanceof WorkSpec.Http h ? h : null;
        // A dead worker's items go to another worker as often as the stage's retry policy allows, else once.
        int crashRetries = stage.policies().retry() != null ? stage.policies().retry().attempts() - 1 : 1;
        this.pool = ProcessPool.start(stage.name(), spec, WorkDescription.of(stage.work(), runtimeValues), crashRetries,
                System.err);
    }

    @Override
    public Publisher<?> apply(Object value) {
        return Mono.create(sink -> {
            Runnable cancel = pool.submit(value, new ProcessPool.Callback() {
                @Override
                public void done(@Nullable Object result) {
                    try {
                        sink.success(answer(result));
                    } catch (RuntimeException e) {
                        sink.error(e);
                    }
                }

                @Override
                public void failed(Throwable error) {
                    sink.error(error);
                }
            });
            sink.onCancel(cancel::run);
        });
    }

    /**
     * The item's new value. A JSON null stays a value (the sink writes null); an http answer is
     * tallied by status and bytes as in-process clients do, so retry policies see its status.
     */
    private Object answer(@Nullable Object result) {
        if (result == null) {
            return NullNode.getInstance();
        }
        if (http != null && result instanceof Map<?, ?> m && m.get("status") instanceof Number status
                && m.get("bytes") instanceof Number bytes) {
            String url = String.valueOf(m.get("url"));
            return HttpTally.record(metrics, policies, url, status.intValue(), bytes.longValue(), null);
        }
        return result;
    }

    @Override
    public void close() {
        pool.close();
        ProcessPool.Stats s = pool.stats();
        metrics.tally("workers.started", s.started());
        metrics.tally("workers.restarts", s.restarts());
        metrics.tally("workers.crashes", s.crashes());
        metrics.tally("workers.hung", s.hung());
        metrics.tally("items.retried-after-crash", s.retried());
        metrics.tally("workers.startup.mean.ms", Math.round(s.startupMeanMs()));
        metrics.tally("workers.startup.max.ms", Math.round(s.startupMaxMs()));
        metrics.tally("workers.cpu.ms", Math.round(s.cpuSeconds() * 1000));
        metrics.tally("items.sent", s.itemsSent());
        metrics.tally("frames.sent", s.framesSent());
        metrics.peak("worker.held.peak", s.peakHeld());
        metrics.addChildCpu(s.cpuSeconds());
    }
}
