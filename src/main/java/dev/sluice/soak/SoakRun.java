package dev.sluice.soak;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One soak: holds a {@link ConnectionFleet} for {@code duration} (or until {@link #stop()}), writes a row
 * of {@code timeseries.csv} per window (throughput, latency, errors, connections on both sides, heap after
 * GC, RSS, descriptors, threads), then closes every connection and waits until the client and the
 * server both count none open, and judges the series ({@link SoakVerdicts}). Stopped early, it still
 * closes cleanly and judges what it has. Runs on the calling thread, which it blocks.
 */
public final class SoakRun {

    /** The columns of {@code timeseries.csv}, one row per window. */
    public static final List<String> COLUMNS = List.of("t", "seconds", "sent", "ok", "errors", "late", "requestsPerSecond",
            "p50Ms", "p99Ms", "maxMs", "clientOpen", "serverOpen", "opened", "failedToOpen", "closedByPeer",
            "heapAfterGcBytes", "rssBytes", "fds", "threads", "pending", "inFlight",
            // Errors by class: requests that got no answer, and answers that were errors.
            "errorsTimeout", "errorsClosed", "errorsAbandoned", "errorsOther", "responses4xx", "responses5xx");
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final long STEADY_NANOS = 1_000_000_000L;

    private final Settings settings;
    private final @Nullable LongSupplier serverOpen;
    private final @Nullable SoakClient givenClient;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * How a soak runs: the fleet, the window and the duration, and the verdicts' tolerances (connections
     * as a share of the fleet, heap after GC as a share of its steady level, p99 of the last windows
     * against the first as a ratio).
     */
    public record Settings(FleetSpec fleet, Duration window, Duration duration, double connectionTolerance,
            double memoryTolerance, double driftRatio) {
        public Settings {
            requireNonNull(fleet, "fleet");
            requireNonNull(window, "window");
            requireNonNull(duration, "duration");
            if (window.toMillis() < 100) {
                throw new IllegalArgumentException("window must be at least 100ms, but was " + window);
            }
            if (duration.compareTo(window) < 0) {
                throw new IllegalArgumentException("duration must be at least one window (" + window + "), but was "
                        + duration);
            }
        }

        public static Settings of(FleetSpec fleet, Duration window, Duration duration) {
            return new Settings(fleet, window, duration, SoakVerdicts.DEFAULT_CONNECTION_TOLERANCE,
                    SoakVerdicts.DEFAULT_MEMORY_TOLERANCE, SoakVerdicts.DEFAULT_DRIFT_RATIO);
        }
    }

    /**
     * What a soak left: its windows (as written to the CSV; the last is the close), the fleet's totals, the connections each side
     * still counted open after the close (both must be 0), whether it was stopped early, the verdicts, the client's gauges
     * before any connection was opened, and what went wrong with the client's processes (empty when nothing did).
     */
    public record Result(List<double[]> windows, FleetCounts totals, int clientOpenAfter, long serverOpenAfter,
            boolean stoppedEarly, List<SoakVerdict> verdicts, ProcessGauges.Reading baseline, List<String> problems) {
        public Result {
            windows = List.copyOf(windows);
            verdicts = List.copyOf(verdicts);
            requireNonNull(baseline, "baseline");
            problems = List.copyOf(problems);
        }

        /**
         * The client's resident memory per connection: RSS of the last window before the close, less the
         * baseline, over the connections open then; -1 when it cannot be told (no RSS, none open).
         */
        public double rssPerConnectionBytes() {
            if (windows.size() < 2 || baseline.rssBytes() < 0) {
                return -1;
            }
            double[] last = windows.get(windows.size() - 2);
            double rss = last[COLUMNS.indexOf("rssBytes")];
            double open = last[COLUMNS.indexOf("clientOpen")];
            return rss < 0 || open < 1 ? -1 : Math.round((rss - baseline.rssBytes()) / open);
        }

        public double[] column(String name) {
            return SoakRun.column(windows, name);
        }

        public @Nullable SoakVerdict verdict(String name) {
            return verdicts.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A soak with these settings, its fleet in this JVM; {@code serverOpen} reads the server's open connections
     * (null: unknown).
     */
    public SoakRun(Settings settings, @Nullable LongSupplier serverOpen) {
        this.settings = requireNonNull(settings, "settings");
        this.serverOpen = serverOpen;
        this.givenClient = null;
    }

    /**
     * A soak with these settings whose connections are held by {@code client} (for example {@link FleetShards});
     * {@code settings.fleet()} describes the whole fleet. The run closes the client when it ends.
     */
    public SoakRun(Settings settings, SoakClient client, @Nullable LongSupplier serverOpen) {
        this.settings = requireNonNull(settings, "settings");
        this.serverOpen = serverOpen;
        this.givenClient = requireNonNull(client, "client");
    }

    /** Ends the soak at its next window; safe from any thread (a Ctrl-C hook). */
    public void stop() {
        stopped.countDown();
    }

    /** Runs the soak and writes {@code timeseries.csv} into {@code outDir}. */
    public Result run(Path outDir) {
        return run(outDir, row -> { });
    }

    /** As {@link #run(Path)}, handing each window's row (in {@link #COLUMNS} order) to {@code onWindow} too. */
    public Result run(Path outDir, java.util.function.Consumer<double[]> onWindow) {
        List<double[]> rows = new ArrayList<>();
        boolean early = false;
        long windowNanos = settings.window().toNanos();
        try (TimeSeriesCsv csv = TimeSeriesCsv.in(outDir, COLUMNS);
                SoakClient fleet = givenClient != null ? givenClient : SoakClient.local(settings.fleet())) {
            long start = System.nanoTime();
            fleet.start();
            long end = start + settings.duration().toNanos();
            long next = start + windowNanos;
            while (true) {
                long wait = Math.min(next, end) - System.nanoTime();
                if (wait > 0 && stopped.await(wait, TimeUnit.NANOSECONDS)) {
                    early = true;
                }
                long now = System.nanoTime();
                double[] row = row(fleet.drain(), (now - start) / 1e9, fleet.counts());
                rows.add(row);
                csv.append(row);
                onWindow.accept(row);
                if (!fleet.problems().isEmpty()) {
                    // A shard died: its connections went with it, and the rest of the series would not be this soak.
                    early = true;
                }
                if (early || now >= end) {
                    break;
                }
                // A window that ran late (a stalled machine) does not make the next ones short: the next ends a
                // whole window after the last one due.
                next += windowNanos;
                if (next <= now) {
                    next += ((now - next) / windowNanos + 1) * windowNanos;
                }
            }
            List<SoakVerdict> verdicts = verdicts(rows);
            fleet.closeGracefully(settings.fleet().requestTimeout());
            List<String> problems = new ArrayList<>();
            long serverAfter = serverOpenAfterClose(problems);
            // The close is a window of its own (what was sent and answered while closing), so the windows
            // add up to the totals; the verdicts judge the windows before it.
            ClientWindow last = fleet.drain();
            double[] closing = row(last, (System.nanoTime() - start) / 1e9, fleet.counts());
            rows.add(closing);
            csv.append(closing);
            problems.addAll(0, fleet.problems());
            return new Result(rows, fleet.counts(), last.open(), serverAfter, early, verdicts, fleet.baseline(), problems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir.resolve(TimeSeriesCsv.FILE_NAME) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the soak", e);
        }
    }

    private double[] row(ClientWindow cw, double t, FleetCounts totals) {
        FleetWindow w = cw.window();
        FleetCounts c = w.counts();
        Histogram h = w.latencyMicros();
        double seconds = Math.max(1e-9, w.length().toNanos() / 1e9);
        ProcessGauges.Reading r = cw.gauges();
        int clientOpen = cw.open();
        long inFlight = Math.max(0, totals.sent() - totals.responsesTotal() - totals.errorsTotal());
        boolean timed = h.getTotalCount() > 0;
        return new double[] {
            round(t), round(seconds), c.sent(), c.responses("2xx"), c.errorsTotal(), c.late(), round(c.responsesTotal() / seconds),
            timed ? h.getValueAtPercentile(50) / 1e3 : Double.NaN, timed ? h.getValueAtPercentile(99) / 1e3 : Double.NaN,
            timed ? h.getMaxValue() / 1e3 : Double.NaN, clientOpen, serverOpenNow(),
            c.opened(), c.failedTotal(), c.closed(FleetClose.BY_PEER) + c.closed(FleetClose.ON_ERROR),
            r.heapAfterGcBytes(), r.rssBytes(), r.openFileDescriptors(), r.liveThreads(), cw.pending(), inFlight,
            c.errors(FleetError.TIMEOUT), c.errors(FleetError.CLOSED), c.errors(FleetError.ABANDONED), c.errors(FleetError.OTHER),
            c.responses("4xx"), c.responses("5xx")};
    }

    /** The server's open connections now; NaN when unknown or when the server does not answer (a starved server). */
    private double serverOpenNow() {
        if (serverOpen == null) {
            return Double.NaN;
        }
        try {
            return serverOpen.getAsLong();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * The server's open connections once it has seen the client's closes: polled until 0, or unchanged for
     * a second (a server that keeps sockets never gets to 0), at most 10 s; -1 when unknown.
     */
    private long serverOpenAfterClose(List<String> problems) throws InterruptedException {
        if (serverOpen == null) {
            return -1;
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        double open = serverOpenNow();
        long changed = System.nanoTime();
        while ((Double.isNaN(open) || open > 0) && System.nanoTime() < deadline
                && (Double.isNaN(open) || System.nanoTime() - changed < STEADY_NANOS)) {
            Thread.sleep(50);
            double now = serverOpenNow();
            if (Double.compare(now, open) != 0) {
                open = now;
                changed = System.nanoTime();
            }
        }
        if (Double.isNaN(open)) {
            problems.add("the server's open connections could not be read after the close (it did not answer for "
                    + SETTLE.toSeconds() + " s)");
            return -1;
        }
        return (long) open;
    }

    /** One column of the rows, by its name in {@link #COLUMNS}. */
    private static double[] column(List<double[]> rows, String name) {
        int at = COLUMNS.indexOf(name);
        if (at < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; columns: " + COLUMNS);
        }
        return rows.stream().mapToDouble(row -> row[at]).toArray();
    }

    private List<SoakVerdict> verdicts(List<double[]> rows) {
        double[] times = column(rows, "t");
        double[] client = column(rows, "clientOpen");
        double[] server = serverOpen == null ? null : column(rows, "serverOpen");
        int connections = settings.fleet().connections();
        int steady = SoakVerdicts.steadyStateStart(client, connections);
        int skip = steady < 0 ? rows.size() : steady;
        List<SoakVerdict> out = new ArrayList<>();
        out.add(SoakVerdicts.connectionLeak(times, client, server, column(rows, "fds"), connections,
                settings.connectionTolerance()));
        out.add(SoakVerdicts.memoryLeak(times, column(rows, "heapAfterGcBytes"), skip, settings.memoryTolerance()));
        out.add(SoakVerdicts.latencyDrift(times, column(rows, "p99Ms"), skip, SoakVerdicts.DEFAULT_DRIFT_WINDOWS,
                SoakVerdicts.DEFAULT_DRIFT_WINDOWS, settings.driftRatio()));
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
