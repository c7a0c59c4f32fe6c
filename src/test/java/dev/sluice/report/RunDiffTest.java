package dev.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Two runs compared figure by figure: which way is better depends on the figure; noise is not judged. */
class RunDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode result(String variants) throws Exception {
        return JSON.readTree("{\"profile\": \"p\", \"variants\": [" + variants.replace('\'', '"') + "]}");
    }

    private static RunDiff.Row row(RunDiff diff, String variant, String figure) {
        return diff.rows().stream().filter(r -> r.variant().equals(variant) && r.figure().equals(figure)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + variant + " / " + figure + " in " + diff.rows()));
    }

    @Test
    void judgesEachFigureByTheWayItShouldGo() throws Exception {
        JsonNode before = result("""
                {'label': 'a', 'wallSeconds': 2.0, 'itemsPerSecond': 100, 'items': {'ok': 200, 'failed': 0, 'dropped': 0},
                 'cpuSeconds': 1.00, 'stages': [{'name': 'fetch', 'errors': 0, 'serviceMs': {'p50': 10.0, 'p99': 50.0}}],
                 'thresholds': [{'expr': 'x', 'passed': true}]},
                {'label': 'gone', 'wallSeconds': 1.0}""");
        JsonNode after = result("""
                {'label': 'a', 'wallSeconds': 1.0, 'itemsPerSecond': 200, 'items': {'ok': 200, 'failed': 5, 'dropped': 0},
                 'cpuSeconds': 1.01, 'stages': [{'name': 'fetch', 'errors': 5, 'serviceMs': {'p50': 10.1, 'p99': 80.0}}],
                 'thresholds': [{'expr': 'x', 'passed': false}]},
                {'label': 'new', 'wallSeconds': 1.0}""");
        RunDiff diff = RunDiff.of(before, after);
        assertThat(row(diff, "a", "wall s").judgement()).isEqualTo("better");
        assertThat(row(diff, "a", "wall s").change()).isEqualTo(-0.5);
        assertThat(row(diff, "a", "items/s").judgement()).isEqualTo("better");
        assertThat(row(diff, "a", "items failed").judgement()).as("0 -> 5").isEqualTo("worse");
        assertThat(row(diff, "a", "items failed").change()).as("no ratio from 0").isNull();
        assertThat(row(diff, "a", "items ok").judgement()).isEmpty();
        assertThat(row(diff, "a", "cpu s").judgement()).as("1% is noise").isEmpty();
        assertThat(row(diff, "a", "fetch p50 ms").judgement()).isEmpty();
        assertThat(row(diff, "a", "fetch p99 ms").judgement()).isEqualTo("worse");
        assertThat(row(diff, "a", "thresholds failed").judgement()).isEqualTo("worse");
        assertThat(diff.rows()).noneMatch(r -> r.figure().startsWith("latency")).as("absent on both sides");
        assertThat(diff.onlyBefore()).containsExactly("gone");
        assertThat(diff.onlyAfter()).containsExactly("new");

        StringWriter text = new StringWriter();
        ConsoleDiff.print(diff, "run-1", "run-2", new PrintWriter(text, true));
        assertThat(text.toString()).contains("before: run-1", "wall s", "-50.0%  better", "only before: gone",
                "only after: new", "2 figure(s) better, 4 worse");
    }
}
