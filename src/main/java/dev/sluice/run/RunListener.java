package dev.sluice.run;

import dev.sluice.metrics.PipelineMetrics;

/** Told about a run's progress about every {@link Runner#TICK}, on the thread that called {@link Runner#run}. */
@FunctionalInterface
public interface RunListener {

    RunListener NONE = (counts, total, elapsedNanos) -> { };

    void progress(PipelineMetrics.Counts counts, long totalItems, long elapsedNanos);

    /** A run is about to start: {@code metrics} fill in as it goes (for a metrics endpoint). */
    default void started(String label, PipelineMetrics metrics) {
    }
}
