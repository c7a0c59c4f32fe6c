package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What a stage does to one item. The kinds are closed: each has its own record. */
public sealed interface WorkSpec {

    /** The kind as written in a profile. */
    String kind();

    /** All kinds a profile may name today. */
    List<String> KINDS = List.of("cpu", "sleep", "blocking-io", "identity", "http", "consumer", "extract-links");

    /** CPU-bound work on the item's number, e.g. the seed's sum of squares. */
    record Cpu(CpuFunction function) implements WorkSpec {
        public Cpu {
            requireNonNull(function, "function");
        }

        @Override
        public String kind() {
            return "cpu";
        }
    }

    /** A non-blocking pause: the item waits on a timer, no thread is held. */
    record Sleep(Duration duration) implements WorkSpec {
        public Sleep {
            InvalidSpecException.notNegative("duration", requireNonNull(duration, "duration"));
        }

        @Override
        public String kind() {
            return "sleep";
        }
    }

    /** Holds its thread for the duration, standing for a blocking call (a socket read, a JDBC query). */
    record BlockingIo(Duration duration) implements WorkSpec {
        public BlockingIo {
            InvalidSpecException.notNegative("duration", requireNonNull(duration, "duration"));
        }

        @Override
        public String kind() {
            return "blocking-io";
        }
    }

    /**
     * One HTTP request per item. {@code url} (and {@code body}, header values) may hold {@code ${item}}
     * and {@code ${server.url}}, filled in per item. On the {@code event-loop} scheduler it is the
     * non-blocking Reactor Netty client; on the others a blocking client, one per worker thread.
     */
    record Http(String method, String url, Map<String, String> headers, String body, Duration timeout,
            ClientSpec client) implements WorkSpec {
        public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

        public Http {
            requireNonNull(method, "method");
            requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            requireNonNull(body, "body");
            requireNonNull(timeout, "timeout");
            requireNonNull(client, "client");
            if (!METHODS.contains(method)) {
                throw new InvalidSpecException("method", "must be one of " + String.join(", ", METHODS) + ", but was " + method);
            }
            if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("${")) {
                throw new InvalidSpecException("url", "must start with http:// or https:// (or a ${...} such as ${server.url}), "
                        + "but was '" + url + "'");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw new InvalidSpecException("timeout", "must be > 0, but was " + Units.format(timeout));
            }
        }

        @Override
        public String kind() {
            return "http";
        }
    }

    /**
     * How an http stage connects. The pool applies to the event-loop client, per host: at most
     * {@code maxConnections} (0: the stage's concurrency), {@code pendingAcquireMax} requests waiting
     * for one (0: twice the connections) for at most {@code pendingAcquireTimeout}; idle and old
     * connections are closed after {@code maxIdleTime} / {@code maxLifeTime} (0: never).
     */
    record ClientSpec(int maxConnections, int pendingAcquireMax, Duration pendingAcquireTimeout, Duration maxIdleTime,
            Duration maxLifeTime, boolean keepAlive, boolean h2c, Duration connectTimeout) {
        public static final ClientSpec DEFAULTS = new ClientSpec(0, 0, Duration.ofSeconds(45), Duration.ZERO,
                Duration.ZERO, true, false, Duration.ofSeconds(10));

        public ClientSpec {
            InvalidSpecException.notNegative("max-connections", maxConnections);
            InvalidSpecException.notNegative("pending-acquire-max", pendingAcquireMax);
            InvalidSpecException.notNegative("pending-acquire-timeout", requireNonNull(pendingAcquireTimeout, "pendingAcquireTimeout"));
            InvalidSpecException.notNegative("max-idle-time", requireNonNull(maxIdleTime, "maxIdleTime"));
            InvalidSpecException.notNegative("max-life-time", requireNonNull(maxLifeTime, "maxLifeTime"));
            requireNonNull(connectTimeout, "connectTimeout");
            if (connectTimeout.isZero() || connectTimeout.isNegative()) {
                throw new InvalidSpecException("connect-timeout", "must be > 0, but was " + Units.format(connectTimeout));
            }
        }

        /** Connections per host for a stage of the given concurrency. */
        public int connections(int concurrency) {
            return maxConnections > 0 ? maxConnections : concurrency;
        }

        /** Requests that may wait for a connection, per host. */
        public int pending(int concurrency) {
            return pendingAcquireMax > 0 ? pendingAcquireMax : 2 * connections(concurrency);
        }
    }

    /**
     * A crawl's link stage: takes the page its fetch stage brought, parses its links, admits the new ones
     * to the frontier of stage {@code recurseTo} (the crawl's fetch stage) and passes a summary of the page on.
     */
    record ExtractLinks(String recurseTo) implements WorkSpec {
        public ExtractLinks {
            requireNonNull(recurseTo, "recurseTo");
        }

        @Override
        public String kind() {
            return "extract-links";
        }
    }

    /** Passes the item on unchanged (useful to measure the pipeline's own cost). */
    record Identity() implements WorkSpec {
        @Override
        public String kind() {
            return "identity";
        }
    }

    /**
     * Seed experiment 4: each item is a consumer that waits for a start signal sent by a producer
     * {@code startAfter} after the stage's first item, then counts to {@code counts} with a pause
     * before each count, adding every count to a counter all consumers share. With
     * {@link Coordination#LOCK} the flag and the counter sit behind one lock, consumers check the flag
     * every {@code poll} and pause by holding their thread (the threaded version); with
     * {@link Coordination#LOCK_FREE} a consumer waits on the signal itself and pauses on a timer, and
     * the counter is an atomic (the event-loop version).
     */
    record Consumer(int counts, Duration pause, Duration startAfter, Coordination coordination, Duration poll)
            implements WorkSpec {
        public static final int DEFAULT_COUNTS = 10;
        public static final Duration DEFAULT_PAUSE = Duration.ofSeconds(1);
        public static final Duration DEFAULT_START_AFTER = Duration.ofMillis(100);
        public static final Duration DEFAULT_POLL = Duration.ofMillis(10);

        public Consumer {
            if (counts < 1) {
                throw new InvalidSpecException("counts", "must be >= 1, but was " + counts);
            }
            InvalidSpecException.notNegative("pause", requireNonNull(pause, "pause"));
            InvalidSpecException.notNegative("start-after", requireNonNull(startAfter, "startAfter"));
            requireNonNull(coordination, "coordination");
            requireNonNull(poll, "poll");
            if (poll.isZero() || poll.isNegative()) {
                throw new InvalidSpecException("poll", "must be > 0, but was " + Units.format(poll));
            }
        }

        public Consumer withCoordination(Coordination c) {
            return new Consumer(counts, pause, startAfter, c, poll);
        }

        @Override
        public String kind() {
            return "consumer";
        }
    }

    /** How a consumer stage's items share their start flag and counter. */
    enum Coordination {
        /** One lock guards the flag and the counter; consumers poll the flag and hold threads while pausing. */
        LOCK("lock"),
        /** No lock: consumers wait on the signal and on timers; the counter is an atomic. */
        LOCK_FREE("lock-free");

        private final String label;

        Coordination(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The CPU functions of the seed experiments. */
    enum CpuFunction {
        /** Sum of i*i for 0 <= i < n (experiment 2). */
        SUM_OF_SQUARES("sum-of-squares"),
        /** n steps of a loop the JIT cannot remove (experiment 3's "count to n"). */
        COUNT("count");

        private final String label;

        CpuFunction(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static List<String> labels() {
            return Arrays.stream(values()).map(CpuFunction::label).toList();
        }
    }
}
