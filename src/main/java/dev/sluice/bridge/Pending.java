package dev.sluice.bridge;

import org.jspecify.annotations.Nullable;

/** One item on its way through the pool: its id, its value, who wants the answer, and its tries. */
final class Pending {

    final long id;
    final Object value;
    final ProcessPool.Callback callback;
    /** Times a worker died while it held this item alone. Guarded by the pool. */
    int crashes;
    /** Back from a worker that died: it is tried alone from now on. Guarded by the pool. */
    boolean suspect;
    /** The worker holding it, or null while it waits. Guarded by the pool. */
    @Nullable WorkerProcess worker;
    volatile boolean cancelled;

    Pending(long id, Object value, ProcessPool.Callback callback) {
        this.id = id;
        this.value = value;
        this.callback = callback;
    }
}
