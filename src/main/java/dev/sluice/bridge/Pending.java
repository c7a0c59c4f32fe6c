package dev.sluice.bridge;

import org.jspecify.annotations.Nullable;

/** One item on its way through the pool: its id, its value, who wants the answer, and its tries. */
final class Pending {

    final long id;
    final Object value;
    final ProcessPool.Callback callback;
    /** Times it was handed to a worker that died holding it. Guarded by the pool. */
    int crashes;
    /** The worker holding it, or null while it waits. Guarded by the pool. */
    @Nullable WorkerProcess worker;
    /** Whether its worker was killed for hanging on it. Guarded by the pool. */
    boolean timedOut;
    volatile boolean cancelled;

    Pending(long id, Object value, ProcessPool.Callback callback) {
        this.id = id;
        this.value = value;
        this.callback = callback;
    }
}
