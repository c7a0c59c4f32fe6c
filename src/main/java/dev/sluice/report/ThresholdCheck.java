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
            JsonNode value = resolve(tree, rule.metric());
            if (value == null || !value.isNumber()) {
                results.add(new ThresholdResult(rule.toString(), null, false));
            } else {
                results.add(new ThresholdResult(rule.toString(), value.asDouble(), rule.holds(value.asDouble())));
            }
        }
        return results;
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
