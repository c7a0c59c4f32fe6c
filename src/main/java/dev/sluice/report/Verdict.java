package dev.sluice.report;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the comparison says, computed from its numbers: whether the workload is CPU-bound or I/O-bound
 * (from how busy the baseline kept the CPU: its CPU seconds per wall second), which variant won and by
 * how much, and why, in plain words.
 */
public record Verdict(String bound, double baselineCoresBusy, @Nullable String winner, double speedup,
        double marginOverRunnerUp, String text) {

    /** At or above this many cores busy on average in the baseline, the work is taken as CPU-bound. */
    static final double CPU_BOUND_CORES = 0.5;

    /** The verdict on a comparison's rows (the first is the baseline); null without two rows and a best. */
    public static @Nullable Verdict of(List<Comparison.Row> rows) {
        if (rows.size() < 2 || rows.stream().noneMatch(Comparison.Row::best)) {
            return null;
        }
        Comparison.Row base = rows.getFirst();
        double busy = base.wallSeconds() > 0 ? base.cpuSeconds() / base.wallSeconds() : 0;
        String bound = busy >= CPU_BOUND_CORES ? "cpu" : "io";
        Comparison.Row best = rows.stream().filter(Comparison.Row::best).findFirst().orElseThrow();
        double runnerUp = rows.stream().filter(r -> !r.best() && "ok".equals(r.status()))
                .mapToDouble(Comparison.Row::wallSeconds).min().orElse(0);
        double margin = best.wallSeconds() > 0 && runnerUp > 0 ? runnerUp / best.wallSeconds() : 0;
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s-bound: the baseline (%s) kept %.2f cores busy on average (%s of CPU in %s). ",
                bound.equals("cpu") ? "CPU" : "I/O", base.label(), busy, ConsoleReport.seconds(base.cpuSeconds()),
                ConsoleReport.seconds(base.wallSeconds())));
        text.append(String.format(Locale.ROOT, "%s won: %.2fx the baseline's speed", best.label(), best.speedup()));
        if (margin > 0) {
            text.append(String.format(Locale.ROOT, ", %.2fx ahead of the next best", margin));
        }
        text.append(". ");
        if (bound.equals("cpu")) {
            text.append(String.format(Locale.ROOT, "The time went to computing, so only more cores help: %s used %.0f%% "
                    + "of the machine's CPU. On the JVM threads compute in parallel (there is no GIL), so threads on "
                    + "every core do what processes do in Python, without their start-up.", best.label(),
                    best.cpuUtilisation() * 100));
        } else {
            text.append(String.format(Locale.ROOT, "The time went to waiting (the baseline used %.0f%% of the CPU), "
                    + "so what helps is keeping more waits in flight at once, which %s did at %s items/s. Models that "
                    + "make waiting cheap (virtual threads, the event loop) can hold many more waits than a pool of "
                    + "threads, and processes add a start-up cost that waiting never repays.",
                    base.cpuUtilisation() * 100, best.label(), ConsoleReport.rate(best.itemsPerSecond())));
        }
        return new Verdict(bound, round(busy), best.label(), best.speedup(), round(margin), text.toString());
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
