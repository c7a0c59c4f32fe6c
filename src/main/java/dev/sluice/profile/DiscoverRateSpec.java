package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A soak's limit search by request rate ({@code discover-limit: {by: rate, ...}}): the soak's connections send
 * {@code step}, {@code 2 x step}, ... requests per second in all, up to {@code max}, each held for a window,
 * until the server refuses, something times out or fails, or p99 passes {@code p99Bound}. Rates are whole
 * requests per second.
 */
public record DiscoverRateSpec(int step, int max, Duration p99Bound) {

    public DiscoverRateSpec {
        InvalidSpecException.positive("step", step);
        if (max < step) {
            throw new InvalidSpecException("max", "must be at least step (" + step + "/s), but was " + max + "/s");
        }
        requireNonNull(p99Bound, "p99Bound");
        if (p99Bound.isNegative() || p99Bound.isZero()) {
            throw new InvalidSpecException("p99-bound", "must be > 0, but was " + Units.format(p99Bound));
        }
    }

    /** A rate such as {@code 2000/s} as whole requests per second; a fraction of one is refused. */
    static int wholePerSecond(String text) {
        double perSecond = Units.rate(text).perSecond();
        if (perSecond < 1 || perSecond != Math.rint(perSecond) || perSecond > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a whole number of requests per second such as 2000/s, but was '"
                    + text + "' (" + String.format(java.util.Locale.ROOT, "%.2f", perSecond) + "/s)");
        }
        return (int) perSecond;
    }
}
