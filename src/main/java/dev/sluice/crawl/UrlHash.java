package dev.sluice.crawl;

/**
 * The 64-bit hash of a URL's chars. Its top bits pick the stripe and its low bits the slot and the tag,
 * so it must mix every char into every bit: crawl URLs share long prefixes and differ only at the end.
 */
final class UrlHash {

    private static final long K1 = 0x9E3779B97F4A7C15L;
    private static final long K2 = 0xC2B2AE3D27D4EB4FL;
    private static final long K3 = 0x165667B19E3779F9L;

    private UrlHash() {
    }

    /**
     * Hashes the chars themselves rather than an encoding of them, so a lookup of a URL that is already
     * in the set (nearly every lookup in a crawl) allocates nothing. The seed differs per set, so a page
     * cannot be crafted to pile its links onto one slot of every crawler's set.
     */
    static long hash(String s, long seed) {
        int n = s.length();
        long h = seed ^ n * K3;
        int i = 0;
        // Four chars a step: one multiply chain per 8 bytes instead of per char.
        for (; i + 4 <= n; i += 4) {
            h = step(h, s.charAt(i)
                    | (long) s.charAt(i + 1) << 16
                    | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48);
        }
        if (i < n) {
            long tail = 0;
            for (int shift = 0; i < n; i++, shift += 16) {
                tail |= (long) s.charAt(i) << shift;
            }
            h = step(h, tail);
        }
        return finish(h);
    }

    private static long step(long h, long block) {
        long v = block * K1;
        v ^= v >>> 29;
        return Long.rotateLeft(h ^ v, 27) * K2 + K3;
    }

    /** MurmurHash3's finaliser: spreads the last steps' bits up and down the word. */
    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
