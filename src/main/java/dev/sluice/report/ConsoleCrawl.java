package dev.sluice.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The crawl's lines of the console report: pages and rate, links and why they were left, depths, hosts, the server's checks. */
final class ConsoleCrawl {

    private ConsoleCrawl() {
    }

    static void print(CrawlResult c, double wallSeconds, PrintWriter out) {
        double perMinute = wallSeconds > 0 ? c.pages() * 60 / wallSeconds : 0;
        out.printf(Locale.ROOT, "  crawl    pages %,d (%,.0f/min)   admitted %,d   unfetched %,d%s   bytes %s   retries %,d%n",
                c.pages(), perMinute, c.admitted(), c.unfetched(), c.stoppedByTime() ? " (max-time reached)" : "",
                bytes(c.bytes()), c.retries());
        out.printf(Locale.ROOT, "           links %,d   left out: %s%n", c.links(), nonZero(c.filtered()));
        out.printf(Locale.ROOT, "           statuses %s   depths %s%n", c.statuses(), c.depths());
        out.printf(Locale.ROOT, "           frontier in memory max %,d of %,d, waiting max %,d, through disk %,d"
                        + "   dedup %,d URLs in %s%n",
                c.frontier().peakInMemory(), c.frontier().highWater(), c.frontier().peakSize(), c.frontier().spilled(),
                c.dedup().urls(), bytes(c.dedup().bytes()));
        for (CrawlResult.Host h : c.hosts()) {
            out.printf(Locale.ROOT, "           host %s  requests %,d  at once max %d of %d  limit %d (lowest %d)"
                            + "  throttled %,d  min gap %s%n",
                    h.host(), h.requests(), h.maxConcurrent(), h.maxConnections(), h.limit(), h.lowestLimit(),
                    h.throttled(), h.minGapMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", h.minGapMs()));
        }
        if (!c.serverChecks().isEmpty()) {
            out.printf(Locale.ROOT, "  server's view: %s%n", c.serverAgrees() ? "agrees" : "DISAGREES");
            for (CrawlResult.Check check : c.serverChecks()) {
                if (!check.passed() || !check.name().contains(":")) {
                    out.printf(Locale.ROOT, "           %s  %s  %s (expected %s)%n", check.passed() ? "pass" : "FAIL",
                            check.name(), check.actual(), check.expected());
                }
            }
        }
    }

    private static String nonZero(Map<String, Long> counts) {
        String text = counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        return text.isEmpty() ? "none" : text;
    }

    private static String bytes(long n) {
        if (n >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", n / (double) (1L << 30));
        }
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
}
