package dev.sluice.pipeline;

import org.jspecify.annotations.Nullable;

/**
 * A work item on its way through the pipeline. Owned by one stage at a time (Reactor's signals give
 * the happens-before between owners), so its fields are plain: a stage replaces {@link #value} and
 * marks whether the next stage should time it.
 */
final class Item {

    @Nullable Object value;
    /** True when the stage the item is waiting for should time it; {@link #readyNanos} is then set. */
    boolean timed;
    /** When the item became ready for its next stage (monotonic nanoseconds). */
    long readyNanos;

    Item(Object value) {
        this.value = value;
    }
}
