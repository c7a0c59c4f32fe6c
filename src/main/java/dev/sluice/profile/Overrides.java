package dev.sluice.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Applies {@code --set PATH=VALUE} to a composed profile before it is read, so an override goes
 * through exactly the same validation as the file. Stages are addressed by name or index
 * ({@code stages.work.concurrency=32}); a word-form section ({@code scheduler: parallel}) opens into a
 * mapping when a setting below it is set. Values are YAML ({@code --set stages.work.scheduler={kind: single}}).
 */
final class Overrides {

    /** The key a word-form section stands for: {@code scheduler: parallel} means {@code {kind: parallel}}. */
    private static final Map<String, String> WORD_FORM_KEY = Map.of("scheduler", "kind", "sink", "kind", "load", "model");

    private final YamlReader yaml;

    Overrides(YamlReader yaml) {
        this.yaml = yaml;
    }

    /** Applies each override in order; problems are positioned at the {@code --set} argument. */
    void apply(Node root, List<String> sets, Problems problems) {
        for (String set : sets) {
            int eq = set.indexOf('=');
            Position at = new Position("--set " + set, 1, 1);
            if (eq <= 0) {
                problems.add(at, "--set expects PATH=VALUE, e.g. --set stages.work.concurrency=32, but was '" + set + "'");
                continue;
            }
            String path = set.substring(0, eq).strip();
            String label = "--set " + path;
            // Nodes the override makes (a new key, a missing section, an empty value) are placed at the argument.
            Optional<Mark> made = Optional.of(new Mark(label, 0, 0, 0, new int[0], 0));
            Node value;
            try {
                value = yaml.compose(set.substring(eq + 1), label).orElseGet(() -> emptyScalar(made));
            } catch (ProfileException e) {
                e.errors().forEach(err -> problems.add(err.position(), err.message()));
                continue;
            }
            if (!(root instanceof MappingNode top)) {
                problems.add(at, "the profile is not a mapping, so " + path + " cannot be set");
                continue;
            }
            try {
                set(top, path.split("\\.", -1), value, made);
            } catch (IllegalArgumentException e) {
                problems.add(new Position(label, 1, 1), e.getMessage());
            }
        }
    }

    /**
     * Sets one value node (with its own positions, e.g. from a variant's {@code set:} in the file) at a
     * dotted path; a problem is reported at {@code at}.
     */
    static void setNode(Node root, String path, Node value, Node at, Problems problems) {
        if (!(root instanceof MappingNode top)) {
            problems.add(at, "the profile is not a mapping, so " + path + " cannot be set");
            return;
        }
        try {
            set(top, path.split("\\.", -1), value, Optional.of(value.getStartMark().orElseThrow()));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            problems.add(at, path + ": " + e.getMessage());
        }
    }

    private static void set(MappingNode top, String[] segments, Node value, Optional<Mark> made) {
        Node current = top;
        StringBuilder walked = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("the path has an empty part; write it like stages.work.concurrency");
            }
            boolean last = i == segments.length - 1;
            if (current instanceof MappingNode mapping) {
                Optional<NodeTuple> tuple = mapping.getValue().stream()
                        .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment))
                        .findFirst();
                if (last) {
                    replace(mapping, segment, tuple, value, made);
                    return;
                }
                Node child = tuple.map(NodeTuple::getValueNode).orElse(null);
                if (child == null) {
                    child = new MappingNode(Tag.MAP, true, new ArrayList<>(), FlowStyle.FLOW, made, made);
                    mapping.getValue().add(new NodeTuple(scalar(segment, made), child));
                } else if (child instanceof ScalarNode word && WORD_FORM_KEY.containsKey(segment)) {
                    List<NodeTuple> opened = new ArrayList<>();
                    opened.add(new NodeTuple(scalar(WORD_FORM_KEY.get(segment), word.getStartMark()), word));
                    child = new MappingNode(Tag.MAP, true, opened, FlowStyle.FLOW, word.getStartMark(), word.getEndMark());
                    replace(mapping, segment, tuple, child, made);
                }
                current = child;
            } else if (current instanceof SequenceNode sequence) {
                int index = indexOf(sequence, segment, walked.toString());
                if (last) {
                    sequence.getValue().set(index, value);
                    return;
                }
                current = sequence.getValue().get(index);
            } else {
                String word = current instanceof ScalarNode s ? s.getValue() : "";
                throw new IllegalArgumentException("'" + walked + "' is a single value ('" + word
                        + "'), so it has no '" + segment + "' to set");
            }
            walked.append(walked.isEmpty() ? "" : ".").append(segment);
        }
    }

    private static int indexOf(SequenceNode sequence, String segment, String walked) {
        List<Node> items = sequence.getValue();
        if (segment.matches("\\d+")) {
            int index = Integer.parseInt(segment);
            if (index >= items.size()) {
                throw new IllegalArgumentException(walked + " has " + items.size() + (items.size() == 1 ? " entry" : " entries") + ", so there is no index "
                        + index);
            }
            return index;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String name = nameOf(items.get(i));
            if (name != null && name.equals(segment)) {
                return i;
            }
            if (name != null) {
                names.add(name);
            }
        }
        throw new IllegalArgumentException("no entry named '" + segment + "' in " + walked
                + Suggestions.hint(segment, names));
    }

    /** A stage's name, or its kind when it has no name (the same default the loader uses). */
    private static String nameOf(Node item) {
        if (!(item instanceof MappingNode mapping)) {
            return null;
        }
        String kind = null;
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                if (k.getValue().equals("name")) {
                    return v.getValue();
                }
                if (k.getValue().equals("kind")) {
                    kind = v.getValue();
                }
            }
        }
        return kind;
    }

    private static void replace(MappingNode mapping, String key, Optional<NodeTuple> existing, Node value,
            Optional<Mark> made) {
        NodeTuple replacement = new NodeTuple(existing.map(NodeTuple::getKeyNode).orElseGet(() -> scalar(key, made)),
                value);
        List<NodeTuple> tuples = mapping.getValue();
        if (existing.isPresent()) {
            tuples.set(tuples.indexOf(existing.get()), replacement);
        } else {
            tuples.add(replacement);
        }
    }

    private static ScalarNode scalar(String text, Optional<Mark> at) {
        return new ScalarNode(Tag.STR, true, text, ScalarStyle.PLAIN, at, at);
    }

    private static Node emptyScalar(Optional<Mark> at) {
        return new ScalarNode(Tag.NULL, true, "", ScalarStyle.PLAIN, at, at);
    }
}
