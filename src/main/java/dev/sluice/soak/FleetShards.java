package dev.sluice.soak;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * A soak's fleet split over worker processes ({@link ShardProcess}), one {@link FleetSpec} each: past what
 * one process may hold open (20,000 files here), the connections of a soak must live in several. Every
 * window is asked of all shards at once and summed: counts and totals counter by counter, latencies by
 * adding the shards' histograms (exact, not an average of percentiles), open and pending connections, and
 * the gauges (heap after GC, RSS, descriptors and threads of all the shards together; a shard that has not
 * collected yet adds no heap reading).
 *
 * <p>A shard that dies or stops answering is a {@link #problems() problem}: its connections are gone (the
 * kernel closed them with the process), its last totals stay in the sums, and the soak should stop.
 */
public final class FleetShards implements SoakClient {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private final List<ShardProcess> shards;
    private final List<FleetSpec> specs;
    private final ProcessGauges.Reading baseline;
    private final FleetCounts[] totals;
    private final boolean[] lost;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private @Nullable List<ClientWindow> closing;
    /** Asks the shards at once: one virtual thread per question, each blocked on its shard's answer. */
    private final java.util.concurrent.ExecutorService askers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private FleetShards(List<ShardProcess> shards, List<FleetSpec> specs, ProcessGauges.Reading baseline) {
        this.shards = List.copyOf(shards);
        this.specs = List.copyOf(specs);
        this.baseline = baseline;
        this.totals = new FleetCounts[shards.size()];
        java.util.Arrays.fill(totals, FleetCounts.zero());
        this.lost = new boolean[shards.size()];
    }

    /**
     * Starts one process per spec (all at once) and returns when every one has made its fleet. Their
     * standard error goes to {@code shard-N.err} in {@code dir}.
     *
     * @throws IllegalStateException when a shard cannot start; those started are stopped again
     */
    public static FleetShards start(List<FleetSpec> specs, Path dir) {
        requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("a fleet in shards needs at least one shard");
        }
        List<ShardProcess> started = new ArrayList<>();
        try {
            for (int i = 0; i < specs.size(); i++) {
                started.add(ShardProcess.start(i + 1, specs.get(i), dir));
            }
            List<ProcessGauges.Reading> readings = new ArrayList<>();
            for (ShardProcess shard : started) {
                readings.add(shard.awaitReady(START_TIMEOUT));
            }
            return new FleetShards(started, specs, sum(readings));
        } catch (RuntimeException e) {
            started.forEach(ShardProcess::close);
            throw new IllegalStateException("the soak's shards did not start: " + e.getMessage(), e);
        }
    }

    /** The shards' process ids, in shard order. */
    public List<Long> pids() {
        return shards.stream().map(ShardProcess::pid).toList();
    }

    @Override
    public void start() {
        all(ShardWire.START, ShardWire.STARTED, ANSWER_TIMEOUT);
    }

    @Override
    public synchronized ClientWindow drain() {
        if (closing != null) {
            // The windows the close left: asked for by the close itself (see closeGracefully).
            List<ClientWindow> windows = closing;
            closing = null;
            return merge(windows);
        }
        return merge(windows());
    }

    @Override
    public synchronized FleetCounts counts() {
        return sumCounts(List.of(totals));
    }

    /**
     * Closes every shard's connections (each waits up to {@code grace} for its answers), then takes each
     * shard's last window, so the next {@link #drain()} returns what the close did and the totals are final.
     */
    @Override
    public synchronized void closeGracefully(Duration grace) {
        Duration bound = grace.plus(specs.getFirst().connectTimeout()).plusSeconds(15);
        List<String> answers = all(ShardWire.CLOSE + " " + grace.toMillis(), ShardWire.CLOSED, bound);
        for (int i = 0; i < answers.size(); i++) {
            String a = answers.get(i);
            if (a != null && a.contains(" ")) {
                problems.add("soak shard " + (i + 1) + " could not close every connection: " + a.substring(a.indexOf(' ') + 1));
            }
        }
        closing = windows();
    }

    @Override
    public ProcessGauges.Reading baseline() {
        return baseline;
    }

    @Override
    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        // In parallel: each may take a few seconds to close its connections and exit.
        CompletableFuture.allOf(shards.stream().map(s -> CompletableFuture.runAsync(s::close, askers))
                .toArray(CompletableFuture[]::new)).join();
        askers.shutdown();
    }

    /** Every live shard's window, asked of all at once; a shard lost on the way adds an empty window. */
    private List<ClientWindow> windows() {
        List<String> answers = all(ShardWire.DRAIN, ShardWire.WINDOW, ANSWER_TIMEOUT);
        List<ClientWindow> out = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            String a = answers.get(i);
            if (a == null) {
                continue;
            }
            ShardWire.ShardWindow w = ShardWire.window(a);
            totals[i] = w.totals();
            out.add(w.window());
        }
        return out;
    }

    /**
     * Sends {@code command} to every live shard, then collects each answer; null for a shard that is lost
     * (now or before), which becomes a problem once.
     */
    private List<@Nullable String> all(String command, String answer, Duration timeout) {
        List<CompletableFuture<@Nullable String>> asks = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            int at = i;
            asks.add(lost[i] ? CompletableFuture.completedFuture(null) : CompletableFuture.supplyAsync(() -> {
                try {
                    return shards.get(at).ask(command, answer, timeout);
                } catch (ShardProcess.ShardFailedException e) {
                    lost[at] = true;
                    problems.add(e.getMessage() + "; its " + String.format(java.util.Locale.ROOT, "%,d",
                            specs.get(at).connections()) + " connections were closed with it");
                    return null;
                }
            }, askers));
        }
        return asks.stream().map(CompletableFuture::join).toList();
    }

    private static ClientWindow merge(List<ClientWindow> windows) {
        Instant start = null;
        Instant end = null;
        Histogram latency = new Histogram(FleetLatency.HIGHEST_MICROS, 3);
        List<FleetCounts> counts = new ArrayList<>();
        List<ProcessGauges.Reading> gauges = new ArrayList<>();
        int open = 0;
        int pending = 0;
        for (ClientWindow w : windows) {
            start = start == null || w.window().start().isBefore(start) ? w.window().start() : start;
            end = end == null || w.window().end().isAfter(end) ? w.window().end() : end;
            latency.add(w.window().latencyMicros());
            counts.add(w.window().counts());
            gauges.add(w.gauges());
            open += w.open();
            pending += w.pending();
        }
        Instant now = Instant.now();
        FleetCounts sum = sumCounts(counts);
        FleetCounts withOpen = new FleetCounts(sum.opened(), sum.failed(), open, sum.closed(), sum.sent(), sum.responses(),
                sum.errors(), sum.late());
        return new ClientWindow(new FleetWindow(start == null ? now : start, end == null ? now : end, withOpen, latency),
                open, pending, sum(gauges));
    }

    /** Counter by counter; {@code open} summed too. */
    static FleetCounts sumCounts(List<FleetCounts> all) {
        FleetCounts out = FleetCounts.zero();
        for (FleetCounts c : all) {
            out = out.plus(c);
        }
        return out;
    }

    /** The gauges of several processes together; a reading one of them cannot give (-1) is left out. */
    static ProcessGauges.Reading sum(List<ProcessGauges.Reading> readings) {
        return new ProcessGauges.Reading(
                sum(readings, ProcessGauges.Reading::heapAfterGcBytes), sum(readings, ProcessGauges.Reading::heapUsedBytes),
                sum(readings, ProcessGauges.Reading::rssBytes), sum(readings, ProcessGauges.Reading::openFileDescriptors),
                sum(readings, ProcessGauges.Reading::maxFileDescriptors),
                (int) sum(readings, r -> (long) r.liveThreads()));
    }

    private static long sum(List<ProcessGauges.Reading> readings, java.util.function.ToLongFunction<ProcessGauges.Reading> f) {
        long total = 0;
        boolean any = false;
        for (ProcessGauges.Reading r : readings) {
            long v = f.applyAsLong(r);
            if (v >= 0) {
                total += v;
                any = true;
            }
        }
        return any ? total : -1;
    }
}
