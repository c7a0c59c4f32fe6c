package dev.sluice.profile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a profile's plan keys ({@code variants}, {@code sweep}, {@code repeat}, {@code warmup}) and
 * makes one profile per variant: the file with the command line's {@code --set}s, then the variant's
 * own {@code set:} values applied where they point, each bound and validated like the file. A
 * problem in a variant's value is reported at that value in the file.
 */
final class PlanReader {

    static final List<String> KEYS = List.of("variants", "sweep", "repeat", "warmup", "warmup-items");
    private static final List<String> VARIANT_KEYS = List.of("label", "set");
    private static final List<String> SWEEP_KEYS = List.of("path", "values");

    private final Problems problems;
    private final Function<List<Override>, @Nullable Profile> build;

    /** One value a variant sets: a dotted path and the value node (with its position in the file). */
    record Override(String path, Node value, Node at) {
    }

    /** {@code build} makes a profile from a fresh copy of the file with the given overrides applied. */
    PlanReader(Problems problems, Function<List<Override>, @Nullable Profile> build) {
        this.problems = problems;
        this.build = build;
    }

    /** Takes the plan keys out of a composed profile, so the profile binder never sees them. */
    static Map<String, NodeTuple> takeFrom(Node root) {
        Map<String, NodeTuple> taken = new java.util.LinkedHashMap<>();
        if (root instanceof MappingNode top) {
            top.getValue().removeIf(t -> {
                if (t.getKeyNode() instanceof ScalarNode k && KEYS.contains(k.getValue())) {
                    taken.put(k.getValue(), t);
                    return true;
                }
                return false;
            });
        }
        return taken;
    }

    /** The plan; null when a problem was reported. {@code base} is the file's own profile. */
    @Nullable Plan read(Map<String, NodeTuple> keys, Profile base) {
        int repeat = whole(keys.get("repeat"), 1, 1);
        int warmup = whole(keys.get("warmup"), 0, 0);
        int warmupItems = whole(keys.get("warmup-items"), 0, 0);
        NodeTuple variantsKey = keys.get("variants");
        NodeTuple sweepKey = keys.get("sweep");
        List<Plan.Variant> variants = new ArrayList<>();
        String swept = "";
        if (variantsKey != null && sweepKey != null) {
            problems.add(sweepKey.getKeyNode(), "a profile takes 'variants' or 'sweep', not both; "
                    + "write the sweep's values as variants, or sweep in a profile of its own");
            return null;
        }
        if (variantsKey != null) {
            readVariants(variantsKey.getValueNode(), variants);
        } else if (sweepKey != null) {
            swept = readSweep(sweepKey.getValueNode(), variants);
        } else {
            variants.add(new Plan.Variant("default", base));
        }
        if (problems.count() > 0 || variants.isEmpty()) {
            return null;
        }
        return new Plan(variants, repeat, warmup, warmupItems, swept == null ? "" : swept);
    }

    private void readVariants(Node node, List<Plan.Variant> out) {
        if (!(node instanceof SequenceNode list) || list.getValue().isEmpty()) {
            problems.add(node, "variants must be a list of {label, set}, e.g. [{label: threads-5, set: "
                    + "{stages.fetch.scheduler: {kind: bounded-elastic, threads: 5}}}]");
            return;
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String where = "variants[" + i + "]";
            if (!(item instanceof MappingNode variant)) {
                problems.add(item, where + " must be a mapping {label, set}");
                continue;
            }
            String label = null;
            List<Override> sets = new ArrayList<>();
            for (NodeTuple t : variant.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                switch (key) {
                    case "label" -> label = scalar(t.getValueNode(), where + ".label");
                    case "set" -> readSets(t.getValueNode(), where + ".set", sets);
                    default -> problems.add(t.getKeyNode(), "unknown key '" + key + "' in " + where
                            + Suggestions.hint(key, VARIANT_KEYS));
                }
            }
            if (label == null) {
                problems.add(variant, where + " needs a 'label'");
                continue;
            }
            if (!labels.add(label)) {
                problems.add(variant, where + ".label '" + label + "' is used by an earlier variant; labels must differ");
                continue;
            }
            Profile p = build.apply(sets);
            if (p != null) {
                out.add(new Plan.Variant(label, p));
            }
        }
    }

    private void readSets(Node node, String where, List<Override> out) {
        if (!(node instanceof MappingNode sets)) {
            problems.add(node, where + " must be a mapping of paths to values, e.g. {stages.fetch.concurrency: 10}");
            return;
        }
        for (NodeTuple t : sets.getValue()) {
            String path = scalar(t.getKeyNode(), where);
            if (path != null) {
                out.add(new Override(path, t.getValueNode(), t.getKeyNode()));
            }
        }
    }

    /** The sweep's variants, labelled by the value ({@code threads=5}); returns the swept path. */
    private @Nullable String readSweep(Node node, List<Plan.Variant> out) {
        if (!(node instanceof MappingNode sweep)) {
            problems.add(node, "sweep must be a mapping {path, values}, e.g. {path: stages.fetch.scheduler.threads, "
                    + "values: [1, 2, 5, 10]}");
            return null;
        }
        String path = null;
        SequenceNode values = null;
        for (NodeTuple t : sweep.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
            switch (key) {
                case "path" -> path = scalar(t.getValueNode(), "sweep.path");
                case "values" -> {
                    if (t.getValueNode() instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
                        values = seq;
                    } else {
                        problems.add(t.getValueNode(), "sweep.values must be a list of at least one value, e.g. [1, 2, 5]");
                    }
                }
                default -> problems.add(t.getKeyNode(), "unknown key '" + key + "' in sweep" + Suggestions.hint(key, SWEEP_KEYS));
            }
        }
        if (path == null || values == null) {
            if (path == null && problems.count() == 0) {
                problems.add(sweep, "sweep needs 'path' (what to vary, e.g. stages.fetch.scheduler.threads)");
            }
            if (values == null && problems.count() == 0) {
                problems.add(sweep, "sweep needs 'values' (e.g. [1, 2, 5, 10])");
            }
            return null;
        }
        String name = path.substring(path.lastIndexOf('.') + 1);
        Set<String> labels = new HashSet<>();
        for (Node value : values.getValue()) {
            String text = value instanceof ScalarNode s ? s.getValue() : MappingReader.describe(value);
            String label = name + "=" + text;
            if (!labels.add(label)) {
                problems.add(value, "sweep.values lists " + text + " twice");
                continue;
            }
            Profile p = build.apply(List.of(new Override(path, value, value)));
            if (p != null) {
                out.add(new Plan.Variant(label, p));
            }
        }
        return path;
    }

    private @Nullable String scalar(Node node, String where) {
        if (node instanceof ScalarNode s && !s.getValue().isBlank()) {
            return s.getValue();
        }
        problems.add(node, where + " must be a single value");
        return null;
    }

    private int whole(@Nullable NodeTuple tuple, int fallback, int min) {
        if (tuple == null) {
            return fallback;
        }
        String key = ((ScalarNode) tuple.getKeyNode()).getValue();
        Node value = tuple.getValueNode();
        try {
            int n = value instanceof ScalarNode s ? Integer.parseInt(s.getValue().strip()) : Integer.MIN_VALUE;
            if (n < min) {
                problems.add(value, key + " must be a whole number >= " + min + ", but was " + n);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(value, key + " must be a whole number >= " + min + ", but was " + MappingReader.describe(value));
            return fallback;
        }
    }
}
