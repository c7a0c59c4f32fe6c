package dev.sluice.soak;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ConnectionFleet} holds open: {@code connections} keep-alive HTTP/1.1 connections to
 * {@code target} (an {@code http://} URI whose path and query are requested), each sending one GET
 * every {@code interval} ({@link Duration#ZERO}: none, the connections are only held), bound in turn
 * to each of {@code sources} (empty: the OS chooses the source address), opened at most
 * {@code openRate} per second. With {@code closedLoop} the connections send in a closed loop instead of
 * every interval: {@link ClosedLoop#users()} of them each send the next GET as soon as the answer to the
 * last is in (after the think time), the rest are only held.
 *
 * <p>Loopback only: the target and every source must be a loopback address (127.0.0.0/8 or ::1), so a
 * fleet of tens of thousands of connections can never be aimed at another machine by mistake. The
 * host is an address literal or {@code localhost}; nothing is looked up in DNS.
 */
public record FleetSpec(
        URI target,
        int connections,
        Duration interval,
        List<InetAddress> sources,
        Duration connectTimeout,
        Duration requestTimeout,
        int openRate,
        boolean replaceClosed,
        @Nullable ClosedLoop closedLoop) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_OPEN_RATE = 2_000;

    public FleetSpec {
        requireNonNull(target, "target");
        requireNonNull(interval, "interval");
        sources = List.copyOf(requireNonNull(sources, "sources"));
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(requestTimeout, "requestTimeout");
        if (!"http".equalsIgnoreCase(target.getScheme())) {
            throw invalid("target", "must be an http:// URI", target);
        }
        if (target.getPort() < 1) {
            throw invalid("target", "must name its port explicitly (http://127.0.0.1:PORT/path)", target);
        }
        InetAddress host = loopback("target", target.getHost(), target);
        if (connections < 1) {
            throw invalid("connections", "must be at least 1", connections);
        }
        if (interval.isNegative()) {
            throw invalid("interval", "must be zero (hold only) or positive", interval);
        }
        var seen = new HashSet<InetAddress>();
        for (InetAddress source : sources) {
            if (!source.isLoopbackAddress()) {
                throw invalid("sources", "must all be loopback addresses (127.0.0.0/8 or ::1)", source.getHostAddress());
            }
            if (source.getAddress().length != host.getAddress().length) {
                throw invalid("sources", "must be of the target's address family (" + host.getHostAddress() + ")",
                        source.getHostAddress());
            }
            if (!seen.add(source)) {
                throw invalid("sources", "must not repeat an address", source.getHostAddress());
            }
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw invalid("connectTimeout", "must be positive", connectTimeout);
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw invalid("connectTimeout", "must be at most " + Integer.MAX_VALUE + " ms", connectTimeout);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw invalid("requestTimeout", "must be positive", requestTimeout);
        }
        if (openRate < 1) {
            throw invalid("openRate", "must be at least 1 connection per second", openRate);
        }
        if (closedLoop != null) {
            if (!interval.isZero()) {
                throw invalid("interval", "must be zero in a closed loop (a user sends when its answer is in)", interval);
            }
            if (closedLoop.users() > connections) {
                throw invalid("closedLoop.users", "must be at most the connections (" + connections + ")",
                        closedLoop.users());
            }
        }
    }

    /** The fleet without a closed loop (each connection sends every {@code interval}). */
    public FleetSpec(URI target, int connections, Duration interval, List<InetAddress> sources, Duration connectTimeout,
            Duration requestTimeout, int openRate, boolean replaceClosed) {
        this(target, connections, interval, sources, connectTimeout, requestTimeout, openRate, replaceClosed, null);
    }

    /**
     * A closed loop: {@code users} connections each send a GET, wait for its answer, wait {@code thinkTime},
     * and send the next. Latency is from each send, as a user sees it (a closed model has no schedule).
     */
    public record ClosedLoop(int users, Duration thinkTime) {
        public ClosedLoop {
            requireNonNull(thinkTime, "thinkTime");
            if (users < 1) {
                throw invalid("closedLoop.users", "must be at least 1", users);
            }
            if (thinkTime.isNegative()) {
                throw invalid("closedLoop.thinkTime", "must be zero or positive", thinkTime);
            }
        }
    }

    /** {@code connections} to {@code target}, one GET each per {@code interval}; defaults for the rest. */
    public static FleetSpec of(URI target, int connections, Duration interval) {
        return new FleetSpec(target, connections, interval, List.of(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_OPEN_RATE, false);
    }

    /** The same fleet bound round-robin to these source addresses. */
    public FleetSpec withSources(List<InetAddress> newSources) {
        return new FleetSpec(target, connections, interval, newSources, connectTimeout, requestTimeout, openRate, replaceClosed, closedLoop);
    }

    public FleetSpec withOpenRate(int newOpenRate) {
        return new FleetSpec(target, connections, interval, sources, connectTimeout, requestTimeout, newOpenRate, replaceClosed, closedLoop);
    }

    public FleetSpec withTimeouts(Duration newConnectTimeout, Duration newRequestTimeout) {
        return new FleetSpec(target, connections, interval, sources, newConnectTimeout, newRequestTimeout, openRate, replaceClosed, closedLoop);
    }

    /**
     * The same fleet, replacing (or not) each connection that closes other than by us (the server closed
     * it, a request timed out): a soak keeps its count of connections as a load generator would, so a
     * server that holds on to the sockets of connections its clients gave up on shows its leak.
     */
    public FleetSpec withReplacement(boolean replace) {
        return new FleetSpec(target, connections, interval, sources, connectTimeout, requestTimeout, openRate, replace, closedLoop);
    }

    /** The same fleet in a closed loop (see {@link ClosedLoop}); the interval becomes zero. */
    public FleetSpec withClosedLoop(int users, Duration thinkTime) {
        return new FleetSpec(target, connections, Duration.ZERO, sources, connectTimeout, requestTimeout, openRate,
                replaceClosed, new ClosedLoop(users, thinkTime));
    }

    /** The same fleet with another count of connections (and the same interval per connection). */
    public FleetSpec withConnections(int newConnections) {
        return new FleetSpec(target, newConnections, interval, sources, connectTimeout, requestTimeout, openRate,
                replaceClosed, closedLoop);
    }

    /**
     * The same fleet sending {@code perSecond} requests a second in all, spread evenly over its connections:
     * each sends one GET every {@code connections / perSecond}.
     */
    public FleetSpec withTotalRate(double perSecond) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw invalid("rate", "must be > 0 and finite", perSecond);
        }
        long nanos = Math.max(1, Math.round(connections * 1e9 / perSecond));
        return new FleetSpec(target, connections, Duration.ofNanos(nanos), sources, connectTimeout, requestTimeout,
                openRate, replaceClosed, null);
    }

    /** The fleet's requested rate in requests per second: connections / interval (0 when held only or closed). */
    public double totalRate() {
        return interval.isZero() || closedLoop != null ? 0 : connections * 1e9 / interval.toNanos();
    }

    /** The target's address and port (already a literal: no lookup). */
    public InetSocketAddress address() {
        return new InetSocketAddress(loopback("target", target.getHost(), target), target.getPort());
    }

    /** The request target: the URI's raw path and query, {@code /} when it has none. */
    public String path() {
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
    }

    /** The Host header: host and port as written in the URI. */
    public String hostHeader() {
        return target.getHost() + ":" + target.getPort();
    }

    /** Loopback addresses 127.0.0.1, 127.0.0.2, ... up to {@code count} of them, for {@link #withSources}. */
    public static List<InetAddress> loopbackSources(int count) {
        if (count < 1 || count > 254) {
            throw invalid("sources", "count must be 1 to 254", count);
        }
        var out = new java.util.ArrayList<InetAddress>();
        for (int i = 1; i <= count; i++) {
            try {
                out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(out);
    }

    private static InetAddress loopback(String field, String host, Object value) {
        if (host == null || host.isEmpty()) {
            throw invalid(field, "must name a host", value);
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        boolean isLiteral = literal.equalsIgnoreCase("localhost") || literal.contains(":")
                || literal.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        InetAddress address;
        try {
            address = isLiteral ? InetAddress.getByName(literal) : null;
        } catch (UnknownHostException e) {
            address = null;
        }
        if (address == null || !address.isLoopbackAddress()) {
            throw invalid(field, "must be a loopback address (127.0.0.0/8, ::1 or localhost)", value);
        }
        return address;
    }

    private static IllegalArgumentException invalid(String field, String rule, Object value) {
        return new IllegalArgumentException("fleet " + field + " " + rule + ", but was " + value);
    }
}
