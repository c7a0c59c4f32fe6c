package dev.sluice.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies in nanoseconds, recorded wait-free from any thread into an HdrHistogram (3 significant
 * digits, so memory stays bounded however long the run). Values above an hour are clamped.
 */
public final class LatencyRecorder {

    static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(1, HIGHEST_NANOS, 3);
    private final Histogram total = new Histogram(1, HIGHEST_NANOS, 3);

    public void record(long nanos) {
        record(nanos, 1);
    }

    /** Records a value that stands for {@code weight} items (a 1-in-weight sample). */
    public void record(long nanos, int weight) {
        recorder.recordValueWithCount(Math.min(Math.max(nanos, 1), HIGHEST_NANOS), weight);
    }

    /** Everything recorded so far. */
    public synchronized Histogram cumulative() {
        total.add(recorder.getIntervalHistogram());
        return total.copy();
    }

    /**
     * What was recorded since the last interval was taken (or since the start), for an interval log.
     * It stays part of {@link #cumulative()}, so the log's intervals add up to the run's totals.
     */
    public synchronized Histogram nextInterval() {
        Histogram interval = recorder.getIntervalHistogram();
        total.add(interval);
        return interval;
    }
}
