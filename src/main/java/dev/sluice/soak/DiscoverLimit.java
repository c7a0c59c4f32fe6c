package dev.sluice.soak;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Finds where a server stops coping: holds {@code step} connections for a window, then {@code 2 x step},
 * and so on up to {@code max}, each step with a fresh fleet (closed, and the server seen back at none of
 * ours, before the next), until a step where the server refuses or resets connections, connects or
 * requests time out, requests fail, or the step's p99 passes the bound. Reports every step, the last good
 * one and the first bad one: the limit lies between them, so it is found to within one step. The first step is
 * held before it is judged, unjudged, until it runs within the bound (or 10 s), to warm both sides up. {@link #runByRate}
 * steps the total request rate instead, at a fixed number of connections. Blocks the calling thread.
 */
public final class DiscoverLimit {

    private static final Duration SETTLE = Duration.ofSeconds(10);
    /** The longest the first step is held to warm up before it is judged. */
    static final Duration WARM_UP_MAX = Duration.ofSeconds(10);

    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * One step: how many connections were asked for and what they met. {@code outcome} is ok or why it is bad.
     * {@code requestedRate} is the fleet's total requests per second (0 when held only), {@code achievedRate}
     * the answers per second the step's window got.
     */
    public record Step(int connections, long opened, long refused, long timeouts, long otherFailures, long sent,
            long errors, double p99Ms, String outcome, double requestedRate, double achievedRate) {
        public boolean ok() {
            return outcome.equals("ok");
        }
    }

    /**
     * Every step, the connections (or with {@code by} {@code rate}, the requests per second) of the last good
     * step (0: none was good) and of the first bad one (-1: none was bad up to max), and a sentence saying what
     * was found.
     */
    public record Result(List<Step> steps, int lastGood, int firstBad, boolean stoppedEarly, String text, String by) {
        public Result {
            steps = List.copyOf(steps);
        }
    }

    /** What a search steps: connections, or the total request rate. */
    public static final String BY_CONNECTIONS = "connections";
    public static final String BY_RATE = "rate";

    /** Ends the search after the current step; safe from any thread. */
    public void stop() {
        stopped.countDown();
    }

    /**
     * Runs the search. {@code base} gives the target, interval, sources and timeouts (its connection count
     * is replaced by each step's, and nothing is replaced); {@code serverOpen} reads the server's open
     * connections, to wait until it has let go of a step's before the next (null: not waited for).
     */
    public Result run(FleetSpec base, int step, int max, Duration hold, Duration p99Bound,
            @Nullable LongSupplier serverOpen) throws InterruptedException {
        requireNonNull(base, "base");
        if (step < 1 || max < step) {
            throw new IllegalArgumentException("discover-limit needs 1 <= step <= max, but step was " + step
                    + " and max " + max);
        }
        return search(BY_CONNECTIONS, step, max, n -> base.withReplacement(false).withConnections(n), hold, p99Bound,
                serverOpen);
    }

    /**
     * Runs a search by rate: {@code base}'s connections (none replaced) send {@code step} requests per second in
     * all, then {@code 2 x step}, ... up to {@code max}, spread evenly over the connections (see
     * {@link FleetSpec#withTotalRate}), each step held {@code hold}. A connection never pipelines, so past what
     * its connections can carry (connections / server latency) the requests go late, and since their latency
     * counts from when they were due, p99 grows with the backlog.
     *
     * <p>Each step opens a fresh fleet rather than retuning one held across steps: a bad step leaves a backlog of
     * owed requests and perhaps connections the server closed, and none of that may count against the next step;
     * the price is opening the connections again, which is not judged (the window starts once all are open).
     */
    public Result runByRate(FleetSpec base, int step, int max, Duration hold, Duration p99Bound,
            @Nullable LongSupplier serverOpen) throws InterruptedException {
        requireNonNull(base, "base");
        if (step < 1 || max < step) {
            throw new IllegalArgumentException("discover-limit by rate needs 1/s <= step <= max, but step was " + step
                    + "/s and max " + max + "/s");
        }
        return search(BY_RATE, step, max, r -> base.withReplacement(false).withTotalRate(r), hold, p99Bound, serverOpen);
    }

    private Result search(String by, int step, int max, java.util.function.IntFunction<FleetSpec> fleetAt, Duration hold,
            Duration p99Bound, @Nullable LongSupplier serverOpen) throws InterruptedException {
        List<Step> steps = new ArrayList<>();
        int lastGood = 0;
        int firstBad = -1;
        boolean early = false;
        long baseline = serverOpen == null ? 0 : serverOpen.getAsLong();
        warmUp(fleetAt.apply(step), hold, p99Bound);
        settle(serverOpen, baseline);
        for (int n = step; n <= max && n > 0; n += step) {
            Step s = step(fleetAt.apply(n), hold, p99Bound);
            steps.add(s);
            settle(serverOpen, baseline);
            if (!s.ok()) {
                firstBad = n;
                break;
            }
            lastGood = n;
            if (stopped.await(0, TimeUnit.NANOSECONDS)) {
                early = true;
                break;
            }
        }
        String text = by.equals(BY_RATE) ? rateText(lastGood, firstBad, early, steps)
                : firstBad > 0
                ? String.format(Locale.ROOT, "the limit lies between %,d connections (ok) and %,d (%s)", lastGood, firstBad,
                        steps.getLast().outcome())
                : early ? String.format(Locale.ROOT, "stopped after %,d connections, all ok", lastGood)
                : String.format(Locale.ROOT, "no limit up to %,d connections", lastGood);
        return new Result(steps, lastGood, firstBad, early, text, by);
    }

    private static String rateText(int lastGood, int firstBad, boolean early, List<Step> steps) {
        return firstBad > 0
                ? String.format(Locale.ROOT, "the limit lies between %,d/s (ok) and %,d/s (%s)", lastGood, firstBad,
                        steps.getLast().outcome())
                : early ? String.format(Locale.ROOT, "stopped after %,d/s, all ok", lastGood)
                : String.format(Locale.ROOT, "no limit up to %,d/s", lastGood);
    }

    /**
     * Holds the first step, unjudged, until two slices in a row (a quarter of a window each, at least 250 ms) are
     * within the bound without errors, or for {@link #WARM_UP_MAX}. A cold JVM (on either side) loads classes and
     * compiles for its first seconds: seen, no answer at all for the first 0.5 s and p99 over 800 ms for 2 s at
     * 40% of what the connections could carry, which would end the search at its first step.
     */
    private static void warmUp(FleetSpec spec, Duration hold, Duration p99Bound) throws InterruptedException {
        long slice = Math.max(250, hold.toMillis() / 4);
        long deadline = System.nanoTime() + WARM_UP_MAX.toNanos();
        try (ConnectionFleet fleet = new ConnectionFleet(spec)) {
            fleet.start().block(spec.connectTimeout().plusSeconds(spec.connections() / spec.openRate() + 10L));
            fleet.drain();
            int good = 0;
            while (good < 2 && System.nanoTime() < deadline) {
                Thread.sleep(slice);
                FleetWindow w = fleet.drain();
                Histogram h = w.latencyMicros();
                boolean ok = w.counts().errorsTotal() == 0 && w.counts().failedTotal() == 0 && h.getTotalCount() > 0
                        && h.getValueAtPercentile(99) * 1_000L <= p99Bound.toNanos();
                good = ok ? good + 1 : 0;
            }
            fleet.closeGracefully(spec.requestTimeout()).block();
        }
    }

    private static Step step(FleetSpec spec, Duration hold, Duration p99Bound) throws InterruptedException {
        int connections = spec.connections();
        try (ConnectionFleet fleet = new ConnectionFleet(spec)) {
            fleet.start().block(spec.connectTimeout().plusSeconds(connections / spec.openRate() + 10L));
            fleet.drain(); // the ramp is not judged: the window starts once every connect has ended
            Thread.sleep(hold.toMillis());
            provenOrTimedOut(fleet, spec);
            FleetWindow window = fleet.drain();
            fleet.closeGracefully(spec.requestTimeout()).block();
            FleetCounts c = fleet.counts();
            Histogram h = window.latencyMicros();
            double p99 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e3;
            long refused = c.failed(FleetFailure.REFUSED) + c.closed(FleetClose.BY_PEER);
            long timeouts = c.failed(FleetFailure.TIMEOUT) + c.errors(FleetError.TIMEOUT);
            long other = c.failed(FleetFailure.NO_PORT) + c.failed(FleetFailure.NO_FILE) + c.failed(FleetFailure.OTHER);
            // Requests that failed otherwise: answered with a 5xx, or an answer the connection could not read.
            long failedRequests = c.responses("5xx") + c.errors(FleetError.OTHER);
            String outcome = refused > 0 ? "refused " + refused
                    : timeouts > 0 ? "timeouts " + timeouts
                    : other > 0 ? "failed to open " + other
                    : failedRequests > 0 ? "errors " + failedRequests
                    : p99 > p99Bound.toNanos() / 1e6 ? "p99 " + ms(p99) + " ms over the " + ms(p99Bound.toNanos() / 1e6)
                            + " ms bound"
                    : "ok";
            double seconds = Math.max(1e-9, window.length().toNanos() / 1e9);
            return new Step(connections, c.opened(), refused, timeouts, other, c.sent(), c.errorsTotal(),
                    Double.isNaN(p99) ? -1 : Math.round(p99 * 1000) / 1000.0, outcome,
                    Math.round(spec.totalRate() * 1000) / 1000.0,
                    Math.round(window.counts().responsesTotal() / seconds * 10) / 10.0);
        }
    }

    /**
     * Holds the step on until every connection still open has been answered at least once (or the request
     * timeout has passed): a slow server takes connections from its accept queue late, and one it will
     * refuse looks open to the client until then. Judged sooner, such a step would pass with connections
     * that never coexisted on the server. Without requests (a hold-only fleet) there is nothing to wait for.
     */
    private static void provenOrTimedOut(ConnectionFleet fleet, FleetSpec spec) throws InterruptedException {
        if (spec.interval().isZero() && spec.closedLoop() == null) {
            return;
        }
        long deadline = System.nanoTime() + spec.requestTimeout().toNanos();
        while (fleet.answered() < fleet.open() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** Milliseconds as a person reads them: 61, 7.5. */
    private static String ms(double millis) {
        return millis >= 10 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }

    /** Waits until the server holds no more of our connections than before the search (or 10 s). */
    private static void settle(@Nullable LongSupplier serverOpen, long baseline) throws InterruptedException {
        if (serverOpen == null) {
            return;
        }
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (serverOpen.getAsLong() > baseline && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
