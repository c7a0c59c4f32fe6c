package dev.sluice.pipeline;

import dev.sluice.profile.WorkSpec.CpuFunction;
import java.math.BigInteger;

/** The CPU functions of the seed experiments, computed exactly and in a way the JIT cannot skip. */
final class CpuWork implements StageLogic.Sync {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** Keeps the count loop's result observable, so the JIT must run every step of it. */
    @SuppressWarnings("unused")
    private static volatile long sink;

    private final CpuFunction function;

    CpuWork(CpuFunction function) {
        this.function = function;
    }

    /** Loops look for an interrupt (a stopped run) once per this many steps. */
    private static final long CHECK_EVERY = (1 << 20) - 1;

    @Override
    public Object apply(Object value) throws InterruptedException {
        long n = number(value);
        return switch (function) {
            case SUM_OF_SQUARES -> sumOfSquares(n);
            case COUNT -> count(n);
        };
    }

    /**
     * Sum of i*i for 0 <= i < n, exact: it passes 2^63 near n = 3,000,000, so the sum is kept in two
     * longs (a 128-bit accumulator) like Python's unbounded integers.
     */
    static Object sumOfSquares(long n) throws InterruptedException {
        if (n > 3_037_000_499L) {
            throw new IllegalArgumentException("sum-of-squares takes n up to 3037000499 (so i*i fits), but was " + n);
        }
        long lo = 0;
        long hi = 0;
        for (long i = 0; i < n; i++) {
            if ((i & CHECK_EVERY) == 0 && Thread.interrupted()) {
                throw new InterruptedException();
            }
            long sq = i * i;
            long sum = lo + sq;
            if (Long.compareUnsigned(sum, lo) < 0) {
                hi++;
            }
            lo = sum;
        }
        if (hi == 0 && lo >= 0) {
            return lo;
        }
        return BigInteger.valueOf(hi).multiply(TWO_64).add(new BigInteger(Long.toUnsignedString(lo)));
    }

    /**
     * Counts to n: n steps of a loop, and returns n. The JIT folds a plain {@code c++} loop into
     * {@code c = n}, and even a linear congruential step ran 60x too fast once compiled (measured:
     * 1.7 ms for 100,000,000 steps). So each step mixes the previous state non-linearly with the
     * counter, which no compiler can shortcut.
     */
    static long count(long n) throws InterruptedException {
        long state = n;
        for (long i = 0; i < n; i++) {
            if ((i & CHECK_EVERY) == 0 && Thread.interrupted()) {
                throw new InterruptedException();
            }
            state = (state ^ (state >>> 31)) * 0x9E3779B97F4A7C15L + i;
        }
        sink = state;
        return n;
    }

    private static long number(Object value) {
        if (value instanceof Long l) {
            checkNotNegative(l);
            return l;
        }
        if (value instanceof Number num) {
            checkNotNegative(num.longValue());
            return num.longValue();
        }
        try {
            long n = Long.parseLong(value.toString().strip());
            checkNotNegative(n);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a cpu stage needs a whole number, but the item was '" + value + "'");
        }
    }

    private static void checkNotNegative(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a cpu stage needs n >= 0, but the item was " + n);
        }
    }
}
