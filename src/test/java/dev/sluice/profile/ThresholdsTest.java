package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ThresholdSpec.Comparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pass/fail rules written {@code METRIC OP NUMBER}. */
class ThresholdsTest {

    private static String withThreshold(String rule) {
        return ONE_STAGE + "thresholds:\n  - " + rule + "\n";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "items.failed == 0              | items.failed            | EQ | 0",
        "' stages.a.serviceMs.p99 < 250 ' | stages.a.serviceMs.p99 | LT | 250",
        "wallSeconds<=1.5e2             | wallSeconds             | LE | 150",
        "itemsPerSecond >= 10.5         | itemsPerSecond          | GE | 10.5",
        "peakThreads > 4                | peakThreads             | GT | 4",
        "items.dropped != -3            | items.dropped           | NE | -3",
    })
    void parsesMetricComparisonAndLimit(String text, String metric, Comparison comparison, double limit) {
        ThresholdSpec spec = ThresholdSpec.parse(text);
        assertThat(spec.metric()).isEqualTo(metric);
        assertThat(spec.comparison()).isEqualTo(comparison);
        assertThat(spec.limit()).isEqualTo(limit);
    }

    @Test
    void printsTheRuleAsWritten() {
        assertThat(ThresholdSpec.parse("wallSeconds<=1.5e2")).hasToString("wallSeconds<=1.5e2");
        assertThat(ThresholdSpec.parse(" p99(fetch) < 250ms ")).hasToString("p99(fetch) < 250ms");
    }

    @Test
    void checksAMeasuredValueAgainstTheLimit() {
        assertThat(ThresholdSpec.parse("items.failed == 0").holds(0)).isTrue();
        assertThat(ThresholdSpec.parse("items.failed == 0").holds(1)).isFalse();
        assertThat(ThresholdSpec.parse("wallSeconds < 2").holds(2)).isFalse();
        assertThat(ThresholdSpec.parse("wallSeconds <= 2").holds(2)).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "p99(fetch) < 250ms  | stages.fetch.serviceMs.p99 | LT | 250",
        "p50(fetch) <= 2s    | stages.fetch.serviceMs.p50 | LE | 2000",
        "max(latency) < 1s   | latencyMs.max              | LT | 1000",
        "error-rate < 1%     | errorRate                  | LT | 0.01",
        "error-rate <= 0.05  | errorRate                  | LE | 0.05",
        "rate(fetch) >= 950/s | stages.fetch.rate         | GE | 950",
        "rate(fetch) > 60/m  | stages.fetch.rate          | GT | 1",
        "rate() > 5/s        | itemsPerSecond             | GT | 5",
    })
    void parsesTheShortForms(String text, String metric, Comparison comparison, double limit) {
        ThresholdSpec spec = ThresholdSpec.parse(text);
        assertThat(spec.metric()).isEqualTo(metric);
        assertThat(spec.comparison()).isEqualTo(comparison);
        assertThat(spec.limit()).isEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"items.failed = 0", "items.failed == abc", "== 0", "items.failed", "items.failed =< 1"})
    void rejectsMalformedRules(String text) {
        assertThatThrownBy(() -> ThresholdSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a threshold like 'p99(fetch) < 250ms', 'error-rate < 1%', 'rate(fetch) >= 950/s'"
                        + " or 'items.failed == 0' (OP one of < <= > >= == !=), but was '" + text + "'");
    }

    @Test
    void readsRulesFromTheProfile() {
        Profile profile = parse(ONE_STAGE + """
                thresholds:
                  - items.failed == 0
                  - "stages.square.serviceMs.p99 < 250"
                """);
        assertThat(profile.thresholds()).extracting(ThresholdSpec::metric)
                .containsExactly("items.failed", "stages.square.serviceMs.p99");
    }

    @Test
    void reportsMalformedRuleAtItsLine() {
        assertThat(error(withThreshold("items.failed = 0")))
                .isEqualTo("test.yaml:9:5: thresholds[0]: expected a threshold like 'p99(fetch) < 250ms',"
                        + " 'error-rate < 1%', 'rate(fetch) >= 950/s' or 'items.failed == 0' (OP one of < <= > >= == !=),"
                        + " but was 'items.failed = 0'");
    }

    @Test
    void rejectsUnknownMetricWithSuggestion() {
        assertThat(error(withThreshold("items.faild == 0")))
                .isEqualTo("test.yaml:9:5: thresholds[0]: unknown metric 'items.faild'; did you mean 'items.failed'?"
                        + " (stage metrics are stages.NAME.serviceMs.p99 and the like)");
    }

    @Test
    void rejectsUnknownStageInThresholdWithSuggestion() {
        assertThat(error(withThreshold("stages.sqare.count > 0")))
                .isEqualTo("test.yaml:9:5: thresholds[0]: no stage named 'sqare'; did you mean 'square'?");
    }

    @Test
    void rejectsUnknownStageMetricWithSuggestion() {
        assertThat(error(withThreshold("stages.square.servceMs.p99 < 250")))
                .isEqualTo("test.yaml:9:5: thresholds[0]: unknown stage metric 'servceMs.p99'; did you mean 'serviceMs.p99'?");
    }

    @Test
    void reportsTheIndexOfTheBadRule() {
        assertThat(error(ONE_STAGE + """
                thresholds:
                  - items.failed == 0
                  - items.ok >= 3
                  - peakHeap < 100
                """)).isEqualTo("test.yaml:11:5: thresholds[2]: unknown metric 'peakHeap';"
                        + " expected one of: wallSeconds, cpuSeconds, gcSeconds, itemsPerSecond, peakThreads, peakHeapBytes,"
                        + " errorRate, items.emitted, items.ok, items.failed, items.dropped, latencyMs.p50, latencyMs.p90, latencyMs.p99,"
                        + " latencyMs.p999, latencyMs.max, latencyMs.mean, load.achievedRate, load.droppedOverMaxInFlight,"
                        + " crawl.pages, crawl.pagesPerMinute, crawl.admitted, crawl.unfetched, crawl.retries, crawl.serverChecksFailed"
                        + " (stage metrics are stages.NAME.serviceMs.p99 and the like)");
    }
}
