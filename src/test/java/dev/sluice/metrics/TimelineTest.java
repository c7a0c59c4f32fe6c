package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.report.PercentileCurve;
import dev.sluice.report.VariantResult;
import dev.sluice.run.Profiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The run second by second: it adds up to the run's counts, shows queues, and stays bounded however long. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimelineTest {

    @TempDir
    Path dir;

    private static double sum(List<Double> column) {
        return column.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
    }

    private static double max(List<Double> column) {
        return column.stream().filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(-1);
    }

    @Test
    void aRunsTimelineAddsUpToItsCountsAndShowsItsQueue() {
        // 8 items at a time on 2 threads: about 6 wait in the pool's queue; 80 x 40 ms / 2 = 1.6 s.
        VariantResult r = Profiles.run("""
                name: timeline
                source: {range: {count: 80}}
                stages:
                  - {name: wait, kind: blocking-io, duration: 40ms, concurrency: 8,
                     scheduler: {kind: bounded-elastic, threads: 2}}
                sink: count
                """, dir);
        Map<String, List<Double>> c = r.timeline().columns();
        List<Double> t = c.get("t");
        assertThat(t).hasSizeGreaterThanOrEqualTo(2).isSorted();
        assertThat(sum(c.get("dt"))).isCloseTo(t.getLast(), within(0.01));
        assertThat(sum(c.get("items.ok"))).isEqualTo(r.items().ok());
        assertThat(sum(c.get("items.failed"))).isZero();
        assertThat(max(c.get("stage.wait.scheduler.queued"))).as("tasks waiting for one of 2 threads").isBetween(3.0, 7.0);
        assertThat(max(c.get("stage.wait.service.p50"))).isBetween(39.0, 80.0);
        assertThat(c.get("items.inFlight").getLast()).isZero();
        PercentileCurve curve = r.latencyCurves().get("wait");
        assertThat(curve.percentiles()).contains(50.0, 99.0, 100.0);
        assertThat(curve.ms()).isSorted();
        assertThat(curve.ms().get(curve.percentiles().indexOf(50.0))).isEqualTo(r.stages().getFirst().serviceMs().p50());
        assertThat(r.latencyCurves()).doesNotContainKey("latency");
    }

    @Test
    void pointsStayBoundedAndStillAddUpOnALongRun() {
        StageMetrics stage = new StageMetrics("work");
        PipelineMetrics metrics = new PipelineMetrics(List.of(stage));
        Timeline timeline = new Timeline(metrics);
        int seconds = 3 * Timeline.MAX_POINTS + 7;
        for (int i = 0; i < seconds; i++) {
            for (int k = 0; k < 3; k++) {
                metrics.emittedCounter().increment();
                metrics.okCounter().increment();
            }
            Histogram service = new Histogram(1, LatencyRecorder.HIGHEST_NANOS, 3);
            // One slow second in the middle: a merged point must keep it.
            service.recordValue(i == seconds / 2 ? 900_000_000L : 1_000_000L);
            timeline.add(new Intervals.Interval(i * 1000L, (i + 1) * 1000L, i, i + 1,
                    Map.of("work.service", service, "work.queue", new Histogram(1, LatencyRecorder.HIGHEST_NANOS, 3))));
        }
        timeline.finish();
        Map<String, List<Double>> c = timeline.columns();
        assertThat(c.get("t").size()).isLessThanOrEqualTo(Timeline.MAX_POINTS).isGreaterThan(Timeline.MAX_POINTS / 4);
        assertThat(timeline.stride()).isEqualTo(4);
        c.values().forEach(column -> assertThat(column).hasSameSizeAs(c.get("t")));
        assertThat(sum(c.get("items.ok"))).isEqualTo(3.0 * seconds);
        assertThat(sum(c.get("dt"))).isCloseTo(seconds, within(0.01));
        assertThat(c.get("t").getLast()).isEqualTo((double) seconds);
        assertThat(max(c.get("stage.work.service.p99"))).isCloseTo(900, within(1.0));
        assertThat(timeline.latest()).containsEntry("items.ok", 3.0);
    }
}
