package dev.sluice.pipeline;

import org.reactivestreams.Publisher;

/**
 * What a stage does to one item's value. Written once per stage kind and independent of how the
 * pipeline is assembled: a {@link Sync} function runs on a thread of the stage's scheduler (and may
 * block it), an {@link Async} one returns a Reactive Streams publisher and holds no thread while waiting.
 */
public sealed interface StageLogic {

    /** Runs on the stage's scheduler thread and returns the item's new value. May block that thread. */
    @FunctionalInterface
    non-sealed interface Sync extends StageLogic {
        Object apply(Object value) throws Exception;
    }

    /** Returns a publisher of the item's new value (one value; an empty publisher drops nothing, it fails). */
    @FunctionalInterface
    non-sealed interface Async extends StageLogic {
        Publisher<?> apply(Object value);
    }
}
