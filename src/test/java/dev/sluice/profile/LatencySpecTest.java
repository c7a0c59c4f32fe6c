package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.sluice.profile.LatencySpec.Percentiles.Point;
import dev.sluice.testserver.SeededRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Latency forms sampled from seeded uniform draws: their empirical shape and their constructor rules. */
class LatencySpecTest {

    private static final int DRAWS = 100_000;

    private static long[] draw(LatencySpec spec) {
        long[] out = new long[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            out[i] = spec.sampleNanos(SeededRandom.unit(2024, 1, i));
        }
        return out;
    }

    private static long[] sorted(LatencySpec spec) {
        long[] out = draw(spec);
        Arrays.sort(out);
        return out;
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
    }

    private static double mean(long[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }

    private static double stddev(long[] xs) {
        double mean = mean(xs);
        double sum = 0;
        for (long x : xs) {
            sum += (x - mean) * (x - mean);
        }
        return Math.sqrt(sum / (xs.length - 1));
    }

    private static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    @Test
    void noneIsAlwaysZero() {
        assertThat(draw(new LatencySpec.None())).containsOnly(0L);
    }

    @Test
    void fixedIsAlwaysExactlyItsLatency() {
        assertThat(draw(new LatencySpec.Fixed(Duration.ofMillis(25)))).containsOnly(ms(25));
    }

    @Test
    void uniformSpansMinToMaxWithTheMidpointAsMean() {
        long[] xs = sorted(new LatencySpec.Uniform(Duration.ofMillis(10), Duration.ofMillis(30)));
        assertThat(xs[0]).isGreaterThanOrEqualTo(ms(10)).isCloseTo(ms(10), withinPercentage(2));
        assertThat(xs[DRAWS - 1]).isLessThanOrEqualTo(ms(30)).isCloseTo(ms(30), withinPercentage(2));
        assertThat(mean(xs)).isCloseTo(ms(20), withinPercentage(2));
    }

    @Test
    void normalHasItsMeanAndStddev() {
        long[] xs = draw(new LatencySpec.Normal(Duration.ofMillis(100), Duration.ofMillis(20)));
        assertThat(mean(xs)).isCloseTo(ms(100), withinPercentage(3));
        assertThat(stddev(xs)).isCloseTo(ms(20), withinPercentage(3));
        assertThat(Arrays.stream(xs).min().orElseThrow()).isNotNegative();
    }

    @Test
    void normalIsCutAtZeroNeverNegative() {
        long[] xs = draw(new LatencySpec.Normal(Duration.ofMillis(5), Duration.ofMillis(20)));
        assertThat(Arrays.stream(xs).min().orElseThrow()).isZero();
    }

    @Test
    void logNormalHasItsMedianAndP99() {
        long[] xs = sorted(new LatencySpec.LogNormal(Duration.ofMillis(50), Duration.ofMillis(400)));
        assertThat(percentile(xs, 50)).isCloseTo(ms(50), withinPercentage(5));
        assertThat(percentile(xs, 99)).isCloseTo(ms(400), withinPercentage(5));
        assertThat(xs[0]).isPositive();
    }

    @Test
    void logNormalWithP99AtTheMedianIsFixed() {
        assertThat(draw(new LatencySpec.LogNormal(Duration.ofMillis(50), Duration.ofMillis(50)))).containsOnly(ms(50));
    }

    @Test
    void percentilesMatchTheirTablePoints() {
        long[] xs = sorted(table());
        assertThat(percentile(xs, 50)).isCloseTo(ms(10), withinPercentage(3));
        assertThat(percentile(xs, 90)).isCloseTo(ms(30), withinPercentage(3));
        assertThat(percentile(xs, 99)).isCloseTo(ms(100), withinPercentage(3));
        assertThat(xs[DRAWS - 1]).isLessThanOrEqualTo(ms(250));
    }

    @Test
    void percentilesInterpolateMonotonicallyFromZero() {
        LatencySpec spec = table();
        assertThat(spec.sampleNanos(0)).isZero();
        assertThat(spec.sampleNanos(0.25)).isEqualTo(ms(5));
        assertThat(spec.sampleNanos(0.70)).isEqualTo(ms(20));
        long previous = -1;
        for (int i = 0; i < 10_000; i++) {
            long x = spec.sampleNanos(i / 10_000.0);
            assertThat(x).isGreaterThanOrEqualTo(previous);
            previous = x;
        }
        assertThat(spec.sampleNanos(Math.nextDown(1.0))).isCloseTo(ms(250), within(ms(0.001)));
    }

    @Test
    void percentilesBeyondTheLastPointHoldItsLatency() {
        LatencySpec spec = new LatencySpec.Percentiles(List.of(new Point(50, Duration.ofMillis(10))));
        assertThat(spec.sampleNanos(0.75)).isEqualTo(ms(10));
    }

    @Test
    void standardNormalQuantileHasKnownValues() {
        assertThat(StandardNormal.quantile(0.5)).isZero();
        assertThat(StandardNormal.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(StandardNormal.quantile(0.99)).isCloseTo(2.326348, within(1e-6));
        assertThat(StandardNormal.quantile(0.01)).isCloseTo(-2.326348, within(1e-6));
        assertThat(StandardNormal.quantile(0.8413447460685429)).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void standardNormalQuantileIsSymmetric() {
        for (double p = 0.0005; p < 0.5; p += 0.0005) {
            assertThat(StandardNormal.quantile(p)).as("p %s", p).isCloseTo(-StandardNormal.quantile(1 - p), within(1e-9));
        }
    }

    @Test
    void standardNormalQuantileIsFiniteAtTheEnds() {
        assertThat(StandardNormal.quantile(0)).isFinite().isLessThan(-6);
        assertThat(StandardNormal.quantile(1)).isFinite().isGreaterThan(6);
        assertThat(StandardNormal.quantile(Math.nextDown(1.0))).isFinite();
    }

    @Test
    void uniformRejectsMaxBelowMin() {
        assertThatThrownBy(() -> new LatencySpec.Uniform(Duration.ofMillis(30), Duration.ofMillis(10)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("max"))
                .hasMessageContaining("must be >= min");
    }

    @Test
    void logNormalRejectsP99BelowMedian() {
        assertThatThrownBy(() -> new LatencySpec.LogNormal(Duration.ofMillis(50), Duration.ofMillis(40)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("p99"))
                .hasMessageContaining("must be >= median");
    }

    @Test
    void logNormalRejectsZeroMedian() {
        assertThatThrownBy(() -> new LatencySpec.LogNormal(Duration.ZERO, Duration.ofMillis(40)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("median"));
    }

    @Test
    void percentilesRejectFallingLatency() {
        assertThatThrownBy(() -> new LatencySpec.Percentiles(List.of(
                new Point(50, Duration.ofMillis(20)), new Point(90, Duration.ofMillis(10)))))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("percentiles"))
                .hasMessageContaining("must rise");
    }

    @Test
    void percentilesRejectPointsOutOfOrder() {
        assertThatThrownBy(() -> new LatencySpec.Percentiles(List.of(
                new Point(90, Duration.ofMillis(10)), new Point(50, Duration.ofMillis(20)))))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("percentiles"));
        assertThatThrownBy(() -> new LatencySpec.Percentiles(List.of(
                new Point(50, Duration.ofMillis(10)), new Point(50, Duration.ofMillis(20)))))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("percentiles"));
    }

    @Test
    void percentilesRejectAnEmptyTableAndPointsOutsideTheRange() {
        assertThatThrownBy(() -> new LatencySpec.Percentiles(List.of()))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("percentiles"));
        assertThatThrownBy(() -> new Point(0, Duration.ofMillis(1)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("percentiles"));
        assertThatThrownBy(() -> new Point(101, Duration.ofMillis(1)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("percentiles"));
    }

    @Test
    void negativeDurationsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new LatencySpec.Fixed(Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("latency"));
        assertThatThrownBy(() -> new LatencySpec.Normal(Duration.ofMillis(10), Duration.ofMillis(-1)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.field()).isEqualTo("stddev"));
    }

    private static LatencySpec table() {
        return new LatencySpec.Percentiles(List.of(
                new Point(50, Duration.ofMillis(10)),
                new Point(90, Duration.ofMillis(30)),
                new Point(99, Duration.ofMillis(100)),
                new Point(100, Duration.ofMillis(250))));
    }
}
