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
        assertThat(ThresholdSpec.parse(text)).isEqualTo(new ThresholdSpec(metric, comparison, limit));
    }

    @Test
    void printsTheRuleAsWritten() {
        assertThat(ThresholdSpec.parse("wallSeconds<=1.5e2")).hasToString("wallSeconds <= 150");
        assertThat(ThresholdSpec.parse("itemsPerSecond >= 10.5")).hasToString("itemsPerSecond >= 10.5");
    }

    @Test
    void checksAMeasuredValueAgainstTheLimit() {
        assertThat(ThresholdSpec.parse("items.failed == 0").holds(0)).isTrue();
        assertThat(ThresholdSpec.parse("items.failed == 0").holds(1)).isFalse();
        assertThat(ThresholdSpec.parse("wallSeconds < 2").holds(2)).isFalse();
        assertThat(ThresholdSpec.parse("wallSeconds <= 2").holds(2)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"items.failed = 0", "items.failed == abc", "== 0", "items.failed", "items.failed =< 1"})
    void rejectsMalformedRules(String text) {
        assertThatThrownBy(() -> ThresholdSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a threshold like 'items.failed == 0' or 'stages.NAME.serviceMs.p99 < 250'"
                        + " (METRIC OP NUMBER with OP one of < <= > >= == !=), but was '" + text + "'");
    }

    @Test
    void readsRulesFromTheProfile() {
        Profile profile = parse(ONE_STAGE + """
                thresholds:
                  - items.failed == 0
                  - "stages.square.serviceMs.p99 < 250"
                """);
        assertThat(profile.thresholds()).containsExactly(
                new ThresholdSpec("items.failed", Comparison.EQ, 0),
                new ThresholdSpec("stages.square.serviceMs.p99", Comparison.LT, 250));
    }

    @Test
    void reportsMalformedRuleAtItsLine() {
        assertThat(error(withThreshold("items.failed = 0")))
                .isEqualTo("test.yaml:9:5: thresholds[0]: expected a threshold like 'items.failed == 0' or"
                        + " 'stages.NAME.serviceMs.p99 < 250' (METRIC OP NUMBER with OP one of < <= > >= == !=),"
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
                        + " items.emitted, items.ok, items.failed, items.dropped, latencyMs.p50, latencyMs.p90, latencyMs.p99,"
                        + " latencyMs.p999, latencyMs.max, latencyMs.mean, load.achievedRate, load.droppedOverMaxInFlight"
                        + " (stage metrics are stages.NAME.serviceMs.p99 and the like)");
    }
}
