package dev.sluice.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a soak profile ({@code name}, {@code description}, {@code server}, {@code soak}) into a {@link SoakProfile}. */
final class SoakBinder {

    static final List<String> TOP_KEYS = List.of("name", "description", "server", "soak", "load", "thresholds");
    static final List<String> KEYS = List.of("connections", "request-interval", "url", "window", "duration",
            "source-addresses", "open-rate", "connect-timeout", "request-timeout", "replace-closed", "server-process",
            "checks", "discover-limit", "shards");
    private static final List<String> CHECK_KEYS = List.of("connection-leak", "memory-leak", "latency-drift");
    private static final Map<String, String> DISCOVER_BY = ProfileBinder.labels(new String[] {"connections", "rate"}, b -> b);

    private final Problems problems;

    SoakBinder(Problems problems) {
        this.problems = problems;
    }

    @Nullable SoakProfile bind(MappingReader top) {
        Optional<String> name = top.required("name");
        String description = top.text("description").orElse("");
        ServerSpec server = top.node("server")
                .flatMap(node -> MappingReader.of(node, "server", problems, top.interpolator()))
                .map(reader -> new ServerBinder(problems).bind(reader))
                .orElse(null);
        SoakLoadBinder.Read load = new SoakLoadBinder(problems).read(top);
        SoakSpec soak = top.node("soak")
                .flatMap(node -> MappingReader.of(node, "soak", problems, top.interpolator()))
                .map(reader -> soak(reader, load))
                .orElse(null);
        List<ThresholdSpec> thresholds = ThresholdReader.read(top, problems, SoakBinder::unknownMetric);
        top.rejectUnknownKeys(TOP_KEYS);
        if (name.isEmpty() || soak == null) {
            return null;
        }
        return top.build(() -> new SoakProfile(name.get(), description, server, soak, thresholds));
    }

    private @Nullable SoakSpec soak(MappingReader soak, SoakLoadBinder.@Nullable Read load) {
        Optional<Integer> connections = soak.required("connections").isPresent()
                ? soak.value("connections", MappingReader::parseInt) : Optional.empty();
        Duration interval = soak.value("request-interval", Units::duration).orElse(Duration.ofSeconds(1));
        String url = soak.text("url").orElse(SoakSpec.DEFAULT_URL);
        Duration window = soak.value("window", Units::duration).orElse(Duration.ofSeconds(10));
        Duration duration = soak.value("duration", Units::duration).orElse(Duration.ofMinutes(10));
        List<String> sources = new ArrayList<>();
        for (MappingReader.Item item : soak.items("source-addresses").orElse(List.of())) {
            soak.scalarText(item.node(), item.path()).ifPresent(sources::add);
        }
        int openRate = soak.integer("open-rate", 2000);
        Duration connectTimeout = soak.value("connect-timeout", Units::duration).orElse(Duration.ofSeconds(5));
        Duration requestTimeout = soak.value("request-timeout", Units::duration).orElse(Duration.ofSeconds(10));
        boolean replace = soak.bool("replace-closed", true);
        boolean process = soak.bool("server-process", false);
        int shards = shards(soak);
        double connectionTolerance = 0.005;
        double memoryTolerance = 0.10;
        double drift = 1.5;
        Map<String, Node> deeper = new java.util.HashMap<>();
        Optional<Node> checksNode = soak.node("checks");
        if (checksNode.isPresent()) {
            MappingReader checks = MappingReader.of(checksNode.get(), soak.child("checks"), problems, soak.interpolator())
                    .orElse(null);
            if (checks != null) {
                connectionTolerance = checks.fraction("connection-leak", connectionTolerance);
                memoryTolerance = checks.fraction("memory-leak", memoryTolerance);
                drift = checks.fraction("latency-drift", drift);
                for (String key : CHECK_KEYS) {
                    checks.node(key).ifPresent(n -> deeper.put("checks." + key, n));
                }
                checks.rejectUnknownKeys(CHECK_KEYS);
            }
        }
        SoakSpec.DiscoverLimit discover = null;
        DiscoverRateSpec discoverRate = null;
        String discoverBy = null;
        Optional<Node> discoverNode = soak.node("discover-limit");
        if (discoverNode.isPresent()) {
            MappingReader d = MappingReader.of(discoverNode.get(), soak.child("discover-limit"), problems,
                    soak.interpolator()).orElse(null);
            discoverBy = d == null ? null : d.choice("by", DISCOVER_BY)
                    .orElse("connections");
            if (d != null && "rate".equals(discoverBy)) {
                discoverRate = new SoakLoadBinder(problems).discoverRate(d);
                if (discoverRate == null) {
                    return null;
                }
            } else if (d != null) {
                int step = d.positive("step", 1000);
                int max = d.integer("max", 20_000);
                Duration bound = d.value("p99-bound", Units::duration).orElse(Duration.ofSeconds(1));
                d.rejectUnknownKeys(List.of("by", "step", "max", "p99-bound"));
                discover = d.build(() -> new SoakSpec.DiscoverLimit(step, max, bound), Map.of());
                if (discover == null) {
                    return null;
                }
            }
        }
        soak.rejectUnknownKeys(KEYS);
        if (connections.isEmpty()) {
            return null;
        }
        SoakLoad soakLoad = null;
        if (load != null) {
            soakLoad = new SoakLoadBinder(problems).resolve(load, soak, connections.get(), discoverBy, window);
            if (soakLoad == null) {
                return null;
            }
        } else if (discoverRate != null && !new SoakLoadBinder(problems).checkRateSearch(soak)) {
            return null;
        }
        Duration effectiveInterval = soakLoad == null ? interval : soakLoad.requestInterval(connections.get());
        Duration effectiveDuration = soakLoad == null ? duration : soakLoad.duration();
        SoakLoad sl = soakLoad;
        DiscoverRateSpec dre = discoverRate;
        double ct = connectionTolerance;
        double mt = memoryTolerance;
        double dr = drift;
        SoakSpec.DiscoverLimit dl = discover;
        return soak.build(() -> new SoakSpec(connections.get(), effectiveInterval, url, window, effectiveDuration, sources,
                openRate, connectTimeout, requestTimeout, replace, process, ct, mt, dr, dl, sl, dre, shards), deeper);
    }

    /** {@code shards: auto} (the default) or a number of processes. */
    private static int shards(MappingReader soak) {
        return soak.value("shards", text -> {
            if (text.strip().equalsIgnoreCase("auto")) {
                return SoakSpec.AUTO_SHARDS;
            }
            try {
                int n = Integer.parseInt(text.strip());
                if (n < 1) {
                    throw new IllegalArgumentException("must be auto or a number of processes of at least 1, but was " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be auto or a number of processes, e.g. 4, but was '" + text + "'");
            }
        }).orElse(SoakSpec.AUTO_SHARDS);
    }

    private static final java.util.regex.Pattern TOTALS_BY_KIND =
            java.util.regex.Pattern.compile("totals\\.(failed|closed|errors|responses)\\.[A-Za-z0-9_]+");

    /** Null for a metric a soak's result.json has; otherwise what is wrong, with a suggestion. */
    private static @Nullable String unknownMetric(String metric) {
        if (ThresholdSpec.SOAK_METRICS.contains(metric) || TOTALS_BY_KIND.matcher(metric).matches()) {
            return null;
        }
        return "unknown soak metric '" + metric + "'" + Suggestions.hint(metric, ThresholdSpec.SOAK_METRICS)
                + " (a soak's thresholds read its result.json: verdictsFailed, errorRate, p99MsMax, "
                + "clientMemory.rssPerConnectionBytes, verdicts.connection-leak.measured, totals.errors.TIMEOUT, ...)";
    }
}
