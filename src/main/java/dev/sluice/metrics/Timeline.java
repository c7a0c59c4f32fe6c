package dev.sluice.metrics;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * A run's figures over time, one point per {@link Intervals.Interval}, as columns for the report's
 * charts and the live dashboard:
 *
 * <ul>
 *   <li>{@code t} (seconds since the start, at the point's end) and {@code dt} (seconds it covers);
 *   <li>{@code items.ok}, {@code items.failed}, {@code items.dropped}: items that ended in it;
 *       {@code items.inFlight}: inside the pipeline at its end;
 *   <li>{@code latency.p50}, {@code latency.p99} (ms, from the intended start) under a load model;
 *   <li>per stage {@code stage.NAME.service.p50}, {@code .service.p99}, {@code .queue.p99} (ms; null
 *       when the stage timed nothing in it) and its live values, e.g. {@code stage.NAME.connections.open},
 *       {@code stage.NAME.scheduler.queued};
 *   <li>whatever else was registered with {@link #gauge}, e.g. {@code server.connections.open}.
 * </ul>
 *
 * Memory is bounded for a run of any length: past {@link #MAX_POINTS} points, neighbouring points are
 * merged in pairs and later points cover twice as many intervals. Counts add up when merged; latencies
 * of one point come from the intervals' histograms added together, and merged points keep the higher
 * of the two; live values keep the higher. Fed from the one thread that watches the run.
 */
public final class Timeline {

    /** The most points kept; a day-long run keeps a point per 64 s. */
    public static final int MAX_POINTS = 1800;
    private static final List<String> COUNTS = List.of("items.ok", "items.failed", "items.dropped");

    private final PipelineMetrics metrics;
    private final Map<String, LongSupplier> gauges = new LinkedHashMap<>();
    private final Map<String, List<@Nullable Double>> columns = new LinkedHashMap<>();
    private PipelineMetrics.Counts last = new PipelineMetrics.Counts(0, 0, 0, 0);
    /** Intervals per point now (doubles at each merge) and the ones gathered for the next point. */
    private int stride = 1;
    private final List<Intervals.Interval> gathered = new ArrayList<>();
    private double gatheredFrom;
    private PipelineMetrics.Counts gatheredFromCounts = last;
    private Map<String, @Nullable Double> latest = Map.of();
    private int points;
    /** Live values read just before the run's resources closed, used from then on (null until then). */
    private @Nullable Map<String, Double> heldGauges;

    public Timeline(PipelineMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics");
        columns.put("t", new ArrayList<>());
        columns.put("dt", new ArrayList<>());
    }

    /** A run-level value to follow, read at the end of each interval. */
    public synchronized void gauge(String name, LongSupplier value) {
        gauges.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    }

    /** Adds what happened in one interval (read the counts and live values now). */
    public synchronized void add(Intervals.Interval interval) {
        PipelineMetrics.Counts now = metrics.counts();
        double from = interval.startSeconds();
        latest = point(List.of(interval), from, last, now);
        if (gathered.isEmpty()) {
            gatheredFrom = from;
            gatheredFromCounts = last;
        }
        last = now;
        gathered.add(interval);
        if (gathered.size() >= stride) {
            append(point(gathered, gatheredFrom, gatheredFromCounts, now));
            gathered.clear();
        }
    }

    /**
     * Reads the live values one last time and keeps them for the points still to come: call before the
     * run's pools and connections close, so the last point shows the run, not its teardown.
     */
    public synchronized void holdGauges() {
        Map<String, Double> held = new LinkedHashMap<>();
        readGauges(held);
        heldGauges = held;
    }

    private void readGauges(Map<String, ? super Double> into) {
        for (StageMetrics stage : metrics.stages()) {
            stage.gauges().forEach((key, value) -> into.put("stage." + stage.name() + "." + key, (double) value));
        }
        gauges.forEach((name, value) -> into.put(name, (double) value.getAsLong()));
    }

    /** Ends the timeline: intervals still gathered for a point become one. */
    public synchronized void finish() {
        if (!gathered.isEmpty()) {
            append(point(gathered, gatheredFrom, gatheredFromCounts, last));
            gathered.clear();
        }
    }

    /** The figures of the last interval alone, keyed as the columns (empty before the first). */
    public synchronized Map<String, @Nullable Double> latest() {
        return latest;
    }

    /** The columns so far, each as long as {@code t}; the seconds one point covers at most is {@link #stride()}. */
    public synchronized Map<String, List<@Nullable Double>> columns() {
        Map<String, List<@Nullable Double>> copy = new LinkedHashMap<>();
        columns.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        return Collections.unmodifiableMap(copy);
    }

    /** Intervals per point now. */
    public synchronized int stride() {
        return stride;
    }

    private Map<String, @Nullable Double> point(List<Intervals.Interval> intervals, double from,
            PipelineMetrics.Counts before, PipelineMetrics.Counts after) {
        Map<String, @Nullable Double> p = new LinkedHashMap<>();
        double end = intervals.getLast().endSeconds();
        p.put("t", round(end));
        p.put("dt", round(end - from));
        p.put("items.ok", (double) (after.ok() - before.ok()));
        p.put("items.failed", (double) (after.failed() - before.failed()));
        p.put("items.dropped", (double) (after.dropped() - before.dropped()));
        p.put("items.inFlight", (double) after.inFlight());
        Histogram latency = sum(intervals, "latency");
        if (latency != null) {
            p.put("latency.p50", ms(latency, 50));
            p.put("latency.p99", ms(latency, 99));
        }
        for (StageMetrics stage : metrics.stages()) {
            String prefix = "stage." + stage.name() + ".";
            Histogram service = sum(intervals, stage.name() + ".service");
            Histogram queue = sum(intervals, stage.name() + ".queue");
            p.put(prefix + "service.p50", ms(service, 50));
            p.put(prefix + "service.p99", ms(service, 99));
            p.put(prefix + "queue.p99", ms(queue, 99));
        }
        if (heldGauges != null) {
            p.putAll(heldGauges);
        } else {
            readGauges(p);
        }
        return p;
    }

    private void append(Map<String, @Nullable Double> point) {
        // A column that appears late (a gauge registered mid-run) is null before.
        point.keySet().forEach(k -> columns.computeIfAbsent(k, x -> new ArrayList<>(Collections.nCopies(points, null))));
        columns.forEach((k, v) -> v.add(point.get(k)));
        points++;
        if (points >= MAX_POINTS) {
            columns.forEach((k, v) -> mergePairs(k, v));
            points = columns.get("t").size();
            stride *= 2;
        }
    }

    private static void mergePairs(String key, List<@Nullable Double> column) {
        List<@Nullable Double> merged = new ArrayList<>(column.size() / 2 + 1);
        for (int i = 0; i < column.size(); i += 2) {
            Double a = column.get(i);
            Double b = i + 1 < column.size() ? column.get(i + 1) : null;
            merged.add(key.equals("t") ? (b != null ? b : a) : merge(key, a, b));
        }
        column.clear();
        column.addAll(merged);
    }

    private static @Nullable Double merge(String key, @Nullable Double a, @Nullable Double b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return key.equals("dt") || COUNTS.contains(key) ? round(a + b) : Math.max(a, b);
    }

    private static @Nullable Histogram sum(List<Intervals.Interval> intervals, String key) {
        Histogram total = null;
        for (Intervals.Interval interval : intervals) {
            Histogram h = interval.get(key);
            if (h == null) {
                continue;
            }
            if (total == null) {
                total = h.copy();
            } else {
                total.add(h);
            }
        }
        return total;
    }

    private static @Nullable Double ms(@Nullable Histogram nanos, double percentile) {
        if (nanos == null || nanos.getTotalCount() == 0) {
            return null;
        }
        return Math.round(nanos.getValueAtPercentile(percentile) / 1e3) / 1e3;
    }

    private static double round(double v) {
        return Math.round(v * 1e3) / 1e3;
    }
}
