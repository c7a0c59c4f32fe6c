package dev.sluice.crawl;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToLongFunction;

/**
 * The exact set of URLs a crawl has seen, kept compact: each URL costs its length in bytes plus about
 * 14 to 26 (as its stripe's table is between 70% and 35% full), against over 100 in a
 * {@code HashSet<String>}. There are no false positives and no false negatives: a URL is reported new
 * exactly once however many threads offer it.
 *
 * <p>Thread-safe: any number of threads may call every method at once. Finding a URL that is already
 * in the set takes no lock; adding one takes the lock of one of 64 stripes, so two threads rarely
 * wait for each other.
 */
public final class UrlDedup {

    /** The longest URL accepted, in bytes of its encoding (one a char when every char is below 256). */
    public static final int MAX_URL_BYTES = 16 << 20;
    /** The most {@code expectedUrls} may be. */
    public static final long MAX_EXPECTED_URLS = 1_000_000_000L;

    private static final int STRIPE_BITS = 6;

    private final UrlTableStripe[] stripes;
    private final ToLongFunction<String> hash;

    /**
     * An empty set sized for {@code expectedUrls}: its tables, about 11 to 23 bytes an expected URL, are
     * allocated now. The set grows past it as needed; it is a hint, not a cap.
     *
     * @throws IllegalArgumentException unless {@code expectedUrls} is between 1 and 1,000,000,000
     */
    public UrlDedup(long expectedUrls) {
        this(expectedUrls, seeded(ThreadLocalRandom.current().nextLong()));
    }

    /** With the given hash instead of a seeded {@link UrlHash}: lets tests force collisions. */
    UrlDedup(long expectedUrls, ToLongFunction<String> hash) {
        if (expectedUrls < 1 || expectedUrls > MAX_EXPECTED_URLS) {
            throw new IllegalArgumentException(
                    "expectedUrls must be between 1 and " + MAX_EXPECTED_URLS + ", but was " + expectedUrls);
        }
        this.hash = hash;
        int capacity = initialCapacity(expectedUrls);
        stripes = new UrlTableStripe[1 << STRIPE_BITS];
        for (int s = 0; s < stripes.length; s++) {
            stripes[s] = new UrlTableStripe(capacity);
        }
    }

    /** Each stripe's first table size for a set expecting this many URLs. */
    static int initialCapacity(long expectedUrls) {
        long perStripe = (expectedUrls + (1 << STRIPE_BITS) - 1) >> STRIPE_BITS;
        return UrlTableStripe.capacityFor(perStripe);
    }

    private static ToLongFunction<String> seeded(long seed) {
        return url -> UrlHash.hash(url, seed);
    }

    /**
     * Adds the URL to the set, atomically: true if it was not in the set before, false if it was. Of
     * several threads offering the same new URL at once, exactly one gets true. URLs are compared char
     * for char, without normalisation: normalise them before.
     *
     * @throws IllegalArgumentException if the URL is longer than {@link #MAX_URL_BYTES} bytes encoded
     */
    public boolean firstSeen(String url) {
        // Any encoding takes at least a byte a char: reject a huge URL before hashing it.
        if (url.length() > MAX_URL_BYTES) {
            throw tooLong(url, "at least " + url.length());
        }
        long h = hash.applyAsLong(url);
        return stripes[(int) (h >>> (Long.SIZE - STRIPE_BITS))].add(url, (int) h & UrlTableStripe.HASH_MASK);
    }

    /** How many URLs the set holds. Exact when no thread is adding; a moment's snapshot otherwise. */
    public long size() {
        long size = 0;
        for (UrlTableStripe stripe : stripes) {
            size += stripe.size();
        }
        return size;
    }

    /** The bytes of heap the set holds: its tables and URL chunks, counted from their sizes. */
    public long approximateBytes() {
        long bytes = 16 + 16 + 4L * stripes.length;
        for (UrlTableStripe stripe : stripes) {
            bytes += 32 + stripe.approximateBytes();
        }
        return bytes;
    }

    static IllegalArgumentException tooLong(String url, String encodedLength) {
        return new IllegalArgumentException("URL too long to dedup: " + encodedLength + " bytes (limit "
                + MAX_URL_BYTES + "), starting " + url.substring(0, Math.min(80, url.length())));
    }
}
