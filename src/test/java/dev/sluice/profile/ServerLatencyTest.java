package dev.sluice.profile;

import static dev.sluice.profile.Loading.server;
import static dev.sluice.profile.Loading.serverError;
import static dev.sluice.profile.Loading.serverErrors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.LatencySpec.Percentiles.Point;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A route's {@code latency:}: a bare duration or exactly one distribution, with its mistakes at their place. */
class ServerLatencyTest {

    private static LatencySpec latency(String written) {
        return server("routes:\n  site:\n    latency: " + written + "\n").route("site").latency();
    }

    /** The one error for {@code latency: WRITTEN}, on line 3 of the file (column 14 is where WRITTEN starts). */
    private static String latencyError(String written) {
        return serverError("routes:\n  site:\n    latency: " + written + "\n");
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void routeWithoutLatencyHasNone() {
        assertThat(server("routes: {site: {error-rate: 0.1}}\n").route("site").latency()).isEqualTo(new LatencySpec.None());
    }

    @Test
    void readsABareDurationAsAFixedLatency() {
        assertThat(latency("5ms")).isEqualTo(new LatencySpec.Fixed(ms(5)));
        assertThat(latency("1m30s")).isEqualTo(new LatencySpec.Fixed(Duration.ofSeconds(90)));
        assertThat(latency("0")).isEqualTo(new LatencySpec.Fixed(Duration.ZERO));
    }

    @Test
    void readsUniform() {
        assertThat(latency("{uniform: {min: 1ms, max: 9ms}}")).isEqualTo(new LatencySpec.Uniform(ms(1), ms(9)));
    }

    @Test
    void readsNormal() {
        assertThat(latency("{normal: {mean: 5ms, stddev: 1ms}}")).isEqualTo(new LatencySpec.Normal(ms(5), ms(1)));
    }

    @Test
    void readsLognormal() {
        assertThat(latency("{lognormal: {median: 5ms, p99: 50ms}}")).isEqualTo(new LatencySpec.LogNormal(ms(5), ms(50)));
    }

    @Test
    void readsPercentiles() {
        assertThat(latency("{percentiles: {p50: 5ms, p90: 20ms, p99: 80ms, p100: 200ms}}"))
                .isEqualTo(new LatencySpec.Percentiles(List.of(new Point(50, ms(5)), new Point(90, ms(20)),
                        new Point(99, ms(80)), new Point(100, ms(200)))));
    }

    @Test
    void readsFractionalPercentiles() {
        assertThat(latency("{percentiles: {p99: 80ms, p99.9: 150ms, p99.99: 300ms}}"))
                .isEqualTo(new LatencySpec.Percentiles(List.of(new Point(99, ms(80)), new Point(99.9, ms(150)),
                        new Point(99.99, ms(300)))));
    }

    @Test
    void readsPercentilesInOrderOfPercentileNotAsWritten() {
        assertThat(latency("{percentiles: {p99: 80ms, p50: 5ms}}"))
                .isEqualTo(new LatencySpec.Percentiles(List.of(new Point(50, ms(5)), new Point(99, ms(80)))));
    }

    @Test
    void readsADistributionWrittenInBlockStyle() {
        assertThat(server("""
                routes:
                  api:
                    latency:
                      lognormal:
                        median: 2ms
                        p99: 30ms
                """).route("api").latency()).isEqualTo(new LatencySpec.LogNormal(ms(2), ms(30)));
    }

    // Mistakes

    @Test
    void rejectsMalformedBareDuration() {
        assertThat(latencyError("fast"))
                .isEqualTo("server.yaml:3:14: routes.site.latency: expected a duration such as 250ms, 2s, 1m or 1h30m,"
                        + " but was 'fast'");
    }

    @Test
    void rejectsAList() {
        assertThat(latencyError("[1ms, 2ms]"))
                .isEqualTo("server.yaml:3:14: routes.site.latency must be a duration such as 5ms, or a mapping with one"
                        + " of uniform, normal, lognormal, percentiles, but was a list");
    }

    @Test
    void rejectsAnEmptyMappingNamingTheForms() {
        assertThat(latencyError("{}"))
                .isEqualTo("server.yaml:3:14: routes.site.latency needs one of uniform, normal, lognormal, percentiles,"
                        + " e.g. {uniform: {min: 1ms, max: 9ms}}; or write a fixed latency such as 5ms");
    }

    @Test
    void rejectsTwoFormsAtTheSecond() {
        assertThat(latencyError("{uniform: {min: 1ms, max: 2ms}, normal: {mean: 1ms, stddev: 1ms}}"))
                .isEqualTo("server.yaml:3:46: routes.site.latency takes exactly one of uniform, normal, lognormal,"
                        + " percentiles, but has both uniform and normal");
    }

    @Test
    void rejectsAFormWithAHalfMissing() {
        assertThat(latencyError("{uniform: {min: 1ms}}"))
                .isEqualTo("server.yaml:3:24: routes.site.latency.uniform needs 'max'");
    }

    @Test
    void rejectsAFormWrittenAsADuration() {
        assertThat(latencyError("{normal: 5ms}"))
                .isEqualTo("server.yaml:3:23: routes.site.latency.normal must be a mapping (key: value lines), but was"
                        + " the value '5ms'");
    }

    @Test
    void rejectsMalformedDurationInAForm() {
        assertThat(latencyError("{normal: {mean: 5ms, stddev: lots}}"))
                .isEqualTo("server.yaml:3:43: routes.site.latency.normal.stddev: expected a duration such as 250ms, 2s,"
                        + " 1m or 1h30m, but was 'lots'");
    }

    @Test
    void rejectsUniformMaxBelowMinAtMax() {
        assertThat(latencyError("{uniform: {min: 9ms, max: 1ms}}"))
                .isEqualTo("server.yaml:3:40: routes.site.latency.uniform.max must be >= min (9ms), but was 1ms");
    }

    @Test
    void rejectsLognormalP99BelowMedianAtP99() {
        assertThat(latencyError("{lognormal: {median: 50ms, p99: 5ms}}"))
                .isEqualTo("server.yaml:3:46: routes.site.latency.lognormal.p99 must be >= median (50ms), but was 5ms");
    }

    @Test
    void rejectsZeroLognormalMedian() {
        assertThat(latencyError("{lognormal: {median: 0, p99: 5ms}}"))
                .isEqualTo("server.yaml:3:35: routes.site.latency.lognormal.median must be > 0, but was 0");
    }

    @Test
    void rejectsPercentileLatencyThatFallsAtThePointWhereItFalls() {
        assertThat(serverError("""
                routes:
                  site:
                    latency:
                      percentiles:
                        p50: 20ms
                        p90: 30ms
                        p99: 10ms
                """)).isEqualTo("server.yaml:7:9: routes.site.latency.percentiles must rise: p99 10ms comes after"
                        + " p90 30ms");
    }

    @Test
    void rejectsFallingLatencyWrittenOutOfOrderAtTheHigherPercentile() {
        assertThat(latencyError("{percentiles: {p99: 10ms, p50: 20ms}}"))
                .isEqualTo("server.yaml:3:29: routes.site.latency.percentiles must rise: p99 10ms comes after p50 20ms");
    }

    @Test
    void rejectsTheSamePercentileWrittenTwoWays() {
        assertThat(latencyError("{percentiles: {p50: 5ms, p50.0: 6ms}}"))
                .isEqualTo("server.yaml:3:39: routes.site.latency.percentiles must rise: p50 6ms comes after p50 5ms");
    }

    @Test
    void rejectsPercentileZeroAtItsKey() {
        assertThat(latencyError("{percentiles: {p0: 1ms, p50: 5ms}}"))
                .isEqualTo("server.yaml:3:29: routes.site.latency.percentiles points must lie in (0, 100],"
                        + " but one was 0.0");
    }

    @Test
    void rejectsPercentileAboveOneHundredAtItsKey() {
        assertThat(latencyError("{percentiles: {p50: 5ms, p101: 9ms}}"))
                .isEqualTo("server.yaml:3:39: routes.site.latency.percentiles points must lie in (0, 100],"
                        + " but one was 101.0");
    }

    @Test
    void rejectsKeyThatIsNotAPercentile() {
        assertThat(latencyError("{percentiles: {p50: 5ms, median: 9ms}}"))
                .isEqualTo("server.yaml:3:39: 'median' in 'routes.site.latency.percentiles' is not a percentile;"
                        + " write p50, p90, p99.9 and the like");
    }

    @Test
    void rejectsEmptyPercentiles() {
        assertThat(latencyError("{percentiles: {}}"))
                .isEqualTo("server.yaml:3:28: routes.site.latency.percentiles needs at least one point, e.g."
                        + " {p50: 10ms, p99: 80ms}");
    }

    @Test
    void reportsEveryBadPointAtOnce() {
        assertThat(serverErrors("routes: {site: {latency: {percentiles: {p50: x, pfifty: 1ms, p99: y}}}}\n"))
                .containsExactly(
                        "server.yaml:1:46: routes.site.latency.percentiles.p50: expected a duration such as 250ms, 2s,"
                                + " 1m or 1h30m, but was 'x'",
                        "server.yaml:1:49: 'pfifty' in 'routes.site.latency.percentiles' is not a percentile;"
                                + " write p50, p90, p99.9 and the like",
                        "server.yaml:1:67: routes.site.latency.percentiles.p99: expected a duration such as 250ms, 2s,"
                                + " 1m or 1h30m, but was 'y'");
    }
}
