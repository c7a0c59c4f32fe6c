package dev.sluice.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Cuts a run's latency recorders into intervals of {@link #LENGTH_NANOS}: each recorder is drained once
 * per interval, and the interval's histograms go to whoever reads them (the {@code .hlog} files, the
 * timeline of the report, the live dashboard). Draining in one place keeps the intervals adding up to the
 * run's totals. Called from the one thread that watches the run.
 */
public final class Intervals {

    /** One interval a second. */
    public static final long LENGTH_NANOS = 1_000_000_000L;

    /**
     * What was recorded between {@code fromMillis} and {@code toMillis} (epoch ms), which are
     * {@code startSeconds} and {@code endSeconds} after the start (monotonic clock). Histograms are keyed {@code STAGE.service}, {@code STAGE.queue}
     * and, under a load model, {@code latency}; values in ns.
     */
    public record Interval(long fromMillis, long toMillis, double startSeconds, double endSeconds,
            Map<String, Histogram> histograms) {
        public Interval {
            histograms = Collections.unmodifiableMap(new LinkedHashMap<>(histograms));
        }

        public @Nullable Histogram get(String key) {
            return histograms.get(key);
        }
    }

    private final Map<String, LatencyRecorder> recorders = new LinkedHashMap<>();
    private final Clock clock;
    private final long startNanos;
    private final long startEpochMillis;
    private long lastNanos;

    /** Intervals of the run's stages (and its end-to-end latency when {@code paced}), starting now. */
    public Intervals(PipelineMetrics metrics, boolean paced, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        for (StageMetrics stage : metrics.stages()) {
            recorders.put(stage.name() + ".service", stage.service());
            recorders.put(stage.name() + ".queue", stage.queue());
        }
        if (paced) {
            recorders.put("latency", metrics.endToEnd());
        }
        this.startNanos = clock.nanos();
        this.startEpochMillis = System.currentTimeMillis();
        this.lastNanos = startNanos;
    }

    /** When the intervals started, epoch ms. */
    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** The interval that just ended, once a whole one has passed since the last; else null. */
    public @Nullable Interval tick() {
        return clock.nanos() - lastNanos >= LENGTH_NANOS ? next() : null;
    }

    /** The last interval, however short: what was recorded since the last tick. */
    public Interval finish() {
        return next();
    }

    private Interval next() {
        long now = clock.nanos();
        long from = startEpochMillis + (lastNanos - startNanos) / 1_000_000;
        long to = Math.max(startEpochMillis + (now - startNanos) / 1_000_000, from + 1);
        Map<String, Histogram> taken = new LinkedHashMap<>();
        recorders.forEach((key, recorder) -> {
            Histogram h = recorder.nextInterval();
            h.setStartTimeStamp(from);
            h.setEndTimeStamp(to);
            taken.put(key, h);
        });
        double startSeconds = (lastNanos - startNanos) / 1e9;
        lastNanos = now;
        return new Interval(from, to, startSeconds, (now - startNanos) / 1e9, taken);
    }
}
