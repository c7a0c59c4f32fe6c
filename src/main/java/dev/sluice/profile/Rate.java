package dev.sluice.profile;

/** A rate of events, kept as events per second. */
public record Rate(double perSecond) {

    public Rate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new InvalidSpecException("rate", "must be > 0 and finite, but was " + perSecond);
        }
    }

    /** The gap between two events at this rate, in nanoseconds. */
    public long intervalNanos() {
        return Math.round(1e9 / perSecond);
    }
}
