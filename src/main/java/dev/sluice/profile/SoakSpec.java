package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A soak: {@code connections} keep-alive connections to {@code url}, each sending a GET every
 * {@code requestInterval} (zero: held only), opened {@code openRate} per second over {@code sourceAddresses},
 * for {@code duration}, measured per {@code window}; connections closed other than by the client are
 * replaced with {@code replaceClosed}; the run's server runs in a process of its own with
 * {@code serverProcess}; the verdicts' tolerances; and {@code shards}, the client processes the connections
 * are split over ({@link #AUTO_SHARDS}: as many as they need; 1: this JVM). Immutable; checked where it is made.
 *
 * <p>With a {@code load:} block ({@code load}), {@code duration} is the load's and {@code requestInterval} the
 * interval its model gives each connection (zero for concurrency); without one they are {@code soak.duration}
 * and {@code soak.request-interval}. {@code discoverRate} is a limit search by request rate (then
 * {@code discoverLimit}, the search by connections, is null).
 */
public record SoakSpec(
        int connections,
        Duration requestInterval,
        String url,
        Duration window,
        Duration duration,
        List<String> sourceAddresses,
        int openRate,
        Duration connectTimeout,
        Duration requestTimeout,
        boolean replaceClosed,
        boolean serverProcess,
        double connectionTolerance,
        double memoryTolerance,
        double driftRatio,
        @Nullable DiscoverLimit discoverLimit,
        @Nullable SoakLoad load,
        @Nullable DiscoverRateSpec discoverRate,
        int shards) {

    public SoakSpec {
        InvalidSpecException.positive("connections", connections);
        InvalidSpecException.notNegative("request-interval", requireNonNull(requestInterval, "requestInterval"));
        requireNonNull(url, "url");
        requireNonNull(window, "window");
        if (window.toMillis() < 100) {
            throw new InvalidSpecException("window", "must be at least 100ms, but was " + Units.format(window));
        }
        requireNonNull(duration, "duration");
        if (duration.compareTo(window) < 0) {
            throw new InvalidSpecException("duration", "must be at least one window (" + Units.format(window)
                    + "), but was " + Units.format(duration));
        }
        sourceAddresses = List.copyOf(sourceAddresses);
        InvalidSpecException.positive("open-rate", openRate);
        positive("connect-timeout", requireNonNull(connectTimeout, "connectTimeout"));
        positive("request-timeout", requireNonNull(requestTimeout, "requestTimeout"));
        if (!(connectionTolerance >= 0 && connectionTolerance <= 1)) {
            throw new InvalidSpecException("checks.connection-leak", "must be a fraction of the connections from 0 to 1, "
                    + "but was " + connectionTolerance);
        }
        if (!(memoryTolerance >= 0 && memoryTolerance <= 10)) {
            throw new InvalidSpecException("checks.memory-leak", "must be a share of the heap from 0 to 10, but was "
                    + memoryTolerance);
        }
        if (!(driftRatio >= 1)) {
            throw new InvalidSpecException("checks.latency-drift", "must be a ratio of at least 1, but was " + driftRatio);
        }
        if (shards < AUTO_SHARDS || shards > MAX_SHARDS) {
            throw new InvalidSpecException("shards", "must be auto or a number of processes from 1 to " + MAX_SHARDS
                    + ", but was " + shards);
        }
        if (shards > connections) {
            throw new InvalidSpecException("shards", "must be at most the connections (" + connections + "), but was " + shards);
        }
        if (shards > 1 && (discoverLimit != null || discoverRate != null)) {
            throw new InvalidSpecException("shards", "a limit search holds its connections in one process; remove shards "
                    + "or discover-limit");
        }
        if (load != null) {
            if (!duration.equals(load.duration()) || !requestInterval.equals(load.requestInterval(connections))) {
                throw new IllegalArgumentException("a soak with a load: block takes its duration and request interval "
                        + "from it (" + Units.format(load.duration()) + ", " + Units.format(load.requestInterval(connections))
                        + "), but was given " + Units.format(duration) + " and " + Units.format(requestInterval));
            }
            if (load instanceof SoakLoad.Concurrency c && c.users() > connections) {
                throw new InvalidSpecException("connections", "must be at least load.users (" + c.users() + "), but was "
                        + connections);
            }
            if (discoverRate != null) {
                throw new IllegalArgumentException("discover-limit by rate sets each step's rate; a load: block cannot");
            }
        }
        if (discoverLimit != null && discoverRate != null) {
            throw new IllegalArgumentException("one limit search at a time: by connections or by rate");
        }
    }

    /**
     * The limit search instead of a soak: {@code step}, {@code 2 x step}, ... connections up to {@code max},
     * each held for a window, until the server refuses, times out or its p99 passes {@code p99Bound}.
     */
    public record DiscoverLimit(int step, int max, Duration p99Bound) {
        public DiscoverLimit {
            InvalidSpecException.positive("step", step);
            if (max < step) {
                throw new InvalidSpecException("max", "must be at least step (" + step + "), but was " + max);
            }
            requireNonNull(p99Bound, "p99Bound");
            if (p99Bound.isNegative() || p99Bound.isZero()) {
                throw new InvalidSpecException("p99-bound", "must be > 0, but was " + Units.format(p99Bound));
            }
        }
    }

    /** {@code shards: auto}: as many processes as the connections need (see {@code SoakRunner}). */
    public static final int AUTO_SHARDS = 0;
    public static final int MAX_SHARDS = 64;

    /** The URL when the profile gives none: 100 bytes from the run's own test server. */
    public static final String DEFAULT_URL = "${server.url}/bytes/100";

    private static void positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new InvalidSpecException(field, "must be > 0, but was " + Units.format(d));
        }
    }
}
