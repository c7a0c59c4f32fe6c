package dev.sluice.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which items a stage times (a random sample, so periodic patterns in the items cannot bias it). At first every item is timed; once the stage's mean service
 * time is known, a stage much faster than the two clock reads of a measurement is timed on a random
 * 1-in-N sample (N a power of two), so measuring does not become the work. A sampled item is recorded
 * with weight N, so the early, fully timed items do not outweigh the later ones. Counts stay exact;
 * only the latency histograms are sampled, and the report says by how much.
 */
public final class Sampler {

    /** Items timed before the sampling rate is chosen. */
    static final int CALIBRATION_ITEMS = 2048;
    /** A measurement should cost at most about this share of the stage's own time. */
    private static final double TARGET_OVERHEAD = 0.02;
    /** Assumed cost of one timed measurement (two clock reads and two histogram writes), in ns. */
    private static final double MEASUREMENT_NANOS = 60;
    private static final int MAX_INTERVAL = 1024;

    private volatile int mask;
    /** xorshift state; only touched from the serialized point that feeds the stage. */
    private int random;
    private volatile boolean calibrated;
    private final AtomicLong calibrationCount = new AtomicLong();
    private final AtomicLong calibrationNanos = new AtomicLong();

    Sampler(int seed) {
        this.random = seed | 1;
    }

    public Sampler() {
        this(0x9E3779B9);
    }

    /**
     * Whether the next item is timed: 0 when it is not, otherwise the number of items it stands for
     * (the sampling interval in force), which is its weight in the histograms. Called only where items
     * are handed to the stage one at a time (a serialized point of the Reactor chain), so a plain
     * xorshift field is enough.
     */
    public int sampleNext() {
        int m = mask;
        if (m == 0) {
            return 1;
        }
        int x = random;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        random = x;
        return (x & m) == 0 ? m + 1 : 0;
    }

    /** Feeds a measured service time to the calibration. Any thread. */
    public void observe(long serviceNanos) {
        if (calibrated) {
            return;
        }
        long sum = calibrationNanos.addAndGet(serviceNanos);
        long n = calibrationCount.incrementAndGet();
        if (n == CALIBRATION_ITEMS) {
            double mean = (double) sum / n;
            double wanted = MEASUREMENT_NANOS / (TARGET_OVERHEAD * Math.max(mean, 1));
            int interval = wanted <= 1 ? 1 : Math.min(MAX_INTERVAL, Integer.highestOneBit((int) Math.ceil(wanted)) << 1);
            mask = interval - 1;
            calibrated = true;
        }
    }

    /** One item in how many is timed (1 = every item). */
    public int interval() {
        return mask + 1;
    }
}
