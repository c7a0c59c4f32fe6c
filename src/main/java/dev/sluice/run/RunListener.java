package dev.sluice.run;

import dev.sluice.metrics.PipelineMetrics;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Told about a run's progress about every {@link Runner#TICK}, on the thread that called {@link Runner#run}. */
@FunctionalInterface
public interface RunListener {

    RunListener NONE = progress -> { };

    /**
     * Where a run is: its counts, the items it expects in all (0 when unknown), the time since it started,
     * and the figures of its last whole second ({@code metrics.Timeline}'s keys; empty in the first second).
     */
    record Progress(PipelineMetrics.Counts counts, long totalItems, long elapsedNanos,
            Map<String, @Nullable Double> lastSecond) {
    }

    void progress(Progress progress);

    /** A run is about to start: {@code metrics} fill in as it goes (for a metrics endpoint). */
    default void started(String label, PipelineMetrics metrics) {
    }
}
