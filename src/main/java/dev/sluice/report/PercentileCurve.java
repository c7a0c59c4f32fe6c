package dev.sluice.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A latency distribution as points (percentile, ms), from the median out to the maximum, with the tail
 * spelt out (99, 99.9, 99.99, ...): what a percentile curve chart draws. Empty when nothing was timed.
 */
public record PercentileCurve(List<Double> percentiles, List<Double> ms) {

    /** The percentiles every curve gives; 100 is the maximum. */
    static final double[] POINTS = {0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 95, 97.5, 99, 99.5, 99.9, 99.95,
        99.99, 99.999, 100};

    public PercentileCurve {
        percentiles = List.copyOf(percentiles);
        ms = List.copyOf(ms);
        if (percentiles.size() != ms.size()) {
            throw new IllegalArgumentException("a curve needs as many values as percentiles: " + percentiles.size()
                    + " != " + ms.size());
        }
    }

    /** The curve of a histogram of nanoseconds. */
    public static PercentileCurve of(Histogram nanos) {
        List<Double> ps = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        if (nanos.getTotalCount() > 0) {
            for (double p : POINTS) {
                long v = p == 0 ? nanos.getMinValue() : p == 100 ? nanos.getMaxValue() : nanos.getValueAtPercentile(p);
                ps.add(p);
                values.add(Math.round(v / 1e3) / 1e3);
            }
        }
        return new PercentileCurve(ps, values);
    }
}
