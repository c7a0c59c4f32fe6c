package dev.sluice.soak;

import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * One window of a fleet's life, from one {@link ConnectionFleet#drain()} to the next: the counts in
 * it ({@code open}: at its end), and the latencies of the responses completed in it, in microseconds
 * from the request's write to the end of its response. The histogram is the caller's own.
 *
 * <p>Counts and histogram are taken a moment apart without a lock, so a response completing during
 * the drain itself may land in this window's counts and the next window's histogram (or the other
 * way round); summed over all windows both are exact.
 */
public record FleetWindow(Instant start, Instant end, FleetCounts counts, Histogram latencyMicros) {

    public Duration length() {
        return Duration.between(start, end);
    }
}
