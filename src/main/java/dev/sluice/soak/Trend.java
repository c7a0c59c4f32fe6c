package dev.sluice.soak;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The straight-line trend of a series y over x (seconds): slope, intercept, the fitted rise over the span
 * and R², by least squares or by the robust Theil–Sen estimator. Pure functions; NaN values of y are
 * missing windows and are left out.
 *
 * <p>Soak series are noisy in ways least squares handles badly: heap after GC saw-tooths between mixed
 * collections, a reconnect storm or a full GC puts one window far off, and an outlier near either end of
 * the series has the most leverage on a least-squares slope. Theil–Sen takes the median of the slopes
 * between all pairs of points, so up to about 29% of the points can be arbitrarily wrong before the slope
 * follows them; on clean linear data it is as good as least squares. The verdicts use it. Least squares
 * stays for comparison and for series known to be clean.
 *
 * <p>Theil–Sen looks at n(n-1)/2 pairs: 4 million for 8 hours of 10-second windows. Above
 * {@link #MAX_PAIRS} pairs it takes the median over that many pairs drawn at random with a fixed seed (the
 * randomised Theil–Sen estimator), so the answer is the same on every run and costs a few milliseconds.
 */
public final class Trend {

    /** Above this many pairs, Theil–Sen uses this many pairs drawn with a fixed seed. */
    public static final int MAX_PAIRS = 200_000;

    private static final long SEED = 0x5eed_5a1ce_0008L;

    /**
     * A fitted line y = intercept + slope·x over the points used.
     *
     * @param slope y units per x unit (per second when x is seconds)
     * @param intercept y at x = 0
     * @param rSquared 1 − residual / total sum of squares about the mean; NaN when y does not vary at all;
     *        below 0 when the line fits worse than the mean (possible for Theil–Sen)
     * @param rise slope × span: how much the line rises from the first x to the last
     * @param span last x − first x
     * @param points how many points were used (NaN values of y left out)
     */
    public record Fit(double slope, double intercept, double rSquared, double rise, double span, int points) {

        /** The line's value at x. */
        public double at(double x) {
            return intercept + slope * x;
        }
    }

    private Trend() {
    }

    /** Ordinary least squares. */
    public static Fit leastSquares(double[] x, double[] y) {
        Points p = Points.of(x, y);
        double mx = mean(p.x);
        double my = mean(p.y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < p.n; i++) {
            sxy += (p.x[i] - mx) * (p.y[i] - my);
            sxx += (p.x[i] - mx) * (p.x[i] - mx);
        }
        double slope = sxy / sxx;
        return p.fit(slope, my - slope * mx);
    }

    /** Theil–Sen: the median of pairwise slopes, the intercept the median of y − slope·x. */
    public static Fit theilSen(double[] x, double[] y) {
        Points p = Points.of(x, y);
        long pairs = (long) p.n * (p.n - 1) / 2;
        double[] slopes;
        int count = 0;
        if (pairs <= MAX_PAIRS) {
            slopes = new double[(int) pairs];
            for (int i = 0; i < p.n; i++) {
                for (int j = i + 1; j < p.n; j++) {
                    if (p.x[j] != p.x[i]) {
                        slopes[count++] = (p.y[j] - p.y[i]) / (p.x[j] - p.x[i]);
                    }
                }
            }
        } else {
            slopes = new double[MAX_PAIRS];
            SplittableRandom random = new SplittableRandom(SEED);
            while (count < MAX_PAIRS) {
                int i = random.nextInt(p.n);
                int j = random.nextInt(p.n);
                if (p.x[j] != p.x[i]) {
                    slopes[count++] = (p.y[j] - p.y[i]) / (p.x[j] - p.x[i]);
                }
            }
        }
        double slope = median(slopes, count);
        double[] offsets = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            offsets[i] = p.y[i] - slope * p.x[i];
        }
        return p.fit(slope, median(offsets, p.n));
    }

    /** The median of the first {@code count} values (sorted in place); NaN when there are none. */
    static double median(double[] values, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, count);
        int mid = count / 2;
        return count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** The median of the values that are not NaN; NaN when all are. The array is not changed. */
    static double median(double[] values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        return median(known, known.length);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The points with a known y. */
    private record Points(double[] x, double[] y, int n) {

        static Points of(double[] x, double[] y) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y must have the same length, but x has " + x.length
                        + " values and y " + y.length);
            }
            double[] px = new double[x.length];
            double[] py = new double[y.length];
            int n = 0;
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i])) {
                    throw new IllegalArgumentException("x must be finite, but x[" + i + "] was " + x[i]);
                }
                if (Double.isInfinite(y[i])) {
                    throw new IllegalArgumentException("y must be finite or NaN (missing), but y[" + i + "] was " + y[i]);
                }
                if (!Double.isNaN(y[i])) {
                    px[n] = x[i];
                    py[n] = y[i];
                    n++;
                }
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                min = Math.min(min, px[i]);
                max = Math.max(max, px[i]);
            }
            if (n < 2 || min == max) {
                throw new IllegalArgumentException("a trend needs at least 2 points with a known y at different x, but there were "
                        + n + (n >= 2 ? " all at x = " + min : ""));
            }
            return new Points(Arrays.copyOf(px, n), Arrays.copyOf(py, n), n);
        }

        Fit fit(double slope, double intercept) {
            double my = mean(y);
            double residual = 0;
            double total = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double e = y[i] - (intercept + slope * x[i]);
                residual += e * e;
                total += (y[i] - my) * (y[i] - my);
                min = Math.min(min, x[i]);
                max = Math.max(max, x[i]);
            }
            double r2 = total == 0 ? Double.NaN : 1 - residual / total;
            return new Fit(slope, intercept, r2, slope * (max - min), max - min, n);
        }
    }
}
