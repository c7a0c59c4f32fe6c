package dev.sluice.metrics;

import static java.util.Objects.requireNonNull;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * HdrHistogram interval logs of a run, one file per stage ({@code STAGE.hlog}) with two tags,
 * {@code service} and {@code queue}, and {@code run.latency.hlog} (tag {@code latency}, from each
 * item's intended start) under an open or closed model (stage names hold no '.', so names cannot clash). Every {@link #INTERVAL_NANOS} the histogram of what
 * was recorded meanwhile is appended, so the standard tools (HistogramLogProcessor, HistogramLogAnalyzer)
 * can show latency over time. Values are nanoseconds: HistogramLogProcessor's
 * {@code -outputValueUnitRatio 1000000} prints milliseconds. The intervals add up to result.json's
 * figures. Writing is best effort: a log that cannot be written does not fail the run.
 */
public final class IntervalLogs implements AutoCloseable {

    /** One interval a second. */
    public static final long INTERVAL_NANOS = 1_000_000_000L;

    private record Log(PrintStream out, HistogramLogWriter writer, List<Tagged> recorders) {
    }

    private record Tagged(String tag, LatencyRecorder recorder) {
    }

    private final List<Log> logs = new ArrayList<>();
    private final Clock clock;
    private final long startNanos;
    private final long startEpochMillis;
    private long lastNanos;

    private IntervalLogs(Clock clock) {
        this.clock = clock;
        this.startNanos = clock.nanos();
        this.startEpochMillis = System.currentTimeMillis();
        this.lastNanos = startNanos;
    }

    /** Opens the logs in {@code dir} for the run's stages (and end-to-end latency when the run is paced). */
    public static IntervalLogs open(Path dir, PipelineMetrics metrics, boolean paced, Clock clock) {
        IntervalLogs logs = new IntervalLogs(requireNonNull(clock, "clock"));
        for (StageMetrics stage : metrics.stages()) {
            logs.add(dir.resolve(stage.name() + ".hlog"), "stage " + stage.name() + ": service and queue time",
                    List.of(new Tagged("service", stage.service()), new Tagged("queue", stage.queue())));
        }
        if (paced) {
            logs.add(dir.resolve("run.latency.hlog"), "latency from each item's intended start",
                    List.of(new Tagged("latency", metrics.endToEnd())));
        }
        return logs;
    }

    private void add(Path file, String what, List<Tagged> recorders) {
        try {
            Files.createDirectories(file.getParent());
            PrintStream out = new PrintStream(new FileOutputStream(file.toFile()), false, StandardCharsets.UTF_8);
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("sluice " + what + "; values in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startEpochMillis);
            writer.setBaseTime(startEpochMillis);
            writer.outputLegend();
            out.flush();
            logs.add(new Log(out, writer, recorders));
        } catch (IOException e) {
            // No log, no failure: the result is what matters.
        }
    }

    /** Appends an interval to every log once a whole interval has passed since the last one. */
    public synchronized void tick() {
        if (clock.nanos() - lastNanos >= INTERVAL_NANOS) {
            writeInterval();
        }
    }

    private void writeInterval() {
        long now = clock.nanos();
        long from = startEpochMillis + (lastNanos - startNanos) / 1_000_000;
        long to = startEpochMillis + (now - startNanos) / 1_000_000;
        for (Log log : logs) {
            for (Tagged t : log.recorders()) {
                Histogram h = t.recorder().nextInterval();
                h.setStartTimeStamp(from);
                h.setEndTimeStamp(Math.max(to, from + 1));
                h.setTag(t.tag());
                log.writer().outputIntervalHistogram(h);
            }
            log.out().flush();
        }
        lastNanos = now;
    }

    /** Appends the last (partial) interval and closes the files. */
    @Override
    public synchronized void close() {
        writeInterval();
        for (Log log : logs) {
            log.out().close();
        }
        logs.clear();
    }
}
