package dev.sluice.metrics;

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
 * item's intended start) under an open or closed model (stage names hold no '.', so names cannot
 * clash). Each {@link Intervals.Interval} is appended as it comes, so the standard tools
 * (HistogramLogProcessor, HistogramLogAnalyzer) can show latency over time. Values are nanoseconds:
 * HistogramLogProcessor's {@code -outputValueUnitRatio 1000000} prints milliseconds. The intervals add
 * up to result.json's figures. Writing is best effort: a log that cannot be written does not fail the run.
 */
public final class IntervalLogs implements AutoCloseable {

    private record Log(PrintStream out, HistogramLogWriter writer, List<Tagged> tags) {
    }

    /** A tag in a log and the interval key it writes. */
    private record Tagged(String tag, String key) {
    }

    private final List<Log> logs = new ArrayList<>();

    private IntervalLogs() {
    }

    /** Opens the logs in {@code dir} for the run's stages (and end-to-end latency when the run is paced). */
    public static IntervalLogs open(Path dir, PipelineMetrics metrics, boolean paced, long startEpochMillis) {
        IntervalLogs logs = new IntervalLogs();
        for (StageMetrics stage : metrics.stages()) {
            logs.add(dir.resolve(stage.name() + ".hlog"), "stage " + stage.name() + ": service and queue time",
                    startEpochMillis, List.of(new Tagged("service", stage.name() + ".service"),
                            new Tagged("queue", stage.name() + ".queue")));
        }
        if (paced) {
            logs.add(dir.resolve("run.latency.hlog"), "latency from each item's intended start", startEpochMillis,
                    List.of(new Tagged("latency", "latency")));
        }
        return logs;
    }

    private void add(Path file, String what, long startEpochMillis, List<Tagged> tags) {
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
            logs.add(new Log(out, writer, tags));
        } catch (IOException e) {
            // No log, no failure: the result is what matters.
        }
    }

    /** Appends one interval to every log. */
    public void write(Intervals.Interval interval) {
        for (Log log : logs) {
            for (Tagged t : log.tags()) {
                Histogram h = interval.get(t.key());
                if (h != null) {
                    h.setTag(t.tag());
                    log.writer().outputIntervalHistogram(h);
                }
            }
            log.out().flush();
        }
    }

    @Override
    public void close() {
        for (Log log : logs) {
            log.out().close();
        }
        logs.clear();
    }
}
