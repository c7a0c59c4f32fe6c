package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How long a test-server route waits before answering. Each form draws a latency from a uniform
 * number {@code u} in [0, 1) through its inverse distribution, so the same seeded numbers give the
 * same latencies.
 */
public sealed interface LatencySpec {

    /** The latency for the uniform draw {@code u} (0 <= u < 1), in nanoseconds, never negative. */
    long sampleNanos(double u);

    /** No added latency. */
    record None() implements LatencySpec {
        @Override
        public long sampleNanos(double u) {
            return 0;
        }
    }

    /** Always the same latency. */
    record Fixed(Duration latency) implements LatencySpec {
        public Fixed {
            InvalidSpecException.notNegative("latency", requireNonNull(latency, "latency"));
        }

        @Override
        public long sampleNanos(double u) {
            return latency.toNanos();
        }
    }

    /** Evenly spread between min and max. */
    record Uniform(Duration min, Duration max) implements LatencySpec {
        public Uniform {
            InvalidSpecException.notNegative("min", requireNonNull(min, "min"));
            if (max.compareTo(min) < 0) {
                throw new InvalidSpecException("max", "must be >= min (" + Units.format(min) + "), but was "
                        + Units.format(max));
            }
        }

        @Override
        public long sampleNanos(double u) {
            return min.toNanos() + Math.round(u * (max.toNanos() - min.toNanos()));
        }
    }

    /** A normal distribution, cut at zero. */
    record Normal(Duration mean, Duration stddev) implements LatencySpec {
        public Normal {
            InvalidSpecException.notNegative("mean", requireNonNull(mean, "mean"));
            InvalidSpecException.notNegative("stddev", requireNonNull(stddev, "stddev"));
        }

        @Override
        public long sampleNanos(double u) {
            return Math.max(0, Math.round(mean.toNanos() + stddev.toNanos() * StandardNormal.quantile(u)));
        }
    }

    /** A lognormal distribution given by its median and 99th percentile (p99 >= median). */
    record LogNormal(Duration median, Duration p99) implements LatencySpec {
        public LogNormal {
            InvalidSpecException.positive("median", requireNonNull(median, "median").toNanos());
            if (p99.compareTo(median) < 0) {
                throw new InvalidSpecException("p99", "must be >= median (" + Units.format(median) + "), but was "
                        + Units.format(p99));
            }
        }

        @Override
        public long sampleNanos(double u) {
            double mu = Math.log(median.toNanos());
            double sigma = (Math.log(p99.toNanos()) - mu) / StandardNormal.quantile(0.99);
            return Math.round(Math.exp(mu + sigma * StandardNormal.quantile(u)));
        }
    }

    /**
     * A table of percentiles, e.g. p50 10ms, p90 30ms, p99 100ms, p100 250ms; latencies between two
     * points are interpolated linearly, below the first point they rise from zero.
     */
    record Percentiles(List<Point> points) implements LatencySpec {
        public Percentiles {
            points = List.copyOf(points);
            if (points.isEmpty()) {
                throw new InvalidSpecException("percentiles", "needs at least one point, e.g. {p50: 10ms, p99: 80ms}");
            }
            for (int i = 1; i < points.size(); i++) {
                Point a = points.get(i - 1);
                Point b = points.get(i);
                if (b.percentile() <= a.percentile() || b.latency().compareTo(a.latency()) < 0) {
                    throw new InvalidSpecException("percentiles", "must rise: p" + fmt(b.percentile()) + " "
                            + Units.format(b.latency()) + " comes after p" + fmt(a.percentile()) + " "
                            + Units.format(a.latency()));
                }
            }
        }

        @Override
        public long sampleNanos(double u) {
            double p = u * 100;
            double lowP = 0;
            long lowL = 0;
            for (Point point : points) {
                long l = point.latency().toNanos();
                if (p <= point.percentile()) {
                    double f = (p - lowP) / (point.percentile() - lowP);
                    return Math.round(lowL + f * (l - lowL));
                }
                lowP = point.percentile();
                lowL = l;
            }
            return lowL;
        }

        private static String fmt(double p) {
            return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
        }

        /** One point of the table: {@code percentile} in (0, 100]. */
        public record Point(double percentile, Duration latency) {
            public Point {
                if (!(percentile > 0 && percentile <= 100)) {
                    throw new InvalidSpecException("percentiles", "points must lie in (0, 100], but one was " + percentile);
                }
                InvalidSpecException.notNegative("percentiles", requireNonNull(latency, "latency"));
            }
        }
    }
}
