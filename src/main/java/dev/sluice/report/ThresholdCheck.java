package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.profile.ThresholdSpec;
import java.util.ArrayList;
import java.util.List;

/** Checks a profile's thresholds against a variant's result, by the same paths result.json uses. */
public final class ThresholdCheck {

    private ThresholdCheck() {
    }

    public static List<ThresholdResult> check(List<ThresholdSpec> rules, VariantResult variant) {
        if (rules.isEmpty()) {
            return List.of();
        }
        JsonNode tree = JsonReport.tree(variant);
        List<ThresholdResult> results = new ArrayList<>();
        for (ThresholdSpec rule : rules) {
            Double value = derived(variant, rule.metric());
            if (value == null) {
                value = numberAt(tree, rule.metric());
            }
            results.add(new ThresholdResult(rule.toString(), value, value != null && rule.holds(value)));
        }
        return results;
    }

    /** Checks rules whose metrics are plain paths into a result's JSON (a soak's result.json). */
    public static List<ThresholdResult> check(List<ThresholdSpec> rules, JsonNode tree) {
        List<ThresholdResult> results = new ArrayList<>();
        for (ThresholdSpec rule : rules) {
            Double value = numberAt(tree, rule.metric());
            results.add(new ThresholdResult(rule.toString(), value, value != null && rule.holds(value)));
        }
        return results;
    }

    /** Metrics computed from the result rather than read from it: the error rate, stage rates, a crawl's rate and checks. */
    private static Double derived(VariantResult v, String metric) {
        if (metric.equals("crawl.pagesPerMinute") && v.crawl() != null) {
            return v.wallSeconds() > 0 ? v.crawl().pages() * 60 / v.wallSeconds() : 0.0;
        }
        if (metric.equals("crawl.serverChecksFailed") && v.crawl() != null) {
            return (double) v.crawl().serverChecks().stream().filter(c -> !c.passed()).count();
        }
        if (metric.equals("errorRate")) {
            return v.items().emitted() == 0 ? 0.0 : (double) v.items().failed() / v.items().emitted();
        }
        if (metric.startsWith("stages.") && metric.endsWith(".rate")) {
            String stage = metric.substring("stages.".length(), metric.length() - ".rate".length());
            return v.stages().stream().filter(s -> s.name().equals(stage)).findFirst()
                    .map(s -> v.wallSeconds() > 0 ? s.count() / v.wallSeconds() : 0.0).orElse(null);
        }
        return null;
    }

    /** The number at a metric's path; null when there is none. */
    private static Double numberAt(JsonNode tree, String metric) {
        JsonNode node = resolve(tree, metric);
        return node == null || !node.isNumber() ? null : node.asDouble();
    }

    /** {@code items.failed}, {@code stages.NAME.serviceMs.p99}: stages are found by name. */
    static JsonNode resolve(JsonNode root, String metric) {
        JsonNode node = root;
        String[] parts = metric.split("\\.");
        for (int i = 0; i < parts.length && node != null; i++) {
            if (node.isArray()) {
                JsonNode found = null;
                for (JsonNode element : node) {
                    if (parts[i].equals(element.path("name").asText())) {
                        found = element;
                    }
                }
                node = found;
            } else {
                node = node.get(parts[i]);
            }
        }
        return node;
    }
}
