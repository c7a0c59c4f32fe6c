package dev.sluice.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.sluice.testserver.ServerStats;
import org.jspecify.annotations.Nullable;

/**
 * The result of running one variant of a profile. {@code status} is {@code ok}, {@code failed} (the run
 * itself failed, see {@code error}) or {@code interrupted}. {@code server} is the embedded test server's
 * own view of the run, when the profile started one. Under an open model, {@code load} says how the
 * generator did and {@code latencyMs} is each item's latency from its intended start to the sink
 * (coordinated-omission correct). {@code engine} is the library the stages ran on (reactor, rxjava).
 * {@code timeline} is the run second by second; {@code latencyCurves} the percentile curves of its
 * latencies: {@code latency} (from the intended start, under a load model) and each stage's service time
 * under the stage's name. {@code crawl} is what a crawl did (null for other profiles).
 */
public record VariantResult(
        String label,
        String engine,
        String status,
        @Nullable String error,
        double wallSeconds,
        double cpuSeconds,
        double cpuUtilisation,
        int cores,
        double itemsPerSecond,
        ItemCounts items,
        List<StageResult> stages,
        int peakThreads,
        long peakHeapBytes,
        double gcSeconds,
        Map<String, Object> sink,
        List<ThresholdResult> thresholds,
        ServerStats.@Nullable Snapshot server,
        @Nullable LoadResult load,
        @Nullable LatencySummary latencyMs,
        TimeSeries timeline,
        Map<String, PercentileCurve> latencyCurves,
        @Nullable CrawlResult crawl) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    public VariantResult {
        stages = List.copyOf(stages);
        sink = Collections.unmodifiableMap(new LinkedHashMap<>(sink));
        thresholds = List.copyOf(thresholds);
        latencyCurves = Collections.unmodifiableMap(new LinkedHashMap<>(latencyCurves));
    }

    public VariantResult withThresholds(List<ThresholdResult> checked) {
        return new VariantResult(label, engine, status, error, wallSeconds, cpuSeconds, cpuUtilisation, cores, itemsPerSecond,
                items, stages, peakThreads, peakHeapBytes, gcSeconds, sink, checked, server, load, latencyMs, timeline,
                latencyCurves, crawl);
    }

    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(ThresholdResult::passed);
    }
}
