package dev.sluice.profile;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads one YAML mapping of a profile: typed values with positions, unknown keys reported with a
 * suggestion, and rule violations from record constructors placed at the key that broke them.
 * Problems are collected, not thrown, so one run of the loader reports every mistake.
 */
final class MappingReader {

    /** The words a boolean is written in; YAML 1.1's yes and no are kept because people still write them. */
    private static final Map<String, Boolean> BOOLEANS = Map.ofEntries(
            Map.entry("true", true), Map.entry("True", true), Map.entry("TRUE", true),
            Map.entry("yes", true), Map.entry("Yes", true), Map.entry("YES", true),
            Map.entry("false", false), Map.entry("False", false), Map.entry("FALSE", false),
            Map.entry("no", false), Map.entry("No", false), Map.entry("NO", false));
    private static final Pattern DECIMAL = Pattern.compile("-?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private final MappingNode node;
    private String path;
    private final String rootName;
    private final Problems problems;
    private final Interpolator interpolator;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final int problemsAtStart;

    MappingReader(MappingNode node, String path, Problems problems, Interpolator interpolator) {
        this(node, path, "the profile", problems, interpolator);
    }

    private MappingReader(MappingNode node, String path, String rootName, Problems problems, Interpolator interpolator) {
        this.node = node;
        this.path = path;
        this.rootName = rootName;
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

    /**
     * Reads the top of a document other than a profile; {@code rootName} (e.g. "the server config")
     * stands for it in messages where a profile's top would be "the profile".
     */
    static Optional<MappingReader> root(Node node, String rootName, Problems problems, Interpolator interpolator) {
        if (node instanceof MappingNode m) {
            return Optional.of(new MappingReader(m, "", rootName, problems, interpolator));
        }
        problems.add(node, rootName + " must be a mapping (key: value lines), but was " + describe(node));
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

    /** The key node itself (where its {@code key:} is written), without marking the key as known. */
    Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    /** The keys as written, in order. */
    List<String> keys() {
        return List.copyOf(entries.keySet());
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
            problems.add(n, labelOf(at) + " must be a single value, but was " + describe(n));
            return Optional.empty();
        }
        try {
            String value = interpolator.resolve(scalar.getValue());
            if (value.isEmpty() && scalar.isPlain()) {
                problems.add(n, labelOf(at) + " is empty; give it a value or remove the key");
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IllegalArgumentException e) {
            problems.add(n, labelOf(at) + ": " + e.getMessage());
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
            problems.add(n.get(), labelOf(child(key)) + ": " + e.getMessage());
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
            problems.add(node, labelOf(path) + " needs '" + key + "'");
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

    /** {@code true}/{@code false} (or {@code yes}/{@code no}), reported at its value otherwise. */
    boolean bool(String key, boolean fallback) {
        return value(key, MappingReader::parseBoolean).orElse(fallback);
    }

    /** A number such as {@code 0.01}; the record it goes into checks that it lies in [0, 1]. */
    double fraction(String key, double fallback) {
        return value(key, MappingReader::parseFraction).orElse(fallback);
    }

    /** One item of a list: its node and its path for messages ({@code robots.disallow[1]}). */
    record Item(Node node, String path) {
    }

    /**
     * The items of a list; a single value stands for a list of one, so {@code --set protocols=h2c}
     * works. Empty (with a problem reported) for a mapping.
     */
    Optional<List<Item>> items(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof SequenceNode seq) {
            List<Node> nodes = seq.getValue();
            return Optional.of(IntStream.range(0, nodes.size())
                    .mapToObj(i -> new Item(nodes.get(i), child(key) + "[" + i + "]")).toList());
        }
        if (n.get() instanceof ScalarNode) {
            return Optional.of(List.of(new Item(n.get(), child(key))));
        }
        problems.add(n.get(), labelOf(child(key)) + " must be a list (e.g. [a, b]) or a single value, but was "
                + describe(n.get()));
        return Optional.empty();
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
        return build(constructor, Map.of());
    }

    /**
     * As {@link #build(Supplier)}, with the node to point at for fields whose value lies deeper than
     * their key (the {@code for:} of a {@code stall:} mapping, for a rule about the stall).
     */
    <T> @Nullable T build(Supplier<T> constructor, Map<String, Node> fieldAt) {
        if (!clean()) {
            return null;
        }
        try {
            return constructor.get();
        } catch (InvalidSpecException e) {
            Node at = Optional.ofNullable(fieldAt.get(e.field()))
                    .or(() -> Optional.ofNullable(entries.get(e.field())).map(NodeTuple::getValueNode))
                    .orElse(node);
            problems.add(at, (path.isEmpty() ? "" : path + ".") + e.getMessage());
            return null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(node, labelOf(path) + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * Builds from the first 1, 2, ... n items of a list (a record that checks its list as a whole names
     * only the list), so a broken rule is reported at the first item that breaks it; {@code items} are
     * the nodes to point at, in list order. With no items, builds once from none.
     */
    <T> @Nullable T buildEach(List<Node> items, IntFunction<T> fromFirst) {
        if (items.isEmpty()) {
            return build(() -> fromFirst.apply(0));
        }
        if (!clean()) {
            return null;
        }
        T built = null;
        for (int k = 1; k <= items.size(); k++) {
            try {
                built = fromFirst.apply(k);
            } catch (InvalidSpecException e) {
                problems.add(items.get(k - 1), (path.isEmpty() ? "" : path + ".") + e.getMessage());
                return null;
            } catch (IllegalArgumentException | ArithmeticException e) {
                problems.add(items.get(k - 1), labelOf(path) + ": " + e.getMessage());
                return null;
            }
        }
        return built;
    }

    private String where() {
        return path.isEmpty() ? rootName : "'" + path + "'";
    }

    private String labelOf(String at) {
        return at.isEmpty() ? rootName : at;
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

    /** {@code true} or {@code false}, {@code yes} or {@code no}: lower-case, capitalised or upper-case. */
    static double parseDouble(String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number, but was '" + text + "'");
        }
    }

    static boolean parseBoolean(String text) {
        Boolean b = BOOLEANS.get(text.strip());
        if (b == null) {
            throw new IllegalArgumentException("expected true or false, but was '" + text + "'");
        }
        return b;
    }

    /** A decimal number such as {@code 0.01} or {@code 1e-3}; the range is the record's rule. */
    static double parseFraction(String text) {
        String s = text.strip();
        if (!DECIMAL.matcher(s).matches()) {
            String hint = s.endsWith("%") ? " (write a percentage as a fraction: 5% is 0.05)" : "";
            throw new IllegalArgumentException("expected a fraction from 0 to 1 such as 0.01, but was '" + text + "'"
                    + hint);
        }
        return Double.parseDouble(s);
    }
}
