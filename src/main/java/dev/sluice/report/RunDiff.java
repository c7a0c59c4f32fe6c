package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Two runs of a profile side by side (before and after a change), read from their {@code result.json}:
 * for each variant both have, the figures that matter with their change, judged better or worse by
 * which way is good for that figure. Changes within {@link #NOISE} are not judged.
 */
public record RunDiff(List<Row> rows, List<String> onlyBefore, List<String> onlyAfter) {

    /** A relative change below this is left unjudged: this machine's run-to-run spread. */
    static final double NOISE = 0.03;

    /** Which way a figure should go. */
    public enum Good { LOWER, HIGHER, EITHER }

    /**
     * One figure of one variant: {@code change} is after / before - 1 (null when either is missing or
     * before is 0); {@code judgement} is {@code better}, {@code worse} or empty.
     */
    public record Row(String variant, String figure, @Nullable Double before, @Nullable Double after,
            @Nullable Double change, String judgement) {
    }

    public RunDiff {
        rows = List.copyOf(rows);
        onlyBefore = List.copyOf(onlyBefore);
        onlyAfter = List.copyOf(onlyAfter);
    }

    /** The difference between two result.json trees, variants matched by label. */
    public static RunDiff of(JsonNode before, JsonNode after) {
        Map<String, JsonNode> was = byLabel(before);
        Map<String, JsonNode> now = byLabel(after);
        List<Row> rows = new ArrayList<>();
        List<String> onlyBefore = new ArrayList<>();
        List<String> onlyAfter = new ArrayList<>();
        was.forEach((label, b) -> {
            JsonNode a = now.get(label);
            if (a == null) {
                onlyBefore.add(label);
            } else {
                rows.addAll(compare(label, b, a));
            }
        });
        now.keySet().stream().filter(label -> !was.containsKey(label)).forEach(onlyAfter::add);
        return new RunDiff(rows, onlyBefore, onlyAfter);
    }

    private static Map<String, JsonNode> byLabel(JsonNode result) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        result.path("variants").forEach(v -> out.put(v.path("label").asText(), v));
        return out;
    }

    private static List<Row> compare(String label, JsonNode b, JsonNode a) {
        List<Row> rows = new ArrayList<>();
        add(rows, label, "wall s", b.path("wallSeconds"), a.path("wallSeconds"), Good.LOWER);
        add(rows, label, "items/s", b.path("itemsPerSecond"), a.path("itemsPerSecond"), Good.HIGHER);
        add(rows, label, "items ok", b.at("/items/ok"), a.at("/items/ok"), Good.HIGHER);
        add(rows, label, "items failed", b.at("/items/failed"), a.at("/items/failed"), Good.LOWER);
        add(rows, label, "items dropped", b.at("/items/dropped"), a.at("/items/dropped"), Good.LOWER);
        add(rows, label, "cpu s", b.path("cpuSeconds"), a.path("cpuSeconds"), Good.LOWER);
        add(rows, label, "latency p50 ms", b.at("/latencyMs/p50"), a.at("/latencyMs/p50"), Good.LOWER);
        add(rows, label, "latency p99 ms", b.at("/latencyMs/p99"), a.at("/latencyMs/p99"), Good.LOWER);
        Map<String, JsonNode> stagesBefore = new LinkedHashMap<>();
        b.path("stages").forEach(s -> stagesBefore.put(s.path("name").asText(), s));
        for (JsonNode s : a.path("stages")) {
            JsonNode was = stagesBefore.get(s.path("name").asText());
            if (was != null) {
                String name = s.path("name").asText();
                add(rows, label, name + " p50 ms", was.at("/serviceMs/p50"), s.at("/serviceMs/p50"), Good.LOWER);
                add(rows, label, name + " p99 ms", was.at("/serviceMs/p99"), s.at("/serviceMs/p99"), Good.LOWER);
                add(rows, label, name + " errors", was.path("errors"), s.path("errors"), Good.LOWER);
            }
        }
        add(rows, label, "peak threads", b.path("peakThreads"), a.path("peakThreads"), Good.LOWER);
        add(rows, label, "peak heap MB", mb(b.path("peakHeapBytes")), mb(a.path("peakHeapBytes")), Good.LOWER);
        add(rows, label, "thresholds failed", failedThresholds(b), failedThresholds(a), Good.LOWER);
        return rows;
    }

    private static @Nullable Double mb(JsonNode bytes) {
        return bytes.isNumber() ? Math.round(bytes.asDouble() / (1 << 20) * 10) / 10.0 : null;
    }

    private static @Nullable Double failedThresholds(JsonNode variant) {
        JsonNode thresholds = variant.path("thresholds");
        if (!thresholds.isArray() || thresholds.isEmpty()) {
            return null;
        }
        double failed = 0;
        for (JsonNode t : thresholds) {
            failed += t.path("passed").asBoolean(true) ? 0 : 1;
        }
        return failed;
    }

    private static void add(List<Row> rows, String variant, String figure, JsonNode before, JsonNode after, Good good) {
        add(rows, variant, figure, before.isNumber() ? before.asDouble() : null,
                after.isNumber() ? after.asDouble() : null, good);
    }

    private static void add(List<Row> rows, String variant, String figure, @Nullable Double before,
            @Nullable Double after, Good good) {
        if (before == null && after == null) {
            return;
        }
        Double change = before == null || after == null || before == 0 ? null : after / before - 1;
        String judgement = "";
        if (before != null && after != null && good != Good.EITHER && !before.equals(after)
                && (change == null || Math.abs(change) >= NOISE)) {
            boolean up = after > before;
            judgement = up == (good == Good.HIGHER) ? "better" : "worse";
        }
        rows.add(new Row(variant, figure, before, after, change, judgement));
    }
}
