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
 * requests time out, or the step's p99 passes the bound. Reports every step, the last good one and the
 * first bad one: the limit lies between them, so it is found to within one step. Blocks the calling thread.
 */
public final class DiscoverLimit {

    private static final Duration SETTLE = Duration.ofSeconds(10);

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** One step: how many connections were asked for and what they met. {@code outcome} is ok or why it is bad. */
    public record Step(int connections, long opened, long refused, long timeouts, long otherFailures, long sent,
            long errors, double p99Ms, String outcome) {
        public boolean ok() {
            return outcome.equals("ok");
        }
    }

    /**
     * Every step, the connections of the last good step (0: none was good) and of the first bad one (-1: none
     * was bad up to max), and a sentence saying what was found.
     */
    public record Result(List<Step> steps, int lastGood, int firstBad, boolean stoppedEarly, String text) {
        public Result {
            steps = List.copyOf(steps);
        }
    }

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
        List<Step> steps = new ArrayList<>();
        int lastGood = 0;
        int firstBad = -1;
        boolean early = false;
        long baseline = serverOpen == null ? 0 : serverOpen.getAsLong();
        for (int n = step; n <= max; n += step) {
            Step s = step(base, n, hold, p99Bound);
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
        String text = firstBad > 0
                ? String.format(Locale.ROOT, "the limit lies between %,d connections (ok) and %,d (%s)", lastGood, firstBad,
                        steps.getLast().outcome())
                : early ? String.format(Locale.ROOT, "stopped after %,d connections, all ok", lastGood)
                : String.format(Locale.ROOT, "no limit up to %,d connections", lastGood);
        return new Result(steps, lastGood, firstBad, early, text);
    }

    private static Step step(FleetSpec base, int connections, Duration hold, Duration p99Bound) throws InterruptedException {
        FleetSpec spec = new FleetSpec(base.target(), connections, base.interval(), base.sources(), base.connectTimeout(),
                base.requestTimeout(), base.openRate(), false);
        try (ConnectionFleet fleet = new ConnectionFleet(spec)) {
            fleet.start().block(spec.connectTimeout().plusSeconds(connections / spec.openRate() + 10L));
            fleet.drain(); // the ramp is not judged: the window starts once every connect has ended
            Thread.sleep(hold.toMillis());
            FleetWindow window = fleet.drain();
            fleet.closeGracefully(spec.requestTimeout()).block();
            FleetCounts c = fleet.counts();
            Histogram h = window.latencyMicros();
            double p99 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1e3;
            long refused = c.failed(FleetFailure.REFUSED) + c.closed(FleetClose.BY_PEER);
            long timeouts = c.failed(FleetFailure.TIMEOUT) + c.errors(FleetError.TIMEOUT);
            long other = c.failed(FleetFailure.NO_PORT) + c.failed(FleetFailure.NO_FILE) + c.failed(FleetFailure.OTHER);
            String outcome = refused > 0 ? "refused " + refused
                    : timeouts > 0 ? "timeouts " + timeouts
                    : other > 0 ? "failed to open " + other
                    : p99 > p99Bound.toNanos() / 1e6 ? String.format(Locale.ROOT, "p99 %.1f ms over %.1f ms", p99,
                            p99Bound.toNanos() / 1e6)
                    : "ok";
            return new Step(connections, c.opened(), refused, timeouts, other, c.sent(), c.errorsTotal(),
                    Double.isNaN(p99) ? -1 : Math.round(p99 * 1000) / 1000.0, outcome);
        }
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
