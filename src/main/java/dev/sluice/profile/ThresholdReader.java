package dev.sluice.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a profile's {@code thresholds:} list; each rule's metric is checked by the kind of profile it is in. */
final class ThresholdReader {

    private ThresholdReader() {
    }

    /**
     * The rules under {@code thresholds}; a rule that does not parse, or whose metric {@code unknown} names a
     * problem for (null: known), is reported at its place and left out.
     */
    static List<ThresholdSpec> read(MappingReader top, Problems problems, Function<String, @Nullable String> unknown) {
        Optional<Node> node = top.node("thresholds");
        if (node.isEmpty()) {
            return List.of();
        }
        if (!(node.get() instanceof SequenceNode seq)) {
            problems.add(node.get(), "thresholds must be a list of rules such as - \"items.failed == 0\"");
            return List.of();
        }
        List<ThresholdSpec> thresholds = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String at = "thresholds[" + i + "]";
            top.scalarText(item, at).ifPresent(text -> {
                try {
                    ThresholdSpec t = ThresholdSpec.parse(text);
                    String problem = unknown.apply(t.metric());
                    if (problem != null) {
                        problems.add(item, at + ": " + problem);
                    } else {
                        thresholds.add(t);
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(item, at + ": " + e.getMessage());
                }
            });
        }
        return List.copyOf(thresholds);
    }
}
