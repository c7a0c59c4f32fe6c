package dev.sluice.report;

import org.jspecify.annotations.Nullable;

/**
 * How the load generator did under an open model: the arrivals scheduled and made, the target and the
 * achieved rate, those dropped at {@code max-in-flight}, how late it emitted, and a warning when it
 * fell behind (then the run put less load on the pipeline than the profile asked for).
 */
public record LoadResult(
        String model,
        long scheduled,
        long arrivals,
        double targetRate,
        double achievedRate,
        long droppedOverMaxInFlight,
        LatencySummary lateMs,
        @Nullable String warning) {
}
