package dev.sluice.crawl;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Link checks per second against a crawl's seen set, as link extraction makes them: one new URL in
 * every 40 checks, the others repeats of URLs already seen (1,000,000 of them, picked at random).
 * {@link UrlDedup} beside a {@code ConcurrentHashMap.newKeySet()} holding the same URLs, on one thread
 * and on two sharing the set. Ops are checks.
 *
 * <p>Every check is on a new String, as a link parsed from a page is, so neither set finds its hash
 * cached in the String; making it is part of every score. {@code noSet} makes the links and checks
 * nothing, to show how much of a check's time is the set's own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class UrlDedupBenchmark {

    static final int SEEN = 1_000_000;
    static final int NEW_EVERY = 40;

    @Param({"urlDedup", "concurrentHashMap", "noSet"})
    public String set;

    private byte[][] seen;
    private Predicate<String> firstSeen;

    @Setup(Level.Trial)
    public void setUp() {
        seen = new byte[SEEN][];
        for (int i = 0; i < SEEN; i++) {
            seen[i] = ("http://127.0.0.1:40000/site/" + Long.toString(i, 36)).getBytes(StandardCharsets.ISO_8859_1);
        }
        switch (set) {
            case "urlDedup" -> {
                UrlDedup dedup = new UrlDedup(2L * SEEN);
                firstSeen = dedup::firstSeen;
            }
            case "concurrentHashMap" -> {
                Set<String> keys = ConcurrentHashMap.newKeySet(2 * SEEN);
                firstSeen = keys::add;
            }
            case "noSet" -> firstSeen = String::isEmpty;
            default -> throw new IllegalArgumentException(set);
        }
        for (byte[] url : seen) {
            firstSeen.test(new String(url, StandardCharsets.ISO_8859_1));
        }
    }

    /** One thread's share of the crawl: its own random picks and its own new URLs. */
    @State(Scope.Thread)
    public static class Links {
        private SplittableRandom random;
        private String newPrefix;
        private long nextNew;
        private int checks;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            random = new SplittableRandom(thread.getThreadIndex());
            newPrefix = "http://127.0.0.1:40000/new/" + thread.getThreadIndex() + "/";
        }

        String next(byte[][] seen) {
            if (++checks % NEW_EVERY == 0) {
                return newPrefix + Long.toString(nextNew++, 36);
            }
            return new String(seen[random.nextInt(seen.length)], StandardCharsets.ISO_8859_1);
        }
    }

    @Benchmark
    @Threads(1)
    public boolean oneThread(Links links) {
        return firstSeen.test(links.next(seen));
    }

    @Benchmark
    @Threads(2)
    public boolean twoThreads(Links links) {
        return firstSeen.test(links.next(seen));
    }
}
