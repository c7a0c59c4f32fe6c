package dev.sluice.run;

import static java.util.Objects.requireNonNull;

import dev.sluice.crawl.Crawl;
import dev.sluice.metrics.Clock;
import dev.sluice.metrics.IntervalLogs;
import dev.sluice.metrics.Intervals;
import dev.sluice.metrics.Timeline;
import dev.sluice.metrics.PipelineMetrics;
import dev.sluice.metrics.ResourceProbe;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineAssembler;
import dev.sluice.profile.Profile;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.load.ArrivalGenerator;
import dev.sluice.report.ItemCounts;
import dev.sluice.report.LoadResult;
import dev.sluice.report.LatencySummary;
import dev.sluice.report.PercentileCurve;
import dev.sluice.report.TimeSeries;
import dev.sluice.report.StageResult;
import dev.sluice.report.ThresholdCheck;
import dev.sluice.report.VariantResult;
import dev.sluice.schedule.SchedulerFactory;
import dev.sluice.testserver.ServerStats;
import dev.sluice.testserver.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Runs one profile: starts its test server if it has one, assembles the pipeline on fresh schedulers,
 * drives the source (load model
 * {@code drain}: the sink asks for everything and backpressure inside the pipeline paces the source),
 * measures, and returns a {@link VariantResult}. {@link #cancel()} (for Ctrl-C) stops the run early;
 * the result still accounts for every item.
 */
public final class Runner {

    /** How often the listener hears about progress. */
    public static final Duration TICK = Duration.ofMillis(250);

    private final Clock clock;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final AtomicReference<@Nullable Disposable> subscription = new AtomicReference<>();
    /** Counted down when the run ends or is cancelled; the running thread waits on it. */
    private final CountDownLatch over = new CountDownLatch(1);

    public Runner(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    public Runner() {
        this(Clock.monotonic());
    }

    /** Asks the current run to stop; safe from any thread, e.g. a shutdown hook. */
    public void cancel() {
        cancelled.countDown();
        Disposable d = subscription.get();
        if (d != null) {
            d.dispose();
        }
        over.countDown();
    }

    public boolean isCancelled() {
        return cancelled.getCount() == 0;
    }

    /** Runs the profile to the end (or until cancelled) and returns its measured result. */
    public VariantResult run(Profile profile, String label, Path outDir, RunListener listener) {
        ResourceProbe probe = new ResourceProbe();
        TestServer server = profile.server() == null ? null : TestServer.start(profile.server());
        try (SchedulerFactory schedulers = new SchedulerFactory()) {
            Map<String, String> runtime = server == null ? Map.of() : Map.of(
                    "server.url", server.url(),
                    "server.host", java.net.URI.create(server.url()).getHost(),
                    "server.port", Integer.toString(java.net.URI.create(server.url()).getPort()));
            // The clock starts before assembly: a process stage starts its workers there, and that start-up
            // cost is part of what the run measures (as it is of a multiprocessing.Pool's wall time).
            probe.start();
            long start = clock.nanos();
            Pipeline pipeline = new PipelineAssembler(schedulers, clock).assemble(profile, outDir, runtime);
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
            ArrivalGenerator generator = pipeline.generator();
            long planned = generator == null ? profile.source().total()
                    : generator.cyclesSource() ? generator.scheduled()
                    : Math.min(profile.source().total(), generator.scheduled());
            long total = planned;

            Intervals intervals = new Intervals(pipeline.metrics(), generator != null, clock);
            IntervalLogs logs = IntervalLogs.open(outDir, pipeline.metrics(), generator != null,
                    intervals.startEpochMillis());
            Timeline timeline = new Timeline(pipeline.metrics());
            if (server != null) {
                timeline.gauge("server.connections.open", server.stats()::openConnections);
            }
            if (pipeline.crawl() != null) {
                Crawl crawl = pipeline.crawl();
                timeline.gauge(CrawlResults.FRONTIER_GAUGE, () -> crawl.frontier().size());
                timeline.gauge(CrawlResults.REQUESTS_GAUGE, crawl::inFlightRequests);
                total = crawl.spec().maxPages();
            }
            listener.started(label, pipeline.metrics());
            Disposable d = pipeline.flow().subscribe(
                    item -> { },
                    error -> {
                        failure.set(error);
                        done.countDown();
                        over.countDown();
                    },
                    () -> {
                        done.countDown();
                        over.countDown();
                    });
            subscription.set(d);
            if (isCancelled()) {
                d.dispose();
            }
            awaitEnd(pipeline.metrics(), total, start, listener, intervals, logs, timeline);
            long end = clock.nanos();
            boolean interrupted = isCancelled() && done.getCount() > 0;
            timeline.holdGauges();
            d.dispose();
            // Stop every thread of the run before counting, so no item changes state afterwards.
            schedulers.close();
            Intervals.Interval last = intervals.finish();
            logs.write(last);
            logs.close();
            timeline.add(last);
            timeline.finish();
            ResourceProbe.Usage usage = probe.stop();
            Map<String, Object> sinkSummary = closeSink(pipeline, failure);

            String status = interrupted ? VariantResult.INTERRUPTED
                    : failure.get() != null ? VariantResult.FAILED : VariantResult.OK;
            String error = failure.get() == null ? null : describe(failure.get());
            VariantResult result = result(profile, label, pipeline.metrics(), end - start, usage, status, error,
                    sinkSummary, server == null ? null : server.stats().snapshot(), pipeline, total, timeline);
            return result.withThresholds(ThresholdCheck.check(profile.thresholds(), result));
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private void awaitEnd(PipelineMetrics metrics, long total, long start, RunListener listener, Intervals intervals,
            IntervalLogs logs, Timeline timeline) {
        try {
            while (!over.await(TICK.toNanos(), TimeUnit.NANOSECONDS)) {
                Intervals.Interval interval = intervals.tick();
                if (interval != null) {
                    logs.write(interval);
                    timeline.add(interval);
                }
                listener.progress(new RunListener.Progress(metrics.counts(), total, clock.nanos() - start,
                        timeline.latest()));
            }
            if (!isCancelled()) {
                listener.progress(new RunListener.Progress(metrics.counts(), total, clock.nanos() - start,
                        timeline.latest()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
        }
    }

    private static Map<String, Object> closeSink(Pipeline pipeline, AtomicReference<@Nullable Throwable> failure) {
        try {
            pipeline.closeSink();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
        return pipeline.sink().summary();
    }

    private static VariantResult result(Profile profile, String label, PipelineMetrics metrics, long wallNanos,
            ResourceProbe.Usage usage, String status, @Nullable String error, Map<String, Object> sink,
            ServerStats.@Nullable Snapshot server, Pipeline pipeline, long scheduled, Timeline timeline) {
        PipelineMetrics.Counts c = metrics.counts();
        // Whatever is neither ok, failed nor dropped was still in flight when the run stopped early.
        long aborted = c.inFlight();
        ItemCounts items = new ItemCounts(c.emitted(), c.ok(), c.failed() + aborted, c.dropped(), aborted);
        TimeSeries series = new TimeSeries(timeline.stride(), timeline.columns());
        double wall = wallNanos / 1e9;
        List<StageResult> stages = new ArrayList<>();
        for (int i = 0; i < profile.stages().size(); i++) {
            stages.add(stageResult(profile.stages().get(i), metrics.stages().get(i)));
        }
        // The CPU of worker processes (the process scheduler) counts: the work was done, just elsewhere.
        double cpu = usage.cpuSeconds() + metrics.stages().stream().mapToDouble(StageMetrics::childCpuSeconds).sum();
        double utilisation = wall > 0 ? cpu / wall / usage.cores() : 0;
        return new VariantResult(label, profile.engine().label(), status, error, round(wall), round(cpu), round(utilisation),
                usage.cores(), wall > 0 ? Math.round(c.ok() / wall) : 0, items, stages, usage.peakThreads(),
                usage.peakHeapBytes(), round(usage.gcSeconds()), sink, List.of(), server,
                loadResult(pipeline.generator(), scheduled, status),
                pipeline.generator() == null ? null
                        : LatencySummary.of(metrics.endToEnd().cumulative(), c.ok()),
                series, curves(metrics, pipeline.generator() != null),
                pipeline.crawl() == null ? null : CrawlResults.of(pipeline.crawl(), series, server, aborted));
    }

    /** The percentile curves: end-to-end latency under a load model, then each stage's service time. */
    private static Map<String, PercentileCurve> curves(PipelineMetrics metrics, boolean paced) {
        Map<String, PercentileCurve> curves = new java.util.LinkedHashMap<>();
        if (paced) {
            curves.put("latency", PercentileCurve.of(metrics.endToEnd().cumulative()));
        }
        for (StageMetrics stage : metrics.stages()) {
            curves.put(stage.name(), PercentileCurve.of(stage.service().cumulative()));
        }
        return curves;
    }

    /** A generator that reached less than this share of its target rate fell behind. */
    private static final double BEHIND_SHARE = 0.95;
    /** ...or whose emissions were this late at the 99th percentile, in ms. */
    private static final double LATE_P99_MS = 10;

    private static @Nullable LoadResult loadResult(@Nullable ArrivalGenerator generator, long scheduled, String status) {
        if (generator == null) {
            return null;
        }
        boolean open = generator.model().equals("arrival-rate");
        LatencySummary late = LatencySummary.of(generator.lateness().cumulative(), open ? generator.emitted() : 0);
        double target = generator.targetRate();
        double achieved = round(generator.achievedRate());
        String warning = null;
        boolean completed = VariantResult.OK.equals(status) && generator.emitted() >= scheduled;
        if (open && ((completed && achieved < BEHIND_SHARE * target) || late.p99() > LATE_P99_MS)) {
            warning = String.format(java.util.Locale.ROOT, "the load generator fell behind: %.0f/s of %.0f/s, "
                    + "emissions up to %.1f ms late (p99); the pipeline got less load than asked", achieved, target,
                    late.p99());
        }
        return new LoadResult(generator.model(), scheduled, generator.emitted(), round(target), achieved,
                generator.droppedOverCap(), late, warning);
    }

    /** Off the CPU this share of its time or more, a stage on a loop or a core-sized pool is blocking it. */
    static final double BLOCKING_SHARE = 0.5;
    /** ... and for at least this long per item on average, in ms (a context switch is not blocking). */
    static final double BLOCKING_MS = 0.5;

    /**
     * A warning for a stage that blocks the threads of an event-loop or parallel scheduler: its timed
     * items spent most of their time off the CPU (sleeping, waiting for I/O or a lock) on threads that
     * were meant to stay busy. Null when it did not.
     */
    static @Nullable String blockingWarning(StageSpec spec, StageMetrics m) {
        boolean meantToStayBusy = spec.scheduler() instanceof SchedulerSpec.EventLoop
                || spec.scheduler() instanceof SchedulerSpec.Parallel;
        if (!meantToStayBusy || !m.cpuWatched() || m.offCpuShare() < BLOCKING_SHARE
                || m.offCpuMillisPerItem() < BLOCKING_MS) {
            return null;
        }
        String kind = spec.scheduler().kind();
        return String.format(java.util.Locale.ROOT, "stage '%s' blocks its %s threads: its items spent %.0f%% of "
                + "their time off the CPU (%.1f ms each on average), and every item behind it waits %s. Move it to "
                + "a scheduler made for waiting: scheduler: virtual, or {kind: bounded-elastic, threads: N}.",
                spec.name(), kind, 100 * m.offCpuShare(), m.offCpuMillisPerItem(),
                kind.equals("event-loop") ? "(a task that never yields starves the loop)" : "for a thread");
    }

    private static StageResult stageResult(StageSpec spec, StageMetrics m) {
        int poolSize = switch (spec.scheduler()) {
            case SchedulerSpec.Single s -> 1;
            case SchedulerSpec.Parallel p -> p.threads();
            case SchedulerSpec.BoundedElastic b -> b.threads();
            case SchedulerSpec.Virtual v -> 0;
            case SchedulerSpec.Io io -> 0;
            case SchedulerSpec.EventLoop e -> 0;
            case SchedulerSpec.Process p -> p.workers();
        };
        int concurrency = spec.adaptive() ? m.finalLimit() : spec.concurrency();
        return new StageResult(spec.name(), spec.kind(), spec.scheduler().kind(), poolSize, concurrency,
                spec.order().label(), m.completedCount(), m.errorCount(), m.droppedCount(), m.errorsByKind(),
                m.firstErrorMessages(),
                LatencySummary.of(m.service().cumulative(), m.sampleCount()),
                LatencySummary.of(m.queue().cumulative(), m.sampleCount()),
                m.sampler().interval(), m.threadCount(), m.ranOnVirtualThreads(), m.tallies(), m.limitHistory(),
                m.cpuWatched() ? Math.round((1 - m.offCpuShare()) * 1000) / 1000.0 : null, blockingWarning(spec, m));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
