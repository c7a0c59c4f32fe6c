package dev.sluice.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a route's {@code latency:}: a bare duration ({@code 5ms}, a {@link LatencySpec.Fixed}) or a
 * mapping with exactly one distribution: {@code uniform: {min, max}}, {@code normal: {mean, stddev}},
 * {@code lognormal: {median, p99}} or {@code percentiles: {p50: 5ms, p99.9: 80ms}}.
 */
final class LatencyBinder {

    static final List<String> FORMS = List.of("uniform", "normal", "lognormal", "percentiles");
    /** {@code p50}, {@code p99.9}; the range (0, 100] is the record's rule. */
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d+(?:\\.\\d+)?)");

    private final Problems problems;

    LatencyBinder(Problems problems) {
        this.problems = problems;
    }

    /** The latency under {@code route}'s {@code latency:} key, which must be present. */
    @Nullable LatencySpec bind(MappingReader route) {
        Node node = route.node("latency").orElseThrow();
        String path = route.child("latency");
        if (node instanceof ScalarNode) {
            return route.value("latency", Units::duration)
                    .map(d -> route.<LatencySpec>build(() -> new LatencySpec.Fixed(d)))
                    .orElse(null);
        }
        if (!(node instanceof MappingNode)) {
            problems.add(node, path + " must be a duration such as 5ms, or a mapping with one of "
                    + String.join(", ", FORMS) + ", but was " + MappingReader.describe(node));
            return null;
        }
        MappingReader latency = MappingReader.of(node, path, problems, route.interpolator()).orElseThrow();
        List<String> present = FORMS.stream().filter(latency::has).toList();
        FORMS.forEach(latency::node);
        latency.rejectUnknownKeys(FORMS);
        if (present.size() > 1) {
            problems.add(latency.keyNode(present.get(1)).orElseThrow(), path + " takes exactly one of "
                    + String.join(", ", FORMS) + ", but has both " + present.get(0) + " and " + present.get(1));
            return null;
        }
        if (present.isEmpty()) {
            if (latency.keys().isEmpty()) {
                problems.add(node, path + " needs one of " + String.join(", ", FORMS)
                        + ", e.g. {uniform: {min: 1ms, max: 9ms}}; or write a fixed latency such as 5ms");
            }
            return null;
        }
        String form = present.get(0);
        MappingReader settings = MappingReader.of(latency.node(form).orElseThrow(), latency.child(form), problems,
                latency.interpolator()).orElse(null);
        if (settings == null) {
            return null;
        }
        return switch (form) {
            case "uniform" -> pair(settings, "min", "max", LatencySpec.Uniform::new);
            case "normal" -> pair(settings, "mean", "stddev", LatencySpec.Normal::new);
            case "lognormal" -> pair(settings, "median", "p99", LatencySpec.LogNormal::new);
            default -> percentiles(latency, settings);
        };
    }

    private static @Nullable LatencySpec pair(MappingReader settings, String a, String b,
            BiFunction<Duration, Duration, LatencySpec> make) {
        Optional<Duration> first = required(settings, a);
        Optional<Duration> second = required(settings, b);
        settings.rejectUnknownKeys(List.of(a, b));
        if (first.isEmpty() || second.isEmpty()) {
            return null;
        }
        return settings.build(() -> make.apply(first.get(), second.get()));
    }

    private static Optional<Duration> required(MappingReader settings, String key) {
        return settings.requireKey(key) ? settings.value(key, Units::duration) : Optional.empty();
    }

    /**
     * Points are taken in order of percentile, not as written: a mapping's order means nothing, and a
     * {@code --set} adds its key at the end. Latencies must then rise with the percentile.
     */
    private @Nullable LatencySpec percentiles(MappingReader latency, MappingReader settings) {
        record Row(double percentile, Duration latency, Node at) {
        }
        List<Row> rows = new ArrayList<>();
        for (String key : settings.keys()) {
            Node keyNode = settings.keyNode(key).orElseThrow();
            Matcher m = PERCENTILE.matcher(key);
            if (m.matches()) {
                settings.value(key, Units::duration)
                        .ifPresent(d -> rows.add(new Row(Double.parseDouble(m.group(1)), d, keyNode)));
            } else {
                settings.node(key);
                problems.add(keyNode, "'" + key + "' in '" + settings.path()
                        + "' is not a percentile; write p50, p90, p99.9 and the like");
            }
        }
        rows.sort(Comparator.comparingDouble(Row::percentile));
        // Built on the mapping that holds 'percentiles', so its rules read 'latency.percentiles ...'.
        return latency.buildEach(rows.stream().map(Row::at).toList(), n -> new LatencySpec.Percentiles(
                rows.subList(0, n).stream().map(r -> new LatencySpec.Percentiles.Point(r.percentile(), r.latency()))
                        .toList()));
    }
}
