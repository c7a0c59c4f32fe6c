package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How a crawl expands: the limits that stop it ({@code max-depth}, {@code max-pages}, {@code max-time}),
 * which links it follows (hosts, content types, page size, robots.txt), how URLs are normalised before
 * dedup, how politely each host is treated, how 429/503 answers are retried, and how much of the
 * frontier stays in memory. Immutable; every rule is checked here.
 */
public record CrawlSpec(
        int maxDepth,
        long maxPages,
        long expectedPages,
        Duration maxTime,
        boolean sameHost,
        List<String> allowHosts,
        boolean sortQuery,
        List<String> stripParams,
        PerHost perHost,
        boolean obeyRobots,
        String userAgent,
        Retry retry,
        List<String> contentTypes,
        long maxPageSize,
        int highWater) {

    /** The most pages a crawl may be asked for: the frontier and the dedup set are sized for this. */
    public static final long MAX_PAGES_LIMIT = 1_000_000_000L;

    public CrawlSpec {
        if (maxDepth < 0) {
            throw new InvalidSpecException("max-depth", "must be >= 0 (0: the seeds only), but was " + maxDepth);
        }
        InvalidSpecException.positive("max-pages", maxPages);
        if (maxPages > MAX_PAGES_LIMIT) {
            throw new InvalidSpecException("max-pages", "must be at most " + MAX_PAGES_LIMIT + ", but was " + maxPages);
        }
        InvalidSpecException.positive("expected-pages", expectedPages);
        if (expectedPages > MAX_PAGES_LIMIT) {
            throw new InvalidSpecException("expected-pages", "must be at most " + MAX_PAGES_LIMIT + ", but was "
                    + expectedPages);
        }
        requireNonNull(maxTime, "maxTime");
        if (maxTime.isNegative() || maxTime.isZero()) {
            throw new InvalidSpecException("max-time", "must be > 0 (every crawl stops by itself), but was " + maxTime);
        }
        allowHosts = List.copyOf(allowHosts);
        stripParams = List.copyOf(stripParams);
        requireNonNull(perHost, "perHost");
        requireNonNull(userAgent, "userAgent");
        if (userAgent.isBlank()) {
            throw new InvalidSpecException("user-agent", "must not be blank");
        }
        requireNonNull(retry, "retry");
        contentTypes = List.copyOf(contentTypes);
        if (contentTypes.isEmpty()) {
            throw new InvalidSpecException("content-types", "must name at least one type (e.g. [text/html])");
        }
        InvalidSpecException.positive("max-page-size", maxPageSize);
        if (maxPageSize > Integer.MAX_VALUE - 8) {
            throw new InvalidSpecException("max-page-size", "must be below 2 GiB, but was " + maxPageSize);
        }
        if (highWater < 16) {
            throw new InvalidSpecException("frontier.high-water", "must be at least 16, but was " + highWater);
        }
    }

    /** These settings with another page limit (a short warm-up crawl). */
    public CrawlSpec withMaxPages(long pages) {
        return new CrawlSpec(maxDepth, pages, expectedPages, maxTime, sameHost, allowHosts, sortQuery, stripParams,
                perHost, obeyRobots, userAgent, retry, contentTypes, maxPageSize, highWater);
    }

    /** The defaults: 10 links deep, 100,000 pages, 30 minutes, one host, robots.txt obeyed. */
    public static CrawlSpec defaults() {
        return new CrawlSpec(10, 100_000, 100_000, Duration.ofMinutes(30), true, List.of(), true, List.of(),
                PerHost.defaults(), true, "sluice", Retry.defaults(), List.of("text/html", "application/xhtml+xml"),
                1 << 20, 10_000);
    }

    /**
     * Politeness per host ({@code host:port}): at most {@code maxConnections} requests at once, starts at
     * least {@code delay} apart (or robots.txt's crawl-delay, whichever is longer), and with {@code adaptive}
     * a limit that halves on 429, 503 or latency over {@code latencyBound} and grows back by one (AIMD).
     */
    public record PerHost(int maxConnections, Duration delay, boolean adaptive, Duration latencyBound) {
        public PerHost {
            InvalidSpecException.positive("max-connections", maxConnections);
            InvalidSpecException.notNegative("delay", requireNonNull(delay, "delay"));
            requireNonNull(latencyBound, "latencyBound");
            if (latencyBound.isNegative() || latencyBound.isZero()) {
                throw new InvalidSpecException("latency-bound", "must be > 0, but was " + latencyBound);
            }
        }

        public static PerHost defaults() {
            return new PerHost(8, Duration.ZERO, true, Duration.ofSeconds(2));
        }
    }

    /**
     * Retries of a page answered 429 or 503 (or not answered): up to {@code attempts} tries in all,
     * waiting the answer's Retry-After or else {@code backoff} doubled per try, never more than {@code maxWait}.
     */
    public record Retry(int attempts, Duration backoff, Duration maxWait) {
        public Retry {
            InvalidSpecException.positive("attempts", attempts);
            InvalidSpecException.notNegative("backoff", requireNonNull(backoff, "backoff"));
            InvalidSpecException.notNegative("max-wait", requireNonNull(maxWait, "maxWait"));
        }

        public static Retry defaults() {
            return new Retry(3, Duration.ofMillis(500), Duration.ofSeconds(30));
        }
    }
}
