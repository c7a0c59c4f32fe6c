package dev.sluice.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The live view of a run on a terminal, redrawn in place. The first line says how far it is (a bar
 * when the total is known, items, elapsed and remaining time); from the first whole second on, a
 * second line gives that second's figures: rate, p99 latency, errors, drops, items in flight and open
 * connections. Only made when stdout is a terminal; {@link #clear()} wipes it before the summary.
 */
public final class Dashboard {

    private static final int BAR = 24;
    /** ANSI: erase to the end of the line; move the cursor one line up. */
    private static final String ERASE = "\u001b[K";
    private static final String UP = "\u001b[1A";

    private final PrintWriter out;
    private int linesShown;

    public Dashboard(PrintWriter out) {
        this.out = out;
    }

    /**
     * Redraws the view. {@code lastSecond} holds the figures of the last whole second, keyed as the
     * report's timeline ({@code items.ok}, {@code latency.p99}, {@code stage.NAME.service.p99},
     * {@code stage.NAME.connections.open}, ...); empty before the first.
     */
    public void update(long done, long total, long failed, long dropped, long inFlight, double elapsedSeconds,
            Map<String, @Nullable Double> lastSecond) {
        double rate = recentRate(lastSecond, done, elapsedSeconds);
        String first = progress(done, total, elapsedSeconds, rate);
        String second = lastSecond.isEmpty() ? null : figures(rate, failed, dropped, inFlight, lastSecond);
        StringBuilder frame = new StringBuilder();
        frame.append(linesShown == 2 ? UP + "\r" : "\r").append(first).append(ERASE);
        if (second != null) {
            frame.append('\n').append(second).append(ERASE);
        }
        out.print(frame);
        out.flush();
        linesShown = second == null ? 1 : 2;
    }

    /** Wipes the view, leaving the cursor where it began. */
    public void clear() {
        if (linesShown == 0) {
            return;
        }
        out.print(linesShown == 2 ? "\r" + ERASE + UP + "\r" + ERASE : "\r" + ERASE);
        out.flush();
        linesShown = 0;
    }

    static String progress(long done, long total, double elapsed, double rate) {
        StringBuilder line = new StringBuilder("  ");
        if (total > 0) {
            double share = Math.min(1, (double) done / total);
            int filled = (int) Math.round(share * BAR);
            line.append('[').append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3.0f%%  %,d / %,d items", share * 100, done, total));
        } else {
            line.append(String.format(Locale.ROOT, "%,d items", done));
        }
        line.append(String.format(Locale.ROOT, "   elapsed %s", duration(elapsed)));
        if (total > 0 && done < total && rate > 0) {
            line.append("   remaining ~").append(duration((total - done) / rate));
        }
        return line.toString();
    }

    static String figures(double rate, long failed, long dropped, long inFlight, Map<String, @Nullable Double> s) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  rate %s/s", ConsoleReport.rate(rate)));
        P99 p99 = p99(s);
        if (p99 != null) {
            line.append(String.format(Locale.ROOT, "   p99 %s (%s)", ConsoleReport.millis(p99.ms()), p99.of()));
        }
        line.append(String.format(Locale.ROOT, "   errors %,d   dropped %,d   in flight %,d", failed, dropped, inFlight));
        double connections = 0;
        boolean any = false;
        for (Map.Entry<String, @Nullable Double> e : s.entrySet()) {
            if (e.getKey().startsWith("stage.") && e.getKey().endsWith(".connections.open") && e.getValue() != null) {
                connections += e.getValue();
                any = true;
            }
        }
        if (any) {
            line.append(String.format(Locale.ROOT, "   connections %,d", (long) connections));
        }
        return line.toString();
    }

    private record P99(double ms, String of) {
    }

    /** The run's latency under a load model, else the slowest stage's service time, in that second. */
    private static @Nullable P99 p99(Map<String, @Nullable Double> s) {
        Double latency = s.get("latency.p99");
        if (latency != null) {
            return new P99(latency, "latency");
        }
        P99 slowest = null;
        for (Map.Entry<String, @Nullable Double> e : s.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("stage.") && key.endsWith(".service.p99") && e.getValue() != null
                    && (slowest == null || e.getValue() > slowest.ms())) {
                slowest = new P99(e.getValue(), key.substring("stage.".length(), key.length() - ".service.p99".length()));
            }
        }
        return slowest;
    }

    /** Items that ended in the last second, per second; the average so far before the first. */
    private static double recentRate(Map<String, @Nullable Double> s, long done, double elapsed) {
        Double dt = s.get("dt");
        if (dt != null && dt > 0) {
            return (value(s, "items.ok") + value(s, "items.failed") + value(s, "items.dropped")) / dt;
        }
        return elapsed > 0 ? done / elapsed : 0;
    }

    private static double value(Map<String, @Nullable Double> s, String key) {
        Double v = s.get(key);
        return v == null ? 0 : v;
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        return s < 3600 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
}
