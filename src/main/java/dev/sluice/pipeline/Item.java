package dev.sluice.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * A work item on its way through the pipeline. Owned by one stage at a time (Reactor's signals give
 * the happens-before between owners), so its fields are plain: a stage replaces {@link #value} and
 * marks whether (and with what weight) the next stage should time it.
 */
final class Item {

    @Nullable Object value;
    /**
     * How many items this one stands for in the next stage's latency histograms: 0 when that stage
     * does not time it (then {@link #readyNanos} is unset), else the sampling interval in force.
     */
    int weight;
    /** When the item became ready for its next stage (monotonic nanoseconds). */
    long readyNanos;
    /** When the load model meant it to start (open model only; 0 otherwise). */
    long intendedNanos;

    Item(Object value) {
        this.value = value;
    }
}
