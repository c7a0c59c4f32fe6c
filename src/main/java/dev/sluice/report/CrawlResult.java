package dev.sluice.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a crawl did, under {@code crawl} in result.json: URLs admitted and pages fetched, what was left in
 * the frontier, links found and why the others were filtered, pages by final status and by depth, bytes,
 * how the frontier and the dedup set used memory, each host's politeness figures, pages per second and
 * frontier size over time, and (with the embedded server) the server's view checked against the client's.
 */
public record CrawlResult(
        boolean stoppedByTime,
        long seeds,
        long admitted,
        long pages,
        long unfetched,
        long links,
        long retries,
        Map<String, Long> filtered,
        Map<String, Long> statuses,
        long bytes,
        List<Long> depths,
        FrontierUse frontier,
        DedupUse dedup,
        List<Host> hosts,
        OverTime overTime,
        List<Check> serverChecks) {

    public CrawlResult {
        filtered = Collections.unmodifiableMap(new LinkedHashMap<>(filtered));
        statuses = Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
        depths = List.copyOf(depths);
        hosts = List.copyOf(hosts);
        serverChecks = List.copyOf(serverChecks);
    }

    /** Whether every check of the server's view passed (true when there was no embedded server). */
    public boolean serverAgrees() {
        return serverChecks.stream().allMatch(Check::passed);
    }

    /** The frontier's memory bound, the most it held in memory and in all, and how many URLs went through disk. */
    public record FrontierUse(int highWater, int peakInMemory, long peakSize, long spilled) {
    }

    /** URLs in the dedup set and the bytes it held. */
    public record DedupUse(long urls, long bytes) {
    }

    /**
     * One host ({@code host:port}) as the client kept it: requests started, most at once, the adaptive limit at
     * the end and its lowest, the ceiling, answers 429/503 and answers slower than the bound, the smallest
     * gap between two starts and the delay in force (robots.txt's crawl-delay included), and the limit's
     * changes as {@code [ms since the host's first request, limit]}.
     */
    public record Host(String host, long requests, int maxConcurrent, int limit, int lowestLimit, int maxConnections,
            long throttled, long slow, double minGapMs, double delayMs, List<long[]> limitHistory) {
        public Host {
            limitHistory = List.copyOf(limitHistory);
        }
    }

    /** Seconds since the start, pages per second in each interval, URLs waiting in the frontier. */
    public record OverTime(List<Double> t, List<Double> pagesPerSecond, List<Double> frontier) {
        public OverTime {
            t = List.copyOf(t);
            pagesPerSecond = List.copyOf(pagesPerSecond);
            frontier = List.copyOf(frontier);
        }
    }

    /** One comparison of the server's count with the client's rule or count. */
    public record Check(String name, String expected, String actual, boolean passed) {
    }
}
