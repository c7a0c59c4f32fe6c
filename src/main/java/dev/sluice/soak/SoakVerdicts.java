package dev.sluice.soak;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Verdicts drawn from a soak run's per-window series: connection leak, memory leak, latency drift.
 *
 * <p>Every series is indexed by window and goes with {@code times}, the window's time in seconds (strictly
 * increasing; its origin does not matter). A value that is NaN or negative is unknown and left out: that is
 * how {@link ProcessGauges} reports what it cannot read (-1), and a window without requests has no p99.
 *
 * <p>The leaks are judged on the steady state only, from a start window on: the ramp-up, when connections
 * are still being opened and the heap fills with caches and compiled code, would otherwise read as a leak.
 * The start is explicit ({@code skipWindows}) or, for connections, found by {@link #steadyStateStart}.
 * Trends are Theil–Sen fits (see {@link Trend}), so one odd window cannot make or hide a leak; what is
 * compared with the limit is the fitted rise from the first steady window to the last.
 *
 * <p>Fewer than {@link #MIN_WINDOWS} steady windows give an {@link SoakVerdict.Status#INCONCLUSIVE}
 * verdict, "too short to judge": a trend through three or four points says little, and a false pass is
 * worse than no verdict.
 *
 * <p>Defaults, for callers that have no better numbers:
 * <ul>
 *   <li>{@link #DEFAULT_CONNECTION_TOLERANCE} 0.5% of the expected connections: 100 of 20,000. A fleet
 *       that holds its connections moves by a few reconnects; a leak of one connection per thousand
 *       requests at 100 requests/s passes 100 in 17 minutes.</li>
 *   <li>{@link #DEFAULT_MEMORY_TOLERANCE} 10% of the starting heap after GC, and never less than
 *       {@link #MIN_MEMORY_TOLERANCE_BYTES} 16 MiB: heap after a young G1 collection swings by more than
 *       a few percent with old-generation garbage, and a small heap should not fail on a few MiB.</li>
 *   <li>{@link #DEFAULT_DRIFT_WINDOWS} 6 windows (a minute of 10-s windows) at each end, compared by
 *       median, so two bad windows at either end do not decide; {@link #DEFAULT_DRIFT_RATIO} 1.5: p99
 *       may grow by half before it is drift, since p99 of a 10-s window is itself noisy.</li>
 *   <li>The steady state starts {@link #SETTLE_WINDOWS} window after the client's open connections first
 *       reach {@link #REACHED_SHARE} 99% of the target: the window that reaches it is still ramping on the
 *       server side and in file descriptors.</li>
 * </ul>
 */
public final class SoakVerdicts {

    /** Below this many steady-state windows a verdict is inconclusive. */
    public static final int MIN_WINDOWS = 5;
    /** Connections may rise by this share of the expected connections. */
    public static final double DEFAULT_CONNECTION_TOLERANCE = 0.005;
    /** Heap after GC may rise by this share of its starting value. */
    public static final double DEFAULT_MEMORY_TOLERANCE = 0.10;
    /** Heap after GC may always rise by this much. */
    public static final long MIN_MEMORY_TOLERANCE_BYTES = 16L * 1024 * 1024;
    /** Windows at each end whose median p99 is compared. */
    public static final int DEFAULT_DRIFT_WINDOWS = 6;
    /** The last windows' p99 may be this many times the first windows'. */
    public static final double DEFAULT_DRIFT_RATIO = 1.5;
    /** Connections have reached their target at this share of it. */
    public static final double REACHED_SHARE = 0.99;
    /** Windows left out after the one in which connections reached their target. */
    public static final int SETTLE_WINDOWS = 1;

    public static final String CONNECTION_LEAK = "connection-leak";
    public static final String MEMORY_LEAK = "memory-leak";
    public static final String LATENCY_DRIFT = "latency-drift";

    private SoakVerdicts() {
    }

    /**
     * The first steady-state window: {@link #SETTLE_WINDOWS} after the first window whose client open
     * connections reached {@link #REACHED_SHARE} of {@code expectedConnections}; -1 if they never did.
     */
    public static int steadyStateStart(double[] clientOpen, int expectedConnections) {
        positive("expectedConnections", expectedConnections);
        double reached = REACHED_SHARE * expectedConnections;
        for (int i = 0; i < clientOpen.length; i++) {
            if (known(clientOpen[i]) && clientOpen[i] >= reached) {
                return i + SETTLE_WINDOWS;
            }
        }
        return -1;
    }

    /**
     * Connection leak, on the windows from {@link #steadyStateStart} on: fails when the fitted rise of the
     * client's open connections, the server's (if given) or the open file descriptors exceeds
     * {@code tolerance × expectedConnections}. Inconclusive when the connections never reached their target.
     *
     * @param serverOpen the server's open connections, null when the server is not watched
     * @param fds open file descriptors of the process (NaN or negative where unknown)
     * @param tolerance share of the expected connections the rise may reach, e.g. 0.005
     */
    public static SoakVerdict connectionLeak(double[] times, double[] clientOpen, double @Nullable [] serverOpen,
            double[] fds, int expectedConnections, double tolerance) {
        int start = steadyStateStart(clientOpen, expectedConnections);
        if (start < 0) {
            checkConnectionArguments(times, clientOpen, serverOpen, fds, expectedConnections, tolerance, 0);
            double limit = tolerance * expectedConnections;
            double peak = Arrays.stream(clientOpen).filter(SoakVerdicts::known).max().orElse(Double.NaN);
            return SoakVerdict.inconclusive(CONNECTION_LEAK, limit, "connections", String.format(Locale.ROOT,
                    "too short to judge: connections never reached %s%% of %,d (peak %s), so there is no steady state",
                    number(REACHED_SHARE * 100), expectedConnections, Double.isNaN(peak) ? "unknown" : count(peak)));
        }
        return connectionLeak(times, clientOpen, serverOpen, fds, expectedConnections, tolerance, Math.min(start, times.length));
    }

    /** Connection leak on the windows from {@code skipWindows} on (the ramp-up given explicitly). */
    public static SoakVerdict connectionLeak(double[] times, double[] clientOpen, double @Nullable [] serverOpen,
            double[] fds, int expectedConnections, double tolerance, int skipWindows) {
        checkConnectionArguments(times, clientOpen, serverOpen, fds, expectedConnections, tolerance, skipWindows);
        double limit = tolerance * expectedConnections;
        String allowed = String.format(Locale.ROOT, "allowed %s%% of %,d = %s", number(tolerance * 100),
                expectedConnections, count(limit));
        String tooShort = tooShort(times.length, skipWindows);
        if (tooShort != null) {
            return SoakVerdict.inconclusive(CONNECTION_LEAK, limit, "connections", tooShort + "; " + allowed);
        }
        List<String> names = new ArrayList<>(List.of("client connections"));
        List<double[]> series = new ArrayList<>(List.of(clientOpen));
        if (serverOpen != null) {
            names.add("server connections");
            series.add(serverOpen);
        }
        names.add("file descriptors");
        series.add(fds);
        String worst = null;
        Trend.Fit worstFit = null;
        List<String> each = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            Trend.@Nullable Fit fit = steadyFit(times, series.get(s), skipWindows);
            if (fit == null) {
                each.add(names.get(s) + " unknown");
                continue;
            }
            each.add(names.get(s) + " " + signed(fit.rise()));
            if (worstFit == null || fit.rise() > worstFit.rise()) {
                worst = names.get(s);
                worstFit = fit;
            }
        }
        String where = steadyState(times, skipWindows);
        if (worstFit == null || worst == null) {
            return SoakVerdict.inconclusive(CONNECTION_LEAK, limit, "connections", "too short to judge: fewer than "
                    + MIN_WINDOWS + " known values in every series " + where + "; " + allowed);
        }
        boolean pass = worstFit.rise() <= limit;
        String text = (pass ? "no connection leak: the largest rise, " + worst + ", was " : worst + " rose by ")
                + trend(worstFit, SoakVerdicts::count) + "; " + allowed + " (" + String.join(", ", each) + "; " + where + ")";
        return new SoakVerdict(CONNECTION_LEAK, pass ? SoakVerdict.Status.PASSED : SoakVerdict.Status.FAILED,
                worstFit.rise(), limit, "connections", text);
    }

    /**
     * Memory leak: fails when the fitted rise of the heap after GC from {@code skipWindows} on exceeds
     * {@code toleranceShare} of its starting value (the median of the first {@link #MIN_WINDOWS} steady
     * windows), or {@link #MIN_MEMORY_TOLERANCE_BYTES}, whichever is larger.
     */
    public static SoakVerdict memoryLeak(double[] times, double[] heapAfterGc, int skipWindows, double toleranceShare) {
        checkSeries(times, "heapAfterGc", heapAfterGc, skipWindows);
        nonNegative("toleranceShare", toleranceShare);
        double start = Trend.median(knownOnly(Arrays.copyOfRange(heapAfterGc, Math.min(skipWindows, heapAfterGc.length),
                Math.min(skipWindows + MIN_WINDOWS, heapAfterGc.length))));
        double limit = Double.isNaN(start) ? MIN_MEMORY_TOLERANCE_BYTES : Math.max(toleranceShare * start, MIN_MEMORY_TOLERANCE_BYTES);
        String allowed = Double.isNaN(start) ? "allowed " + bytes(limit) : String.format(Locale.ROOT,
                "allowed %s%% of %s at the start%s = %s", number(toleranceShare * 100), bytes(start),
                toleranceShare * start < MIN_MEMORY_TOLERANCE_BYTES ? ", at least " + bytes(MIN_MEMORY_TOLERANCE_BYTES) : "",
                bytes(limit));
        return memory(times, heapAfterGc, skipWindows, limit, allowed);
    }

    /** Memory leak with an absolute limit: fails when heap after GC rises by more than {@code toleranceBytes}. */
    public static SoakVerdict memoryLeakBytes(double[] times, double[] heapAfterGc, int skipWindows, long toleranceBytes) {
        checkSeries(times, "heapAfterGc", heapAfterGc, skipWindows);
        nonNegative("toleranceBytes", toleranceBytes);
        return memory(times, heapAfterGc, skipWindows, toleranceBytes, "allowed " + bytes(toleranceBytes));
    }

    private static SoakVerdict memory(double[] times, double[] heap, int skip, double limit, String allowed) {
        String tooShort = tooShort(times.length, skip);
        Trend.@Nullable Fit fit = tooShort == null ? steadyFit(times, heap, skip) : null;
        if (fit == null) {
            return SoakVerdict.inconclusive(MEMORY_LEAK, limit, "bytes", (tooShort != null ? tooShort
                    : "too short to judge: fewer than " + MIN_WINDOWS + " known values of heap after GC " + steadyState(times, skip))
                    + "; " + allowed);
        }
        boolean pass = fit.rise() <= limit;
        String text = (pass ? "no memory leak: heap after GC changed by " : "heap after GC rose by ")
                + trend(fit, SoakVerdicts::bytes) + "; " + allowed + " (" + steadyState(times, skip) + ")";
        return new SoakVerdict(MEMORY_LEAK, pass ? SoakVerdict.Status.PASSED : SoakVerdict.Status.FAILED,
                fit.rise(), limit, "bytes", text);
    }

    /** Latency drift over all windows: {@link #latencyDrift(double[], double[], int, int, int, double)} skipping none. */
    public static SoakVerdict latencyDrift(double[] times, double[] p99, int firstWindows, int lastWindows, double allowedRatio) {
        return latencyDrift(times, p99, 0, firstWindows, lastWindows, allowedRatio);
    }

    /**
     * Latency drift: the median p99 of the last {@code lastWindows} windows over that of the first
     * {@code firstWindows} from {@code skipWindows} on; fails above {@code allowedRatio}. Inconclusive when
     * the steady windows are fewer than {@link #MIN_WINDOWS} or than first + last (the two ends would
     * overlap), or when either end has no known p99.
     *
     * @param p99 the windows' p99 latency in milliseconds (the unit is used in the text only)
     */
    public static SoakVerdict latencyDrift(double[] times, double[] p99, int skipWindows, int firstWindows, int lastWindows,
            double allowedRatio) {
        checkSeries(times, "p99", p99, skipWindows);
        positive("firstWindows", firstWindows);
        positive("lastWindows", lastWindows);
        if (!(allowedRatio >= 1) || Double.isInfinite(allowedRatio)) {
            throw new IllegalArgumentException("allowedRatio must be a finite number >= 1, but was " + allowedRatio);
        }
        String allowed = "allowed ×" + number(allowedRatio);
        int steady = times.length - skipWindows;
        String tooShort = tooShort(times.length, skipWindows);
        if (tooShort == null && steady < firstWindows + lastWindows) {
            tooShort = "too short to judge: " + steady + " steady-state windows, fewer than the first " + firstWindows
                    + " and last " + lastWindows + " compared";
        }
        if (tooShort != null) {
            return SoakVerdict.inconclusive(LATENCY_DRIFT, allowedRatio, "ratio", tooShort + "; " + allowed);
        }
        double first = Trend.median(knownOnly(Arrays.copyOfRange(p99, skipWindows, skipWindows + firstWindows)));
        double last = Trend.median(knownOnly(Arrays.copyOfRange(p99, times.length - lastWindows, times.length)));
        String ends = String.format(Locale.ROOT, "median p99 of the first %d windows %s, of the last %d %s",
                firstWindows, millis(first), lastWindows, millis(last));
        if (Double.isNaN(first) || Double.isNaN(last) || first == 0) {
            return SoakVerdict.inconclusive(LATENCY_DRIFT, allowedRatio, "ratio", "cannot judge: " + ends
                    + (first == 0 ? " (no ratio to 0)" : "") + "; " + allowed);
        }
        double ratio = last / first;
        boolean pass = ratio <= allowedRatio;
        String text = String.format(Locale.ROOT, "%s: p99 went from %s to %s (×%s); %s (%s; %s)",
                pass ? "no latency drift" : "latency drifted", millis(first), millis(last), number(ratio), allowed, ends,
                steadyState(times, skipWindows));
        return new SoakVerdict(LATENCY_DRIFT, pass ? SoakVerdict.Status.PASSED : SoakVerdict.Status.FAILED,
                ratio, allowedRatio, "ratio", text);
    }

    // ---- fitting

    /** The Theil–Sen fit of the steady windows' known values; null with fewer than MIN_WINDOWS of them. */
    private static Trend.@Nullable Fit steadyFit(double[] times, double[] values, int skip) {
        double[] x = Arrays.copyOfRange(times, skip, times.length);
        double[] y = knownAsNaN(Arrays.copyOfRange(values, skip, values.length));
        long known = Arrays.stream(y).filter(v -> !Double.isNaN(v)).count();
        return known < MIN_WINDOWS ? null : Trend.theilSen(x, y);
    }

    private static @Nullable String tooShort(int windows, int skip) {
        int steady = windows - skip;
        if (steady >= MIN_WINDOWS) {
            return null;
        }
        return "too short to judge: " + Math.max(0, steady) + " steady-state windows"
                + (skip > 0 ? " after skipping " + skip : "") + " (need at least " + MIN_WINDOWS + ")";
    }

    private static boolean known(double v) {
        return v >= 0 && !Double.isInfinite(v);
    }

    private static double[] knownAsNaN(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!known(values[i])) {
                values[i] = Double.NaN;
            }
        }
        return values;
    }

    private static double[] knownOnly(double[] values) {
        return Arrays.stream(values).filter(SoakVerdicts::known).toArray();
    }

    // ---- checks

    private static void checkConnectionArguments(double[] times, double[] clientOpen, double @Nullable [] serverOpen,
            double[] fds, int expectedConnections, double tolerance, int skipWindows) {
        checkSeries(times, "clientOpen", clientOpen, skipWindows);
        if (serverOpen != null) {
            checkSeries(times, "serverOpen", serverOpen, skipWindows);
        }
        checkSeries(times, "fds", fds, skipWindows);
        positive("expectedConnections", expectedConnections);
        nonNegative("tolerance", tolerance);
    }

    private static void checkSeries(double[] times, String name, double[] values, int skipWindows) {
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("times must be finite, but times[" + i + "] was " + times[i]);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("times must be strictly increasing, but times[" + i + "] = " + times[i]
                        + " is not after times[" + (i - 1) + "] = " + times[i - 1]);
            }
        }
        if (values.length != times.length) {
            throw new IllegalArgumentException(name + " must have one value per window of times (" + times.length
                    + "), but had " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isInfinite(values[i])) {
                throw new IllegalArgumentException(name + " must be finite (NaN or negative for unknown), but " + name
                        + "[" + i + "] was " + values[i]);
            }
        }
        if (skipWindows < 0) {
            throw new IllegalArgumentException("skipWindows must be >= 0, but was " + skipWindows);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, but was " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, but was " + value);
        }
    }

    // ---- text

    private static String steadyState(double[] times, int skip) {
        return "steady state from window " + skip + " at " + duration(times[skip] - times[0]) + ", "
                + (times.length - skip) + " windows";
    }

    /** "412 over 58 min (7.1/min, R² 0.93)". */
    private static String trend(Trend.Fit fit, DoubleFunction<String> format) {
        String r2 = Double.isNaN(fit.rSquared()) ? "n/a" : String.format(Locale.ROOT, "%.2f", Math.max(0, fit.rSquared()));
        return format.apply(fit.rise()) + " over " + duration(fit.span()) + " (" + format.apply(fit.slope() * 60)
                + "/min, R² " + r2 + ")";
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 2 * 3600) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    static String count(double v) {
        double a = Math.abs(v);
        if (a >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, a >= 1 ? "%.1f" : "%.2f", v);
    }

    private static String signed(double v) {
        return (v >= 0 ? "+" : "") + count(v);
    }

    static String bytes(double v) {
        double mib = Math.round(v / (1024 * 1024) * 10) / 10.0 + 0.0; // + 0.0: no "-0.0"
        return String.format(Locale.ROOT, Math.abs(mib) >= 10 ? "%,.0f MiB" : "%.1f MiB", mib);
    }

    private static String millis(double v) {
        return Double.isNaN(v) ? "unknown" : String.format(Locale.ROOT, v >= 100 ? "%,.0f ms" : "%.1f ms", v);
    }

    /** A ratio or share without needless digits: 1.5, 0.5, 2.04. */
    private static String number(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
