package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.LatencySummary;
import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import dev.sluice.run.Profiles;
import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run's .hlog files, read back with HdrHistogram's own reader, give result.json's percentiles. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntervalLogsTest {

    @TempDir
    Path dir;

    /** Every interval of one tag in a log, added up. */
    private static Histogram readAll(Path log, String tag, int[] intervals) throws FileNotFoundException {
        Histogram all = new Histogram(1, LatencyRecorder.HIGHEST_NANOS, 3);
        HistogramLogReader reader = new HistogramLogReader(new File(log.toString()));
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            if (tag.equals(h.getTag())) {
                all.add((Histogram) h);
                intervals[0]++;
            }
        }
        return all;
    }

    @Test
    void eachStagesLogAddsUpToTheReportsPercentiles() throws Exception {
        // About 2.5 s of waits on 4 threads: at least two whole intervals and the last partial one.
        VariantResult r = Profiles.run("""
                name: logs
                source: {range: {count: 500}}
                stages:
                  - {name: wait, kind: blocking-io, duration: 20ms, scheduler: {kind: bounded-elastic, threads: 4}}
                  - {name: square, kind: cpu, function: sum-of-squares, scheduler: single}
                sink: count
                """, dir);
        Map<String, StageResult> stages = new HashMap<>();
        r.stages().forEach(s -> stages.put(s.name(), s));
        for (String stage : new String[] {"wait", "square"}) {
            Path log = dir.resolve(stage + ".hlog");
            assertThat(Files.readString(log)).startsWith("#sluice stage " + stage);
            int[] intervals = new int[1];
            Histogram service = readAll(log, "service", intervals);
            assertThat(intervals[0]).as(stage + " intervals").isGreaterThanOrEqualTo(3);
            StageResult result = stages.get(stage);
            assertThat(LatencySummary.of(service, result.serviceMs().samples())).isEqualTo(result.serviceMs());
            assertThat(LatencySummary.of(readAll(log, "queue", new int[1]), result.queueMs().samples()))
                    .isEqualTo(result.queueMs());
        }
        assertThat(dir.resolve("run.latency.hlog")).as("only under an open or closed model").doesNotExist();
    }

    @Test
    void aPacedRunAlsoLogsLatencyFromTheIntendedStart() throws Exception {
        VariantResult r = Profiles.run("""
                name: paced
                source: {range: {count: 100000}}
                stages:
                  - {name: wait, kind: sleep, duration: 2ms, scheduler: event-loop}
                load: {model: arrival-rate, phases: [{rate: 200/s, duration: 1500ms}]}
                sink: discard
                """, dir);
        int[] intervals = new int[1];
        Histogram latency = readAll(dir.resolve("run.latency.hlog"), "latency", intervals);
        assertThat(intervals[0]).isGreaterThanOrEqualTo(2);
        assertThat(LatencySummary.of(latency, r.latencyMs().samples())).isEqualTo(r.latencyMs());
    }
}
