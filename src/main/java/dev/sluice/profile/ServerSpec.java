package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded test server: where it listens, the synthetic site it serves, and the latency and
 * faults of each route. Written as a profile's {@code server:} block or a {@code sluice serve --config}
 * file. Every random choice it makes is drawn from {@code seed}, so a run can be repeated exactly.
 */
public record ServerSpec(
        String host,
        int port,
        int hosts,
        long seed,
        List<Protocol> protocols,
        ConnectionSpec connections,
        SiteSpec site,
        RobotsSpec robots,
        Map<String, RouteSpec> routes) {

    /** Route names that take settings under {@code routes:}; {@code default} applies to the others. */
    public static final List<String> ROUTES = List.of("site", "bytes", "delay", "status", "api", "robots", "default");

    public ServerSpec {
        requireNonNull(host, "host");
        protocols = List.copyOf(protocols);
        requireNonNull(connections, "connections");
        requireNonNull(site, "site");
        requireNonNull(robots, "robots");
        routes = Map.copyOf(routes);
        if (port < 0 || port > 65535) {
            throw new InvalidSpecException("port", "must be 0 (any free port) to 65535, but was " + port);
        }
        InvalidSpecException.positive("hosts", hosts);
        if (hosts > 1) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})").matcher(host);
            if (!m.matches() || Integer.parseInt(m.group(1)) > 255 || Integer.parseInt(m.group(2)) > 255
                    || Integer.parseInt(m.group(3)) > 255) {
                throw new InvalidSpecException("hosts", "above 1 needs an IPv4 loopback host (127.x.y.z) to count up from, "
                        + "but host was " + host);
            }
            long last = (Long.parseLong(m.group(2)) << 8 | Long.parseLong(m.group(3))) + hosts - 1;
            if (last > 0xFFFE) {
                throw new InvalidSpecException("hosts", "counts past the loopback range 127.0.0.0/8 from " + host
                        + "; use fewer hosts or start lower");
            }
        }
        if (protocols.isEmpty()) {
            throw new InvalidSpecException("protocols", "must name at least one of http1.1, h2c");
        }
        for (String route : routes.keySet()) {
            if (!ROUTES.contains(route)) {
                throw new InvalidSpecException("routes", "has an unknown route '" + route + "'; routes are " + ROUTES);
            }
        }
    }

    /** The defaults: loopback, any free port, one host, a 100,000-page site, no latency, no faults. */
    public static ServerSpec defaults() {
        return new ServerSpec("127.0.0.1", 0, 1, 1, List.of(Protocol.HTTP11, Protocol.H2C), ConnectionSpec.defaults(),
                SiteSpec.defaults(), RobotsSpec.defaults(), Map.of());
    }

    /** The settings of a route: its own, else those under {@code default}, else none. */
    public RouteSpec route(String name) {
        return routes.getOrDefault(name, routes.getOrDefault("default", RouteSpec.NONE));
    }

    /** The wire protocols the server speaks (both by default). */
    public enum Protocol {
        HTTP11("http1.1"), H2C("h2c");

        private final String label;

        Protocol(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Connection handling: keep-alive, idle timeout, and a cap on open connections. */
    public record ConnectionSpec(boolean keepAlive, Duration idleTimeout, int maxConnections, Beyond beyondMax) {
        public ConnectionSpec {
            InvalidSpecException.notNegative("idle-timeout", requireNonNull(idleTimeout, "idleTimeout"));
            InvalidSpecException.notNegative("max-connections", maxConnections);
            requireNonNull(beyondMax, "beyondMax");
        }

        public static ConnectionSpec defaults() {
            return new ConnectionSpec(true, Duration.ofSeconds(60), 0, Beyond.REFUSE);
        }

        /** What happens to a connection beyond {@code max-connections}. */
        public enum Beyond {
            /** Accepted and closed at once: the client sees a reset or an early close. */
            REFUSE("refuse"),
            /** Left waiting in the kernel's accept queue until a connection closes. */
            HOLD("hold");

            private final String label;

            Beyond(String label) {
                this.label = label;
            }

            public String label() {
                return label;
            }
        }
    }

    /** The synthetic site under {@code /site/}: a deterministic graph of pages, all reachable from the root. */
    public record SiteSpec(long pages, int outDegree, int pageSize) {
        public SiteSpec {
            InvalidSpecException.positive("pages", pages);
            InvalidSpecException.notNegative("out-degree", outDegree);
            if (outDegree == 0 && pages > 1) {
                throw new InvalidSpecException("out-degree", "must be > 0 for a site of more than one page "
                        + "(every page must be reachable from the root), but was 0");
            }
            InvalidSpecException.positive("page-size", pageSize);
        }

        public static SiteSpec defaults() {
            return new SiteSpec(100_000, 20, 4096);
        }
    }

    /** {@code /robots.txt}: disallowed path prefixes and a crawl delay (zero: none). */
    public record RobotsSpec(List<String> disallow, Duration crawlDelay) {
        public RobotsSpec {
            disallow = List.copyOf(disallow);
            for (String prefix : disallow) {
                if (!prefix.startsWith("/")) {
                    throw new InvalidSpecException("disallow", "prefixes must start with '/', but one was '" + prefix + "'");
                }
            }
            InvalidSpecException.notNegative("crawl-delay", requireNonNull(crawlDelay, "crawlDelay"));
        }

        public static RobotsSpec defaults() {
            return new RobotsSpec(List.of(), Duration.ZERO);
        }
    }

    /** A route's latency and faults. */
    public record RouteSpec(LatencySpec latency, FaultSpec faults) {
        public static final RouteSpec NONE = new RouteSpec(new LatencySpec.None(), FaultSpec.NONE);

        public RouteSpec {
            requireNonNull(latency, "latency");
            requireNonNull(faults, "faults");
        }
    }

    /**
     * Faults a route injects. Rates are fractions of requests in [0, 1]. A stall pauses every response
     * for {@code stallFor} once every {@code stallEvery}; {@code slowBodyBytesPerSecond} > 0 trickles
     * bodies at that rate.
     */
    public record FaultSpec(
            double errorRate,
            int errorStatus,
            Duration retryAfter,
            double resetRate,
            double closeMidBodyRate,
            Duration stallEvery,
            Duration stallFor,
            long slowBodyBytesPerSecond,
            double hangRate) {

        // Declared before NONE: static fields initialise in order, and NONE's constructor reads this set.
        private static final Set<Integer> ERROR_STATUSES = Set.of(429, 500, 502, 503, 504);
        public static final FaultSpec NONE = new FaultSpec(0, 503, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0);

        public FaultSpec {
            rate("error-rate", errorRate);
            rate("reset-rate", resetRate);
            rate("close-mid-body-rate", closeMidBodyRate);
            rate("hang-rate", hangRate);
            if (!ERROR_STATUSES.contains(errorStatus)) {
                throw new InvalidSpecException("error-status", "must be one of 429, 500, 502, 503, 504, but was " + errorStatus);
            }
            InvalidSpecException.notNegative("retry-after", requireNonNull(retryAfter, "retryAfter"));
            InvalidSpecException.notNegative("stall", requireNonNull(stallEvery, "stallEvery"));
            InvalidSpecException.notNegative("stall", requireNonNull(stallFor, "stallFor"));
            if (!stallEvery.isZero() && stallFor.compareTo(stallEvery) >= 0) {
                throw new InvalidSpecException("stall", "'for' (" + Units.format(stallFor) + ") must be shorter than 'every' ("
                        + Units.format(stallEvery) + ")");
            }
            InvalidSpecException.notNegative("slow-body", slowBodyBytesPerSecond);
            double sum = errorRate + resetRate + closeMidBodyRate + hangRate;
            if (sum > 1.0 + 1e-9) {
                throw new InvalidSpecException("error-rate", "+ reset-rate + close-mid-body-rate + hang-rate must add up to "
                        + "at most 1, but was " + new java.math.BigDecimal(sum).round(new java.math.MathContext(4))
                        .stripTrailingZeros().toPlainString());
            }
            if (stallEvery.isZero() && !stallFor.isZero()) {
                throw new InvalidSpecException("stall", "needs 'every' above zero to stall for " + Units.format(stallFor));
            }
        }

        public boolean stalls() {
            return !stallEvery.isZero() && !stallFor.isZero();
        }

        private static void rate(String field, double rate) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new InvalidSpecException(field, "must be a fraction from 0 to 1, but was " + rate);
            }
        }
    }
}
