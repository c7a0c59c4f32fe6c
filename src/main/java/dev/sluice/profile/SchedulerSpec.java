package dev.sluice.profile;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The concurrency model a stage runs on. Each kind is a record with only the settings it takes. */
public sealed interface SchedulerSpec {

    /** The kind as written in a profile. */
    String kind();

    /** How many items the stage works on at once when the profile does not say. */
    int defaultConcurrency();

    /** Kinds a profile may name today. */
    List<String> KINDS = List.of("single", "bounded-elastic", "virtual", "io", "parallel", "event-loop", "process");

    /** Kinds named in the design that arrive with later features. */
    List<String> RESERVED = List.of();

    /** One thread: the plain loop. */
    record Single() implements SchedulerSpec {
        @Override
        public String kind() {
            return "single";
        }

        @Override
        public int defaultConcurrency() {
            return 1;
        }
    }

    /** A bounded pool of platform threads, like {@code ThreadPoolExecutor(max_workers=threads)}. */
    record BoundedElastic(int threads, int queue) implements SchedulerSpec {
        public static final int DEFAULT_QUEUE = 100_000;

        public BoundedElastic {
            InvalidSpecException.positive("threads", threads);
            InvalidSpecException.positive("queue", queue);
        }

        public static int defaultThreads() {
            return 10 * Runtime.getRuntime().availableProcessors();
        }

        @Override
        public String kind() {
            return "bounded-elastic";
        }

        @Override
        public int defaultConcurrency() {
            return threads;
        }
    }

    /** A virtual thread per item; the stage's concurrency bounds how many exist at once. */
    record Virtual() implements SchedulerSpec {
        public static final int DEFAULT_CONCURRENCY = 1024;

        @Override
        public String kind() {
            return "virtual";
        }

        @Override
        public int defaultConcurrency() {
            return DEFAULT_CONCURRENCY;
        }
    }

    /**
     * An unbounded pool of platform threads that reuses idle ones and starts a new one whenever all are
     * busy: a thread per item in flight, as RxJava's {@code Schedulers.io()} (and Python's "one thread
     * per task"). The stage's concurrency is the only bound.
     */
    record Io() implements SchedulerSpec {
        public static final int DEFAULT_CONCURRENCY = 256;

        @Override
        public String kind() {
            return "io";
        }

        @Override
        public int defaultConcurrency() {
            return DEFAULT_CONCURRENCY;
        }
    }

    /**
     * Non-blocking I/O on Reactor Netty's event-loop threads, with no hop of its own: the asyncio model,
     * many requests in flight on few threads. Work that blocks here stalls every request on the loop.
     */
    record EventLoop() implements SchedulerSpec {
        public static final int DEFAULT_CONCURRENCY = 256;

        @Override
        public String kind() {
            return "event-loop";
        }

        @Override
        public int defaultConcurrency() {
            return DEFAULT_CONCURRENCY;
        }
    }

    /** One thread per core (or {@code threads}): CPU work on every core. */
    record Parallel(int threads) implements SchedulerSpec {
        public Parallel {
            InvalidSpecException.positive("threads", threads);
        }

        public static int defaultThreads() {
            return Runtime.getRuntime().availableProcessors();
        }

        @Override
        public String kind() {
            return "parallel";
        }

        @Override
        public int defaultConcurrency() {
            return threads;
        }
    }

    /**
     * A pool of worker processes behind a pipe, like {@code multiprocessing.Pool(workers)}: separate
     * memory, a real start-up cost, items passed as JSON frames (docs/worker-protocol.md). An empty
     * {@code command} means sluice's own JVM worker. {@code init} is handed to each worker once.
     */
    record Process(int workers, List<String> command, Map<String, Object> init, int maxInFlight, int batch,
            Duration startTimeout, Duration itemTimeout, Duration shutdownTimeout, Restart restart) implements SchedulerSpec {

        public static final int DEFAULT_MAX_IN_FLIGHT = 128;
        public static final int DEFAULT_BATCH = 64;
        public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(20);
        public static final Duration DEFAULT_ITEM_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

        /** What happens when a worker dies. */
        public enum Restart {
            ON_CRASH("on-crash"), NEVER("never");

            private final String label;

            Restart(String label) {
                this.label = label;
            }

            public String label() {
                return label;
            }
        }

        public Process {
            InvalidSpecException.positive("workers", workers);
            command = List.copyOf(command);
            for (String part : command) {
                if (part.isBlank()) {
                    throw new InvalidSpecException("command", "must not hold an empty word");
                }
            }
            init = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(init));
            InvalidSpecException.positive("max-in-flight", maxInFlight);
            InvalidSpecException.positive("batch", batch);
            positiveDuration("start-timeout", startTimeout);
            positiveDuration("item-timeout", itemTimeout);
            positiveDuration("shutdown-timeout", shutdownTimeout);
            java.util.Objects.requireNonNull(restart, "restart");
        }

        private static void positiveDuration(String key, Duration d) {
            java.util.Objects.requireNonNull(d, key);
            if (d.isZero() || d.isNegative()) {
                throw new InvalidSpecException(key, "must be > 0, but was " + Units.format(d));
            }
        }

        /** The defaults: one worker per core, sluice's own JVM worker. */
        public static Process defaults() {
            return new Process(defaultWorkers(), List.of(), Map.of(), DEFAULT_MAX_IN_FLIGHT, DEFAULT_BATCH,
                    DEFAULT_START_TIMEOUT, DEFAULT_ITEM_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, Restart.ON_CRASH);
        }

        public static int defaultWorkers() {
            return Runtime.getRuntime().availableProcessors();
        }

        /** Whether the workers are sluice's own JVM workers. */
        public boolean builtIn() {
            return command.isEmpty();
        }

        @Override
        public String kind() {
            return "process";
        }

        @Override
        public int defaultConcurrency() {
            return workers * maxInFlight;
        }
    }
}
