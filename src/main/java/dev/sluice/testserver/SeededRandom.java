package dev.sluice.testserver;

/**
 * Deterministic uniform numbers without shared state: draw number {@code index} of stream
 * {@code stream} under {@code seed} is a pure function of the three, so any thread (a Netty event
 * loop answering request #index of route #stream, say) can draw it without coordination and a run
 * can be repeated exactly. Thread-safe: there is no state.
 */
public final class SeededRandom {

    // SplitMix64's increment (2^64 / golden ratio) and finalizer constants (Stafford's Mix13).
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long M1 = 0xBF58476D1CE4E5B9L;
    private static final long M2 = 0x94D049BB133111EBL;
    private static final double UNIT = 0x1.0p-53;

    private SeededRandom() {
    }

    /**
     * 64 well-mixed bits for (seed, stream, index). Each input is folded in through SplitMix64's
     * finalizer, a bijection, so for fixed other inputs distinct streams (or indices) never collide.
     */
    public static long mix(long seed, long stream, long index) {
        long h = scramble(seed + GOLDEN);
        h = scramble((h ^ stream) + GOLDEN);
        return scramble((h ^ index) + GOLDEN);
    }

    /** A double in [0, 1) from the top 53 bits of {@link #mix}, evenly spaced by 2^-53. */
    public static double unit(long seed, long stream, long index) {
        return (mix(seed, stream, index) >>> 11) * UNIT;
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * M1;
        z = (z ^ (z >>> 27)) * M2;
        return z ^ (z >>> 31);
    }
}
