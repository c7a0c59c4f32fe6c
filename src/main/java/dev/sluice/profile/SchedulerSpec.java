package dev.sluice.profile;

import java.util.List;

/** The concurrency model a stage runs on. Each kind is a record with only the settings it takes. */
public sealed interface SchedulerSpec {

    /** The kind as written in a profile. */
    String kind();

    /** How many items the stage works on at once when the profile does not say. */
    int defaultConcurrency();

    /** Kinds a profile may name today. */
    List<String> KINDS = List.of("single", "bounded-elastic", "virtual", "parallel", "event-loop");

    /** Kinds named in the design that arrive with later features. */
    List<String> RESERVED = List.of("process");

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
}
