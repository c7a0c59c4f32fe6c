package dev.sluice.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What the comparison says, computed from its numbers: whether the workload is CPU-bound or I/O-bound,
 * which variant won and by how much, and why, in plain words.
 *
 * <p>The classification reads the baseline's main stage: the share of its items' time their threads
 * spent on the CPU ({@code baselineOnCpu}). That share is measured per item on the item's own thread,
 * so the JIT compiling and the test server starting in the same JVM do not count, which they did when
 * the whole process's CPU was used: a cold 2-second baseline of downloads looked CPU-bound. Where the
 * share cannot be read (async work, virtual threads, worker processes) the process's CPU seconds per
 * wall second decide ({@code baselineCoresBusy}). Variants within {@link #TIE} of the winner's time tie.
 */
public record Verdict(String bound, String basis, double baselineCoresBusy, @Nullable Double baselineOnCpu,
        @Nullable String winner, double speedup, double marginOverRunnerUp, boolean tie, String text) {

    /** At or above this share of on-CPU time (or cores busy), the work is taken as CPU-bound. */
    static final double CPU_BOUND = 0.5;
    /** A runner-up within this factor of the winner's wall time ties with it. */
    static final double TIE = 1.05;

    /** The verdict on a comparison's rows (the first is the baseline); null without two rows and a best. */
    public static @Nullable Verdict of(List<Comparison.Row> rows) {
        if (rows.size() < 2 || rows.stream().noneMatch(Comparison.Row::best)) {
            return null;
        }
        Comparison.Row base = rows.getFirst();
        double busy = base.wallSeconds() > 0 ? base.cpuSeconds() / base.wallSeconds() : 0;
        Double onCpu = base.mainStageOnCpu();
        boolean byStage = onCpu != null;
        boolean cpu = byStage ? onCpu >= CPU_BOUND : busy >= CPU_BOUND;
        Comparison.Row best = rows.stream().filter(Comparison.Row::best).findFirst().orElseThrow();
        Comparison.Row runnerUp = rows.stream().filter(r -> !r.best() && "ok".equals(r.status()))
                .min(Comparator.comparingDouble(Comparison.Row::wallSeconds)).orElse(null);
        double margin = best.wallSeconds() > 0 && runnerUp != null && runnerUp.wallSeconds() > 0
                ? runnerUp.wallSeconds() / best.wallSeconds() : 0;
        boolean tie = margin > 0 && margin < TIE;

        StringBuilder text = new StringBuilder(cpu ? "CPU-bound: " : "I/O-bound: ");
        if (byStage) {
            long onPercent = Math.round(onCpu * 100);
            text.append(String.format(Locale.ROOT, "in the baseline (%s) the %s stage's items spent %d%% of their "
                    + "time on the CPU and %d%% waiting. ", base.label(), base.mainStage(), onPercent, 100 - onPercent));
        } else {
            text.append(String.format(Locale.ROOT, "the baseline (%s) kept %.2f cores busy on average (%s of CPU in %s). ",
                    base.label(), busy, ConsoleReport.seconds(base.cpuSeconds()), ConsoleReport.seconds(base.wallSeconds())));
        }
        if (tie) {
            text.append(String.format(Locale.ROOT, "%s and %s tie: %s against %s, within %.0f%% of each other, so on "
                    + "time alone either will do. They differ in what they cost: %s used %s of CPU and %d threads, "
                    + "%s %s and %d threads.", best.label(), runnerUp.label(), ConsoleReport.seconds(best.wallSeconds()),
                    ConsoleReport.seconds(runnerUp.wallSeconds()), (TIE - 1) * 100, best.label(),
                    ConsoleReport.seconds(best.cpuSeconds()), best.peakThreads(), runnerUp.label(),
                    ConsoleReport.seconds(runnerUp.cpuSeconds()), runnerUp.peakThreads()));
        } else {
            text.append(String.format(Locale.ROOT, "%s won: %.2fx the baseline's speed", best.label(), best.speedup()));
            if (margin > 0) {
                text.append(String.format(Locale.ROOT, ", %.2fx ahead of the next best (%s)", margin, runnerUp.label()));
            }
            text.append(". ");
            if (cpu) {
                text.append(String.format(Locale.ROOT, "The time went to computing, so only more cores help: %s used "
                        + "%.0f%% of the machine's CPU. On the JVM threads compute in parallel (there is no GIL), so "
                        + "threads on every core do what processes do in Python, without their start-up.",
                        best.label(), best.cpuUtilisation() * 100));
            } else {
                text.append(String.format(Locale.ROOT, "The time went to waiting, so what helps is keeping more waits "
                        + "in flight at once, which %s did at %s items/s. Models that make waiting cheap (virtual "
                        + "threads, the event loop) can hold many more waits than a pool of threads, and processes "
                        + "add a start-up cost that waiting never repays.", best.label(),
                        ConsoleReport.rate(best.itemsPerSecond())));
            }
        }
        return new Verdict(cpu ? "cpu" : "io", byStage ? "main-stage-cpu-share" : "process-cpu", round(busy),
                onCpu, best.label(), best.speedup(), round(margin), tie, text.toString());
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
