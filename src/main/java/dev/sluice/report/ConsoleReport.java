package dev.sluice.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary a person reads after a run: totals, then one row per stage. */
public final class ConsoleReport {

    private ConsoleReport() {
    }

    public static void print(RunReport report, PrintWriter out) {
        for (VariantResult v : report.variants()) {
            print(report.profile(), v, out);
        }
        if (report.comparison() != null) {
            printComparison(report.comparison(), out);
        }
        out.flush();
    }

    /** The variants side by side, the best marked with '*'. */
    static void printComparison(Comparison c, PrintWriter out) {
        out.println();
        out.println(c.swept() != null ? "sweep of " + c.swept() + " (median of each variant's runs)"
                : "comparison (median of each variant's runs)");
        int width = Math.max(7, c.rows().stream().mapToInt(r -> r.label().length()).max().orElse(7));
        String head = "  %-" + (width + 2) + "s %4s %9s %15s %9s %7s %8s %10s %9s %9s %7s %9s%n";
        out.printf(Locale.ROOT, head, "variant", "runs", "wall", "min-max", "cpu", "cpu use", "speedup", "items/s",
                "p50", "p99", "threads", "heap");
        for (Comparison.Row r : c.rows()) {
            out.printf(Locale.ROOT, head, (r.best() ? "* " : "  ") + r.label(), r.runs(), seconds(r.wallSeconds()),
                    seconds(r.wallMin()) + "-" + seconds(r.wallMax()), seconds(r.cpuSeconds()),
                    String.format(Locale.ROOT, "%.0f%%", r.cpuUtilisation() * 100),
                    String.format(Locale.ROOT, "%.2fx", r.speedup()), rate(r.itemsPerSecond()),
                    millis(r.p50Ms()), millis(r.p99Ms()), r.peakThreads(), bytes(r.peakHeapBytes()));
        }
        if (c.best() != null) {
            out.printf(Locale.ROOT, "  best: %s (speedup against %s; p50/p99: service time of %s)%n", c.best(),
                    c.rows().getFirst().label(), c.rows().getFirst().mainStage().isEmpty() ? "the main stage"
                            : "the main stage, " + c.rows().getFirst().mainStage());
        }
        if (c.swept() != null) {
            printChart(c, out);
        }
        if (c.verdict() != null) {
            out.println();
            out.println("verdict: " + c.verdict().text());
        }
    }

    /** A sweep's wall times as bars, one per swept value, longest = slowest. */
    static void printChart(Comparison c, PrintWriter out) {
        double max = c.rows().stream().mapToDouble(Comparison.Row::wallSeconds).max().orElse(0);
        if (max <= 0) {
            return;
        }
        int width = Math.max(7, c.rows().stream().mapToInt(r -> r.label().length()).max().orElse(7));
        out.println();
        out.println("  wall time by " + c.swept());
        for (Comparison.Row r : c.rows()) {
            int bar = (int) Math.max(1, Math.round(40 * r.wallSeconds() / max));
            out.printf(Locale.ROOT, "  %-" + width + "s |%s %s%s%n", r.label(), "#".repeat(bar), seconds(r.wallSeconds()),
                    r.best() ? "  <- best" : "");
        }
    }

    static void print(String profile, VariantResult v, PrintWriter out) {
        out.printf(Locale.ROOT, "%s  [%s]  %s%s%n", profile, v.label(), v.status().toUpperCase(Locale.ROOT),
                v.engine().equals("reactor") ? "" : "  (engine " + v.engine() + ")");
        if (v.error() != null) {
            out.printf(Locale.ROOT, "  error: %s%n", v.error());
        }
        ItemCounts items = v.items();
        out.printf(Locale.ROOT, "  items    emitted %,d   ok %,d   failed %,d%s   dropped %,d%n",
                items.emitted(), items.ok(), items.failed(),
                items.aborted() > 0 ? String.format(Locale.ROOT, " (aborted %,d)", items.aborted()) : "",
                items.dropped());
        out.printf(Locale.ROOT, "  time     wall %s   cpu %s   cpu use %.0f%% of %d cores   %s items/s%n",
                seconds(v.wallSeconds()), seconds(v.cpuSeconds()), v.cpuUtilisation() * 100, v.cores(),
                rate(v.itemsPerSecond()));
        out.printf(Locale.ROOT, "  memory   peak heap %s   peak threads %d   gc %s%n",
                bytes(v.peakHeapBytes()), v.peakThreads(), seconds(v.gcSeconds()));
        if (v.load() != null) {
            LoadResult load = v.load();
            if (load.model().equals("arrival-rate")) {
                out.printf(Locale.ROOT, "  load     arrival-rate: %,d of %,d arrivals at %s/s (target %s/s), %,d dropped at max-in-flight%n",
                        load.arrivals(), load.scheduled(), rate(load.achievedRate()), rate(load.targetRate()),
                        load.droppedOverMaxInFlight());
            } else {
                out.printf(Locale.ROOT, "  load     concurrency: %,d items sent at %s/s%n", load.arrivals(),
                        rate(load.achievedRate()));
            }
        }
        if (v.latencyMs() != null) {
            LatencySummary l = v.latencyMs();
            out.printf(Locale.ROOT, "  latency  from intended start: p50 %s   p90 %s   p99 %s   max %s%n",
                    millis(l.p50()), millis(l.p90()), millis(l.p99()), millis(l.max()));
        }
        if (v.load() != null && v.load().warning() != null) {
            out.printf(Locale.ROOT, "  WARNING  %s%n", v.load().warning());
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "kind", "scheduler", "conc", "count", "errors", "dropped",
            "service p50", "p99", "max", "queue p50", "p99", "threads"});
        for (StageResult s : v.stages()) {
            rows.add(new String[] {
                s.name(), s.kind(), scheduler(s), Integer.toString(s.concurrency()),
                String.format(Locale.ROOT, "%,d", s.count()), String.format(Locale.ROOT, "%,d", s.errors()),
                String.format(Locale.ROOT, "%,d", s.dropped()),
                millis(s.serviceMs().p50()), millis(s.serviceMs().p99()), millis(s.serviceMs().max()),
                millis(s.queueMs().p50()), millis(s.queueMs().p99()),
                s.threads() + (s.virtualThreads() ? " virtual" : "")});
        }
        table(rows, out);
        boolean sampled = v.stages().stream().anyMatch(s -> s.sampleInterval() > 1);
        if (sampled) {
            out.println("  (latencies of fast stages are from a random sample of items; counts are exact)");
        }
        for (StageResult s : v.stages()) {
            if (!s.tallies().isEmpty()) {
                out.printf(Locale.ROOT, "  %s: %s%n", s.name(), s.tallies());
            }
        }
        for (StageResult s : v.stages()) {
            s.errorsByKind().forEach((kind, count) -> out.printf(Locale.ROOT, "  %s: %,d x %s, first: %s%n",
                    s.name(), count, kind, s.firstErrors().getOrDefault(kind, "")));
        }
        for (StageResult s : v.stages()) {
            if (s.warning() != null) {
                out.printf(Locale.ROOT, "  warning: %s%n", s.warning());
            }
        }
        if (v.server() != null) {
            var server = v.server();
            out.printf(Locale.ROOT, "  server   requests %,d   statuses %s   connections max %d   duplicates %,d%n",
                    server.requests(), server.byStatus(), server.connections().maxOpen(), server.duplicates());
        }
        if (v.crawl() != null) {
            ConsoleCrawl.print(v.crawl(), v.wallSeconds(), out);
        }
        if (!v.thresholds().isEmpty()) {
            out.println();
            for (ThresholdResult t : v.thresholds()) {
                out.printf(Locale.ROOT, "  %s  %s  (was %s)%n", t.passed() ? "pass" : "FAIL", t.rule(),
                        t.value() == null ? "absent" : number(t.value()));
            }
        }
        out.println();
    }

    private static String scheduler(StageResult s) {
        return s.poolSize() > 0 ? s.scheduler() + "(" + s.poolSize() + ")" : s.scheduler();
    }

    private static void table(List<String[]> rows, PrintWriter out) {
        int[] width = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                boolean left = i < 3;
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                line.append(left ? cell + pad : pad + cell).append(i + 1 < row.length ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String seconds(double s) {
        if (s < 1) {
            return String.format(Locale.ROOT, "%.0f ms", s * 1000);
        }
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    static String millis(double ms) {
        if (ms == 0) {
            return "-";
        }
        if (ms < 0.001) {
            return String.format(Locale.ROOT, "%.0f ns", ms * 1e6);
        }
        if (ms < 1) {
            return String.format(Locale.ROOT, "%.0f us", ms * 1000);
        }
        return String.format(Locale.ROOT, ms < 100 ? "%.2f ms" : "%.0f ms", ms);
    }

    static String bytes(long b) {
        if (b < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KiB", b / 1024.0);
        }
        return String.format(Locale.ROOT, "%.0f MiB", b / (1024.0 * 1024));
    }

    static String rate(double perSecond) {
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2fM", perSecond / 1e6)
                : String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.4g", d);
    }
}
