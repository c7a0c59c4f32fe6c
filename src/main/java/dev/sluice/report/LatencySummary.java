package dev.sluice.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of one latency histogram, in milliseconds. {@code samples} is how many items were timed;
 * sampled items are weighted, so the percentiles stand for every item.
 */
public record LatencySummary(double p50, double p90, double p99, double p999, double max, double mean, long samples) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary of(Histogram nanos, long samples) {
        if (nanos.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                ms(nanos.getValueAtPercentile(50)),
                ms(nanos.getValueAtPercentile(90)),
                ms(nanos.getValueAtPercentile(99)),
                ms(nanos.getValueAtPercentile(99.9)),
                ms(nanos.getMaxValue()),
                round(nanos.getMean() / 1e6),
                samples);
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    /** Keeps results readable: 4 significant digits below 1 ms, microsecond resolution above. */
    private static double round(double ms) {
        if (ms == 0) {
            return 0;
        }
        double scale = ms >= 1 ? 1e3 : Math.pow(10, 3 - Math.floor(Math.log10(ms)));
        return Math.round(ms * scale) / scale;
    }
}
