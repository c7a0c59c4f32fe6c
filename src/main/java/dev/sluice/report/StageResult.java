package dev.sluice.report;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One stage's figures. {@code sampleInterval} says one item in how many was timed (1 = all);
 * {@code threads} is how many distinct platform threads ran the timed items ({@code virtualThreads} says
 * whether virtual ones did); {@code firstErrors} holds the first message of each kind of error;
 * {@code tallies} holds counts particular to the stage kind (an http stage's status classes and bytes);
 * {@code concurrencyLimits} is an adaptive stage's limit over time, as [ms since start, limit] pairs;
 * {@code onCpuShare} is the share of its timed items' service time their threads spent on the CPU (null
 * where it cannot be read: async work, virtual threads, worker processes).
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
        Map<String, String> firstErrors,
        LatencySummary serviceMs,
        LatencySummary queueMs,
        int sampleInterval,
        int threads,
        boolean virtualThreads,
        Map<String, Long> tallies,
        List<long[]> concurrencyLimits,
        @Nullable Double onCpuShare,
        @Nullable String warning) {

    public StageResult {
        errorsByKind = Collections.unmodifiableMap(new TreeMap<>(errorsByKind));
        firstErrors = Collections.unmodifiableMap(new TreeMap<>(firstErrors));
        tallies = Collections.unmodifiableMap(new TreeMap<>(tallies));
        concurrencyLimits = List.copyOf(concurrencyLimits);
    }
}
