package dev.sluice.report;

import java.util.Map;

/**
 * One stage's figures. {@code sampleInterval} says one item in how many was timed (1 = all);
 * {@code threads} is how many distinct threads ran the timed items.
 */
public record StageResult(
        String name,
        String kind,
        String scheduler,
        int poolSize,
        int concurrency,
        String order,
        long count,
        long errors,
        long dropped,
        Map<String, Long> errorsByKind,
        LatencySummary serviceMs,
        LatencySummary queueMs,
        int sampleInterval,
        int threads,
        boolean virtualThreads) {

    public StageResult {
        errorsByKind = Map.copyOf(errorsByKind);
    }
}
