package dev.sluice.metrics;

/** A monotonic nanosecond clock. Every time measurement in sluice reads one, so tests can supply their own. */
@FunctionalInterface
public interface Clock {

    long nanos();

    /** {@link System#nanoTime()}: for intervals, never for dates. */
    static Clock monotonic() {
        return System::nanoTime;
    }
}
