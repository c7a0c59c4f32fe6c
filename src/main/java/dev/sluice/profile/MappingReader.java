package dev.sluice.profile;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads one YAML mapping of a profile: typed values with positions, unknown keys reported with a
 * suggestion, and rule violations from record constructors placed at the key that broke them.
 * Problems are collected, not thrown, so one run of the loader reports every mistake.
 */
final class MappingReader {

    private final MappingNode node;
    private String path;
    private final Problems problems;
    private final Interpolator interpolator;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final int problemsAtStart;

    MappingReader(MappingNode node, String path, Problems problems, Interpolator interpolator) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.interpolator = interpolator;
        this.problemsAtStart = problems.count();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(tuple.getKeyNode(), "keys must be plain words, but " + where() + " has a complex key");
                continue;
            }
            if (entries.putIfAbsent(key.getValue(), tuple) != null) {
                problems.add(key, "duplicate key '" + key.getValue() + "' in " + where()
                        + " (first at line " + problems.positionOf(entries.get(key.getValue()).getKeyNode()).line() + ")");
            }
        }
    }

    /** Reads the node as a mapping, or reports that it is not one. */
    static Optional<MappingReader> of(Node node, String path, Problems problems, Interpolator interpolator) {
        if (node instanceof MappingNode m) {
            return Optional.of(new MappingReader(m, path, problems, interpolator));
        }
        problems.add(node, label(path) + " must be a mapping (key: value lines), but was " + describe(node));
        return Optional.empty();
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    Problems problems() {
        return problems;
    }

    Interpolator interpolator() {
        return interpolator;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node under {@code key}, marking the key as known. */
    Optional<Node> node(String key) {
        used.add(key);
        NodeTuple tuple = entries.get(key);
        return tuple == null ? Optional.empty() : Optional.of(tuple.getValueNode());
    }

    /** The child path for messages, e.g. {@code stages.square.scheduler}. */
    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** A scalar's text after interpolation, or empty (with a problem reported) when it is not a scalar. */
    Optional<String> text(String key) {
        return node(key).flatMap(n -> scalarText(n, child(key)));
    }

    Optional<String> scalarText(Node n, String at) {
        if (!(n instanceof ScalarNode scalar)) {
            problems.add(n, label(at) + " must be a single value, but was " + describe(n));
            return Optional.empty();
        }
        try {
            String value = interpolator.resolve(scalar.getValue());
            if (value.isEmpty() && scalar.isPlain()) {
                problems.add(n, label(at) + " is empty; give it a value or remove the key");
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IllegalArgumentException e) {
            problems.add(n, label(at) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A value parsed from a scalar; a parse failure is reported at the value. */
    <T> Optional<T> value(String key, Function<String, T> parse) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> text = scalarText(n.get(), child(key));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse.apply(text.get()));
        } catch (IllegalArgumentException e) {
            problems.add(n.get(), label(child(key)) + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The same reader under a new path for messages (a stage is named once its name is read). */
    MappingReader renamed(String newPath) {
        this.path = newPath;
        return this;
    }

    /** True when the key is present; otherwise reports that it is needed. */
    boolean requireKey(String key) {
        if (has(key)) {
            return true;
        }
        required(key);
        return false;
    }

    Optional<String> required(String key) {
        if (!has(key)) {
            used.add(key);
            problems.add(node, label(path) + " needs '" + key + "'");
            return Optional.empty();
        }
        return text(key);
    }

    int integer(String key, int fallback) {
        return value(key, MappingReader::parseInt).orElse(fallback);
    }

    /** A whole number > 0, reported at its value otherwise. */
    int positive(String key, int fallback) {
        Optional<Integer> v = value(key, MappingReader::parseInt);
        if (v.isPresent() && v.get() <= 0) {
            problems.add(node(key).orElseThrow(), child(key) + " must be > 0, but was " + v.get());
            return fallback;
        }
        return v.orElse(fallback);
    }

    long whole(String key, long fallback) {
        return value(key, MappingReader::parseLong).orElse(fallback);
    }

    /** One of the given words; a misspelling gets a suggestion. */
    <E> Optional<E> choice(String key, Map<String, E> choices) {
        return value(key, text -> {
            E e = choices.get(text);
            if (e == null) {
                throw new IllegalArgumentException("unknown value '" + text + "'" + Suggestions.hint(text, choices.keySet()));
            }
            return e;
        });
    }

    /** Reports every key that was not read, with a suggestion among {@code known}. */
    void rejectUnknownKeys(Collection<String> known, Map<String, String> belongsElsewhere) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String key = e.getKey();
            if (used.contains(key) || known.contains(key)) {
                continue;
            }
            String elsewhere = belongsElsewhere.get(key);
            String message = elsewhere != null
                    ? "'" + key + "' is not a setting here: " + elsewhere
                    : "unknown key '" + key + "' in " + where() + Suggestions.hint(key, known);
            problems.add(e.getValue().getKeyNode(), message);
        }
    }

    void rejectUnknownKeys(Collection<String> known) {
        rejectUnknownKeys(known, Map.of());
    }

    /** True when nothing went wrong while reading this mapping (and everything inside it). */
    boolean clean() {
        return problems.count() == problemsAtStart;
    }

    /**
     * Builds the record if reading went cleanly; a rule broken in its constructor is reported at the
     * key it names (or at the mapping when that key is absent).
     */
    <T> @Nullable T build(Supplier<T> constructor) {
        if (!clean()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (InvalidSpecException e) {
            Node at = Optional.ofNullable(entries.get(e.field())).map(NodeTuple::getValueNode).orElse(node);
            problems.add(at, (path.isEmpty() ? "" : path + ".") + e.getMessage());
            return null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(node, label(path) + ": " + e.getMessage());
            return null;
        }
    }

    private String where() {
        return path.isEmpty() ? "the profile" : "'" + path + "'";
    }

    static String label(String path) {
        return path.isEmpty() ? "the profile" : path;
    }

    static String describe(Node n) {
        return switch (n.getNodeType()) {
            case SCALAR -> "the value '" + ((ScalarNode) n).getValue() + "'";
            case SEQUENCE -> "a list";
            case MAPPING -> "a mapping";
            default -> n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static int parseInt(String text) {
        long v = parseLong(text);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("expected a whole number up to " + Integer.MAX_VALUE + ", but was '" + text + "'");
        }
        return (int) v;
    }

    static long parseLong(String text) {
        String s = text.strip().replace("_", "");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a whole number, but was '" + text + "'");
        }
    }
}
