package dev.sluice.profile;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Reads {@code scheduler: {kind: process, ...}}: the worker pool's size, command, init and limits. */
final class ProcessSchedulerBinder {

    static final List<String> KEYS = List.of("kind", "workers", "command", "init", "max-in-flight", "batch",
            "start-timeout", "item-timeout", "shutdown-timeout", "restart");

    private final Problems problems;

    ProcessSchedulerBinder(Problems problems) {
        this.problems = problems;
    }

    SchedulerSpec.@Nullable Process bind(MappingReader settings) {
        SchedulerSpec.Process d = SchedulerSpec.Process.defaults();
        int workers = settings.positive("workers", d.workers());
        List<String> command = command(settings);
        Map<String, Object> init = settings.node("init").map(n -> init(n, settings.child("init"), settings))
                .orElse(Map.of());
        int maxInFlight = settings.positive("max-in-flight", d.maxInFlight());
        int batch = settings.positive("batch", d.batch());
        Duration start = settings.value("start-timeout", Units::duration).orElse(d.startTimeout());
        Duration item = settings.value("item-timeout", Units::duration).orElse(d.itemTimeout());
        Duration shutdown = settings.value("shutdown-timeout", Units::duration).orElse(d.shutdownTimeout());
        SchedulerSpec.Process.Restart restart = settings.choice("restart", ProfileBinder.labels(
                SchedulerSpec.Process.Restart.values(), SchedulerSpec.Process.Restart::label)).orElse(d.restart());
        settings.rejectUnknownKeys(KEYS, Map.of("threads", "scheduler kind process takes no 'threads': "
                + "say how many processes with 'workers'"));
        return settings.build(() -> new SchedulerSpec.Process(workers, command, init, maxInFlight, batch, start, item,
                shutdown, restart));
    }

    /** A list of words, or one string split at spaces ({@code command: python3 worker.py}). */
    private static List<String> command(MappingReader settings) {
        Optional<List<MappingReader.Item>> items = settings.items("command");
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (MappingReader.Item i : items.get()) {
            settings.scalarText(i.node(), i.path()).ifPresent(text -> {
                if (items.get().size() == 1) {
                    words.addAll(List.of(text.strip().split("\\s+")));
                } else {
                    words.add(text);
                }
            });
        }
        return words;
    }

    /** The init mapping as plain values (maps, lists, strings, numbers, booleans, null) for JSON. */
    private Map<String, Object> init(Node node, String path, MappingReader settings) {
        if (!(node instanceof MappingNode)) {
            problems.add(node, path + " must be a mapping (e.g. {model: small}), but was " + MappingReader.describe(node));
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain(node, path, settings);
        return map == null ? Map.of() : map;
    }

    private @Nullable Object plain(Node node, String path, MappingReader settings) {
        return switch (node) {
            case MappingNode m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (NodeTuple t : m.getValue()) {
                    String key = settings.scalarText(t.getKeyNode(), path).orElse(null);
                    if (key != null) {
                        out.put(key, plain(t.getValueNode(), path + "." + key, settings));
                    }
                }
                yield out;
            }
            case SequenceNode s -> {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < s.getValue().size(); i++) {
                    out.add(plain(s.getValue().get(i), path + "[" + i + "]", settings));
                }
                yield out;
            }
            case ScalarNode scalar -> scalar(scalar, path, settings);
            default -> null;
        };
    }

    /** A scalar typed as YAML's core schema reads it; quoted text stays text. */
    private static @Nullable Object scalar(ScalarNode scalar, String path, MappingReader settings) {
        if (scalar.isPlain() && scalar.getValue().isEmpty()) {
            return null;
        }
        String text = settings.scalarText(scalar, path).orElse("");
        if (!scalar.isPlain()) {
            return text;
        }
        Tag tag = scalar.getTag();
        try {
            if (Tag.INT.equals(tag)) {
                BigInteger big = new BigInteger(text.replace("_", ""));
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            if (Tag.FLOAT.equals(tag)) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            return text;
        }
        if (Tag.BOOL.equals(tag)) {
            return Boolean.parseBoolean(text);
        }
        if (Tag.NULL.equals(tag)) {
            return null;
        }
        return text;
    }
}
