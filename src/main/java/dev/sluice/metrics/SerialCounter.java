package dev.sluice.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter written by one thread at a time (a point in a Reactor chain where signals are serialized)
 * and read by any thread. Cheaper than an atomic on the hot path: a plain read and a release store.
 */
public final class SerialCounter {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SerialCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Adds one. Only from serialized signals (one thread at a time, with happens-before between them). */
    public void increment() {
        VALUE.setRelease(this, (long) VALUE.get(this) + 1);
    }

    public long get() {
        return (long) VALUE.getAcquire(this);
    }
}
