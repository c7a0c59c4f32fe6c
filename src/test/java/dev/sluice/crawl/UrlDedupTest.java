package dev.sluice.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlDedupTest {

    private static final String PREFIX = "http://127.0.0.1:40000/site/";

    private static String url(long i) {
        return PREFIX + Long.toString(i, 36);
    }

    /** Offers every URL twice: each must be new the first time and seen the second. */
    private static void assertExact(UrlDedup dedup, List<String> urls) {
        assertThat(new HashSet<>(urls).size()).as("distinct test URLs").isEqualTo(urls.size());
        long before = dedup.size();
        for (String u : urls) {
            assertThat(dedup.firstSeen(u)).as("first time: %s", shortened(u)).isTrue();
        }
        for (String u : urls) {
            assertThat(dedup.firstSeen(u)).as("second time: %s", shortened(u)).isFalse();
        }
        assertThat(dedup.size()).isEqualTo(before + urls.size());
    }

    /** Keeps a failure's message readable when the URL is a megabyte long. */
    private static String shortened(String url) {
        return url.length() <= 120 ? url : url.substring(0, 100) + "... (" + url.length() + " chars)";
    }

    private static List<String> urls(int count) {
        List<String> urls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            urls.add(url(i));
        }
        return urls;
    }

    @Test
    void aMillionDistinctUrlsAreEachNewOnceThenSeen() {
        UrlDedup dedup = new UrlDedup(1_000_000);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            if (!dedup.firstSeen(url(i))) {
                throw new AssertionError("new URL reported seen: " + url(i));
            }
        }
        for (int i = 0; i < n; i++) {
            if (dedup.firstSeen(url(i))) {
                throw new AssertionError("seen URL reported new: " + url(i));
            }
        }
        assertThat(dedup.size()).isEqualTo(n);
        // Prefixes and extensions of stored URLs are other URLs.
        assertThat(dedup.firstSeen(PREFIX)).isTrue();
        assertThat(dedup.firstSeen(url(n - 1) + "0")).isTrue();
        assertThat(dedup.firstSeen(url(n - 1).substring(0, url(n - 1).length() - 1) + "#")).isTrue();
    }

    @Test
    void aMillionUrlsTakeUnderSixtyBytesEach() {
        UrlDedup dedup = new UrlDedup(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            dedup.firstSeen(url(i));
        }
        double perUrl = dedup.approximateBytes() / 1_000_000.0;
        // The URLs are 31 to 32 chars; a HashSet<String> would take well over 100 bytes each.
        assertThat(perUrl).isLessThan(60).isGreaterThan(32);
    }

    @Test
    void aSmallSetHoldsLittle() {
        UrlDedup dedup = new UrlDedup(10);
        assertThat(dedup.approximateBytes()).isLessThan(32 * 1024);
        dedup.firstSeen(url(1));
        assertThat(dedup.approximateBytes()).isLessThan(32 * 1024);
    }

    /** A hash that puts every URL in the same stripe, slot and tag: every lookup compares bytes. */
    @Test
    void urlsWhoseHashesAllCollideStayDistinct() {
        assertExact(new UrlDedup(10, u -> 0L), urls(3_000));
    }

    /** Stripes differ, but within each the slot and tag bits are all equal. */
    @Test
    void urlsWhoseSlotAndTagBitsCollideStayDistinct() {
        ToLongFunction<String> stripeBitsOnly = u -> UrlHash.hash(u, 1) & ~(long) UrlTableStripe.HASH_MASK;
        assertExact(new UrlDedup(10, stripeBitsOnly), urls(20_000));
    }

    /** Only a few hash values for many URLs: long probe runs, with growth in the middle of them. */
    @Test
    void urlsSharingAFewHashesStayDistinct() {
        List<String> similar = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            similar.add(PREFIX + "page?id=" + i);
            similar.add(PREFIX + "page?id=" + i + "&");
            similar.add(PREFIX + "page?id=0" + i);
        }
        assertExact(new UrlDedup(10, u -> u.length()), similar);
    }

    /**
     * Strings whose bytes would match in some encoding but which are different strings: Latin-1 against
     * UTF-8 of the same text, composed against decomposed accents, and unpaired surrogates (which
     * {@code getBytes(UTF_8)} would all turn into {@code '?'}). With one hash for all, each is compared
     * byte for byte with every other.
     */
    @Test
    void nonAsciiUrlsAreComparedAsStringsNotAsSomeEncoding() {
        List<String> tricky = List.of(
                "http://example.com/é",
                "http://example.com/\u00C3\u00A9", // the UTF-8 bytes of é read as Latin-1
                "http://example.com/e\u0301", // e + combining acute
                "http://example.com/ā",
                "http://example.com/\u00C4\u0081", // the UTF-8 bytes of ā read as Latin-1
                "http://例え.jp/パス",
                "http://example.com/😀",
                "http://example.com/\uD83D", // the emoji's high surrogate alone
                "http://example.com/\uDE00", // its low surrogate alone
                "http://example.com/\uDE00\uD83D", // both, the wrong way round
                "http://example.com/\uD800",
                "http://example.com/\uDBFF",
                "http://example.com/?",
                "http://example.com/\uFFFD",
                "http://example.com/\u0000",
                "http://example.com/",
                "http://example.com/\u00FF",
                "http://example.com/\u0100");
        assertExact(new UrlDedup(10, u -> 0L), tricky);
        assertExact(new UrlDedup(10), tricky);
    }

    @Test
    void theEmptyStringIsAUrlLikeAnyOther() {
        UrlDedup dedup = new UrlDedup(10, u -> 0L);
        assertThat(dedup.firstSeen("")).isTrue();
        assertThat(dedup.firstSeen("")).isFalse();
        assertThat(dedup.firstSeen("\u0000")).isTrue();
        assertThat(dedup.firstSeen("")).isFalse();
        assertThat(dedup.size()).isEqualTo(2);
    }

    /** Records longer than an arena chunk get chunks of their own; short ones keep filling the last. */
    @Test
    void urlsLongerThanAChunkAreHandled() {
        int chunk = ByteArena.CHUNK_SIZE;
        List<String> urls = new ArrayList<>();
        for (int length : new int[] {chunk - 3, chunk - 2, chunk - 1, chunk, chunk + 1, 3 * chunk, 1 << 20}) {
            String path = "x".repeat(length - PREFIX.length());
            urls.add(PREFIX + path);
            urls.add(PREFIX + path.substring(1) + "y");
            urls.add(PREFIX + "ā".repeat(length / 2) + length); // WTF-8: two bytes for each ā
            urls.add(url(length));
        }
        assertExact(new UrlDedup(10), urls);
        assertExact(new UrlDedup(10, u -> 0L), urls);
    }

    @Test
    void urlsOverTheLimitAreRejectedAndNotAdded() {
        UrlDedup dedup = new UrlDedup(10);
        String atLimit = "a".repeat(UrlDedup.MAX_URL_BYTES);
        assertThat(dedup.firstSeen(atLimit)).isTrue();
        assertThat(dedup.firstSeen(atLimit)).isFalse();

        String overInChars = "a".repeat(UrlDedup.MAX_URL_BYTES + 1);
        assertThatThrownBy(() -> dedup.firstSeen(overInChars))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("URL too long to dedup: at least 16777217 bytes (limit 16777216)");
        // Under the limit in chars, over it once encoded: two bytes a char.
        String overInBytes = "ā".repeat(UrlDedup.MAX_URL_BYTES / 2 + 1);
        assertThatThrownBy(() -> dedup.firstSeen(overInBytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("URL too long to dedup: 16777218 bytes (limit 16777216)");
        assertThatThrownBy(() -> dedup.firstSeen(overInBytes)).isInstanceOf(IllegalArgumentException.class);
        assertThat(dedup.size()).isEqualTo(1);
    }

    @Test
    void growsFarBeyondTheExpectedCount() {
        UrlDedup dedup = new UrlDedup(10);
        long small = dedup.approximateBytes();
        assertExact(dedup, urls(100_000));
        assertThat(dedup.approximateBytes()).isGreaterThan(small + 100_000 * 32L);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, 1_000_000_001L, Long.MAX_VALUE})
    void rejectsAnExpectedCountOutOfRange(long expected) {
        assertThatThrownBy(() -> new UrlDedup(expected))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expectedUrls must be between 1 and 1000000000, but was " + expected);
    }

    @Test
    void sizesItsTablesFromTheExpectedCount() {
        assertThat(new UrlDedup(1).size()).isZero();
        assertThat(UrlDedup.initialCapacity(1)).isEqualTo(16);
        // 1,000,000 / 64 stripes = 15,625 a stripe; at most 0.7 full needs 22,322 slots.
        assertThat(UrlDedup.initialCapacity(1_000_000)).isEqualTo(32_768);
        // Not allocated here: 64 tables of 2^25 longs are 16 GiB.
        assertThat(UrlDedup.initialCapacity(UrlDedup.MAX_EXPECTED_URLS)).isEqualTo(1 << 25);
    }

    /**
     * Four threads offer the same URLs, each in its own order, all at once: every URL must be new to
     * exactly one of them. Small and right-sized sets, so that some rounds race through growth.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void racingThreadsGetExactlyOneTruePerUrl() throws Exception {
        int threads = 4;
        int n = 200_000;
        List<String> urls = urls(n);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 4; round++) {
                UrlDedup dedup = new UrlDedup(round % 2 == 0 ? 1_000 : n);
                AtomicIntegerArray trues = new AtomicIntegerArray(n);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    List<Integer> order = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        order.add(i);
                    }
                    Collections.shuffle(order, new Random(round * 31L + t));
                    results.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        int mine = 0;
                        for (int i : order) {
                            if (dedup.firstSeen(urls.get(i))) {
                                trues.incrementAndGet(i);
                                mine++;
                            }
                        }
                        return mine;
                    }));
                }
                long total = 0;
                for (Future<Integer> r : results) {
                    total += r.get(50, TimeUnit.SECONDS);
                }
                assertThat(total).as("round %d", round).isEqualTo(n);
                for (int i = 0; i < n; i++) {
                    if (trues.get(i) != 1) {
                        throw new AssertionError("round " + round + ": " + urls.get(i) + " was new "
                                + trues.get(i) + " times");
                    }
                }
                assertThat(dedup.size()).isEqualTo(n);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
