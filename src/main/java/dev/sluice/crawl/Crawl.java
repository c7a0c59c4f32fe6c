package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.CrawlSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

/**
 * One crawl's shared state: which links are admitted to the {@link Frontier} (normalised, on an allowed
 * host, not too deep, allowed by robots.txt where its rules are known, under {@code max-pages}, and seen
 * for the first time), the politeness gate of each host, and the counts. A URL is marked as seen only
 * when it is admitted, so a link refused for a reason of its own page (too deep) can still come in
 * through another page. Thread-safe: the link stage admits from several threads at once.
 */
public final class Crawl implements AutoCloseable {

    private final CrawlSpec spec;
    private final UrlNormalizer normalizer;
    private final UrlDedup seen;
    private final Frontier frontier;
    private final CrawlStats stats;
    private final LongSupplier nanos;
    private final Scheduler timer;
    private final Map<String, HostGate> gates = new ConcurrentHashMap<>();
    private final Map<String, RobotsRules> robots = new ConcurrentHashMap<>();
    private final Set<String> seedHosts = ConcurrentHashMap.newKeySet();
    private final Set<String> allowHosts;
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong seeds = new AtomicLong();
    private volatile boolean timeUp;

    public Crawl(CrawlSpec spec, Path spillFile, LongSupplier nanos, Scheduler timer) {
        this.spec = requireNonNull(spec, "spec");
        this.normalizer = new UrlNormalizer(spec.sortQuery(), spec.stripParams());
        this.seen = new UrlDedup(spec.expectedPages());
        this.frontier = new Frontier(spec.highWater(), spillFile);
        this.stats = new CrawlStats(spec.maxDepth());
        this.nanos = requireNonNull(nanos, "nanos");
        this.timer = requireNonNull(timer, "timer");
        this.allowHosts = Set.copyOf(spec.allowHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
    }

    /**
     * Admits a seed at depth 0; its host becomes one the crawl may stay on.
     *
     * @throws IllegalArgumentException for a URL that is not http(s) or whose host is neither on loopback
     *         nor in {@code allow-hosts}: the message says which and what to do
     */
    public void seed(String url) {
        String normal = normalizer.normalize(url).orElseThrow(() -> new IllegalArgumentException(
                "crawl seed '" + url + "' is not an http or https URL"));
        String host = UrlNormalizer.host(normal);
        if (!loopback(host) && !listed(host)) {
            throw new IllegalArgumentException("crawl seed '" + url + "' is not on this machine (" + host + "): sluice "
                    + "crawls loopback test servers unless the host is named in crawl.allow-hosts");
        }
        seedHosts.add(host);
        seeds.incrementAndGet();
        admit(normal, 0);
    }

    /**
     * Admits the new links of {@code page} at one level deeper and counts why the others were not; returns
     * how many were admitted.
     */
    public int admitLinks(CrawlTarget page, List<String> links) {
        stats.linksFound(links.size());
        int depth = page.depth() + 1;
        if (depth > spec.maxDepth()) {
            stats.filtered(FilterReason.TOO_DEEP, links.size());
            return 0;
        }
        int count = 0;
        for (String link : links) {
            Optional<String> normal = normalizer.normalize(link);
            if (normal.isEmpty()) {
                stats.filtered(FilterReason.INVALID, 1);
                continue;
            }
            String url = normal.get();
            String host = UrlNormalizer.host(url);
            if (!hostAllowed(host)) {
                stats.filtered(FilterReason.OFF_HOST, 1);
                continue;
            }
            RobotsRules rules = robots.get(host);
            if (rules != null && !rules.allowed(url)) {
                stats.filtered(FilterReason.ROBOTS, 1);
                continue;
            }
            if (admit(url, depth)) {
                count++;
            }
        }
        return count;
    }

    /** Takes a place under max-pages, then marks the URL seen; a duplicate gives its place back. */
    private boolean admit(String url, int depth) {
        if (admitted.getAndIncrement() >= spec.maxPages()) {
            admitted.decrementAndGet();
            stats.filtered(FilterReason.OVER_MAX_PAGES, 1);
            return false;
        }
        if (!seen.firstSeen(url)) {
            admitted.decrementAndGet();
            stats.filtered(FilterReason.DUPLICATE, 1);
            return false;
        }
        if (!frontier.offer(new CrawlTarget(url, depth))) {
            // The run is over (stopped): a link found by a page still in flight is not admitted.
            admitted.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Whether the crawl goes to {@code host} ({@code host[:port]} as {@link UrlNormalizer#host} gives it). */
    public boolean hostAllowed(String host) {
        if (listed(host)) {
            return true;
        }
        if (!loopback(host)) {
            return false;
        }
        return !spec.sameHost() || seedHosts.contains(host);
    }

    private boolean listed(String host) {
        return allowHosts.contains(host) || allowHosts.contains(hostName(host));
    }

    /** A literal loopback address or localhost: no name is resolved to decide. */
    static boolean loopback(String host) {
        String name = hostName(host);
        if (name.equals("localhost") || name.equals("[::1]")) {
            return true;
        }
        if (!name.startsWith("127.")) {
            return false;
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** The name without its port: {@code 127.0.0.2:8080} is {@code 127.0.0.2}, {@code [::1]:80} is {@code [::1]}. */
    static String hostName(String host) {
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']');
        return colon > bracket ? host.substring(0, colon) : host;
    }

    /** The politeness gate of {@code host}, made on first use. */
    public HostGate gate(String host) {
        return gates.computeIfAbsent(host, h -> new HostGate(h, spec.perHost().maxConnections(),
                spec.perHost().delay().toNanos(), spec.perHost().adaptive(), spec.perHost().latencyBound().toNanos(),
                nanos, timer));
    }

    /** Records a host's robots.txt: later links are checked at admission, and its crawl-delay slows its gate. */
    public void robotsKnown(String host, RobotsRules rules) {
        robots.put(host, rules);
        if (!rules.crawlDelay().isZero()) {
            gate(host).atLeast(rules.crawlDelay().toNanos());
        }
    }

    public @Nullable RobotsRules robots(String host) {
        return robots.get(host);
    }

    public CrawlSpec spec() {
        return spec;
    }

    public Frontier frontier() {
        return frontier;
    }

    public CrawlStats stats() {
        return stats;
    }

    /** URLs admitted to the frontier so far, seeds included. */
    public long admitted() {
        return admitted.get();
    }

    public long seeds() {
        return seeds.get();
    }

    /** URLs in the dedup set and the memory it holds. */
    public long seenUrls() {
        return seen.size();
    }

    public long seenBytes() {
        return seen.approximateBytes();
    }

    /** Each host's politeness figures, by host. */
    public List<HostGate.HostView> hosts() {
        return gates.values().stream().map(HostGate::view).sorted(java.util.Comparator.comparing(HostGate.HostView::host))
                .toList();
    }

    /** Requests in flight now, over all hosts. */
    public int inFlightRequests() {
        return gates.values().stream().mapToInt(HostGate::inUse).sum();
    }

    /** Marks that max-time passed: the frontier hands out no more pages. */
    public void timeUp() {
        timeUp = true;
    }

    /** Whether the crawl was stopped by max-time rather than running out of pages. */
    public boolean stoppedByTime() {
        return timeUp;
    }

    @Override
    public void close() {
        frontier.close();
    }
}
