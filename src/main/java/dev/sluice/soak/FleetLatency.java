package dev.sluice.soak;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Response latencies in microseconds. Recorded from the event loops without locks (HdrHistogram's
 * {@link Recorder} is wait-free for writers); {@link #interval()} swaps in a fresh histogram and
 * returns what was recorded since the last call. Values above one hour are clamped to one hour.
 */
final class FleetLatency {

    static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);

    void record(long nanos) {
        recorder.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos))));
    }

    /** What was recorded since the last call; a new histogram the caller owns. */
    Histogram interval() {
        return recorder.getIntervalHistogram();
    }
}
