package dev.sluice.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads a profile's {@code crawl:} block into a {@link CrawlSpec}; a missing key takes {@link CrawlSpec#defaults()}. */
final class CrawlBinder {

    static final List<String> KEYS = List.of("max-depth", "max-pages", "expected-pages", "max-time", "same-host",
            "allow-hosts", "normalize", "per-host", "robots", "user-agent", "retry", "content-types", "max-page-size",
            "frontier");
    private static final List<String> NORMALIZE_KEYS = List.of("sort-query", "strip-params");
    private static final List<String> PER_HOST_KEYS = List.of("max-connections", "delay", "adaptive", "latency-bound");
    private static final List<String> RETRY_KEYS = List.of("attempts", "backoff", "max-wait");
    private static final List<String> FRONTIER_KEYS = List.of("high-water");

    private final Problems problems;

    CrawlBinder(Problems problems) {
        this.problems = problems;
    }

    @Nullable CrawlSpec bind(MappingReader crawl) {
        CrawlSpec d = CrawlSpec.defaults();
        int maxDepth = crawl.integer("max-depth", d.maxDepth());
        long maxPages = crawl.whole("max-pages", d.maxPages());
        // Sized for the pages the crawl may admit unless told how large the site is.
        long expected = crawl.whole("expected-pages", Math.min(maxPages, CrawlSpec.MAX_PAGES_LIMIT));
        Duration maxTime = crawl.value("max-time", Units::duration).orElse(d.maxTime());
        boolean sameHost = crawl.bool("same-host", d.sameHost());
        List<String> allowHosts = texts(crawl, "allow-hosts");
        String userAgent = crawl.text("user-agent").orElse(d.userAgent());
        boolean obey = crawl.choice("robots", Map.of("obey", true, "ignore", false)).orElse(d.obeyRobots());
        List<String> contentTypes = crawl.has("content-types") ? texts(crawl, "content-types") : d.contentTypes();
        long maxPageSize = crawl.value("max-page-size", Units::size).orElse(d.maxPageSize());

        MappingReader normalize = section(crawl, "normalize", NORMALIZE_KEYS);
        boolean sortQuery = normalize == null ? d.sortQuery() : normalize.bool("sort-query", d.sortQuery());
        List<String> strip = normalize == null ? d.stripParams() : texts(normalize, "strip-params");

        MappingReader perHostNode = section(crawl, "per-host", PER_HOST_KEYS);
        CrawlSpec.PerHost perHost = perHostNode == null ? d.perHost() : perHost(perHostNode, d.perHost());
        MappingReader retryNode = section(crawl, "retry", RETRY_KEYS);
        CrawlSpec.Retry retry = retryNode == null ? d.retry() : retry(retryNode, d.retry());
        MappingReader frontier = section(crawl, "frontier", FRONTIER_KEYS);
        int highWater = frontier == null ? d.highWater() : frontier.integer("high-water", d.highWater());

        crawl.rejectUnknownKeys(KEYS);
        if (perHost == null || retry == null) {
            return null;
        }
        Map<String, Node> deeper = new java.util.HashMap<>();
        if (frontier != null) {
            frontier.node("high-water").ifPresent(n -> deeper.put("frontier.high-water", n));
        }
        return crawl.build(() -> new CrawlSpec(maxDepth, maxPages, expected, maxTime, sameHost, allowHosts, sortQuery,
                strip, perHost, obey, userAgent, retry, contentTypes, maxPageSize, highWater), deeper);
    }

    private CrawlSpec.@Nullable PerHost perHost(MappingReader r, CrawlSpec.PerHost d) {
        int max = r.integer("max-connections", d.maxConnections());
        Duration delay = r.value("delay", Units::duration).orElse(d.delay());
        boolean adaptive = r.value("adaptive", CrawlBinder::onOff).orElse(d.adaptive());
        Duration bound = r.value("latency-bound", Units::duration).orElse(d.latencyBound());
        return r.build(() -> new CrawlSpec.PerHost(max, delay, adaptive, bound));
    }

    private CrawlSpec.@Nullable Retry retry(MappingReader r, CrawlSpec.Retry d) {
        int attempts = r.integer("attempts", d.attempts());
        Duration backoff = r.value("backoff", Units::duration).orElse(d.backoff());
        Duration maxWait = r.value("max-wait", Units::duration).orElse(d.maxWait());
        return r.build(() -> new CrawlSpec.Retry(attempts, backoff, maxWait));
    }

    /** A nested mapping with its unknown keys rejected, or null when absent (or not a mapping: reported). */
    private @Nullable MappingReader section(MappingReader parent, String key, List<String> keys) {
        Optional<Node> node = parent.node(key);
        if (node.isEmpty()) {
            return null;
        }
        MappingReader reader = MappingReader.of(node.get(), parent.child(key), problems, parent.interpolator())
                .orElse(null);
        if (reader != null) {
            reader.rejectUnknownKeys(keys);
        }
        return reader;
    }

    private List<String> texts(MappingReader r, String key) {
        List<String> out = new ArrayList<>();
        for (MappingReader.Item item : r.items(key).orElse(List.of())) {
            r.scalarText(item.node(), item.path()).ifPresent(out::add);
        }
        return out;
    }

    /** {@code on}/{@code off} as well as true/false: "adaptive: on" reads naturally. */
    static boolean onOff(String text) {
        return switch (text) {
            case "on" -> true;
            case "off" -> false;
            default -> MappingReader.parseBoolean(text);
        };
    }
}
