package dev.sluice.run;

import dev.sluice.crawl.Crawl;
import dev.sluice.crawl.HostGate;
import dev.sluice.report.CrawlResult;
import dev.sluice.report.TimeSeries;
import dev.sluice.testserver.ServerStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns a finished crawl's state, its timeline and the embedded server's stats into a {@link CrawlResult}. */
final class CrawlResults {

    /** The timeline's column of the frontier's size. */
    static final String FRONTIER_GAUGE = "crawl.frontier";
    /** The timeline's column of requests in flight over all hosts. */
    static final String REQUESTS_GAUGE = "crawl.requests.inflight";

    private CrawlResults() {
    }

    /** {@code aborted}: pages in flight when the run was stopped (the server may have served them). */
    static CrawlResult of(Crawl crawl, TimeSeries timeline, ServerStats.@Nullable Snapshot server, long aborted) {
        List<CrawlResult.Host> hosts = crawl.hosts().stream().map(CrawlResults::host).toList();
        CrawlResult.FrontierUse frontier = new CrawlResult.FrontierUse(crawl.frontier().highWater(),
                crawl.frontier().peakInMemory(), crawl.frontier().peakSize(), crawl.frontier().spilled());
        Map<String, Long> statuses = crawl.stats().statuses();
        return new CrawlResult(crawl.stoppedByTime(), crawl.seeds(), crawl.admitted(), crawl.stats().pages(),
                crawl.frontier().size(), crawl.stats().links(), crawl.stats().retries(),
                crawl.stats().filteredByReason(), statuses, crawl.stats().bytes(), crawl.stats().depthHistogram(),
                frontier, new CrawlResult.DedupUse(crawl.seenUrls(), crawl.seenBytes()), hosts, overTime(timeline),
                server == null ? List.of() : checks(crawl, statuses, hosts, server, aborted));
    }

    private static CrawlResult.Host host(HostGate.HostView v) {
        return new CrawlResult.Host(v.host(), v.requests(), v.maxConcurrent(), v.limit(), v.lowestLimit(),
                v.maxConnections(), v.throttled(), v.slow(), v.minGapMs(), v.delayMs(), v.limitHistory());
    }

    private static CrawlResult.OverTime overTime(TimeSeries timeline) {
        List<Double> t = timeline.columns().getOrDefault("t", List.of());
        List<Double> dt = timeline.columns().getOrDefault("dt", List.of());
        List<Double> ok = timeline.columns().getOrDefault("items.ok", List.of());
        List<Double> frontier = timeline.columns().getOrDefault(FRONTIER_GAUGE, List.of());
        List<Double> rate = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Double seconds = i < dt.size() ? dt.get(i) : null;
            Double pages = i < ok.size() ? ok.get(i) : null;
            rate.add(seconds == null || pages == null || seconds <= 0 ? 0.0 : Math.round(pages / seconds * 10) / 10.0);
        }
        List<Double> sizes = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            Double v = i < frontier.size() ? frontier.get(i) : null;
            sizes.add(v == null ? 0.0 : v);
        }
        return new CrawlResult.OverTime(t, rate, sizes);
    }

    /**
     * The server's view against the client's: no page served twice, as many pages served as the client
     * fetched (answered 200), robots.txt obeyed, and per host no more requests at once than allowed and no
     * two starts closer than the delay in force.
     */
    private static List<CrawlResult.Check> checks(Crawl crawl, Map<String, Long> statuses, List<CrawlResult.Host> hosts,
            ServerStats.Snapshot server, long aborted) {
        List<CrawlResult.Check> out = new ArrayList<>();
        out.add(new CrawlResult.Check("duplicates", "0", Long.toString(server.duplicates()), server.duplicates() == 0));
        long fetched = statuses.getOrDefault("200", 0L);
        long served = server.site().served();
        if (aborted == 0) {
            out.add(new CrawlResult.Check("pages", "client's 200s: " + fetched, Long.toString(served), served == fetched));
        } else {
            // Stopped with pages in flight: the server may have answered those the client no longer counted.
            out.add(new CrawlResult.Check("pages", "client's 200s: " + fetched + " to " + (fetched + aborted)
                    + " (" + aborted + " aborted in flight)", Long.toString(served),
                    served >= fetched && served <= fetched + aborted));
        }
        if (crawl.spec().obeyRobots()) {
            out.add(new CrawlResult.Check("robots", "0 disallowed", Long.toString(server.site().disallowed()),
                    server.site().disallowed() == 0));
        }
        for (CrawlResult.Host host : hosts) {
            ServerStats.Peer peer = peer(server.hosts(), host.host());
            if (peer == null) {
                continue;
            }
            out.add(new CrawlResult.Check(host.host() + " max concurrent", "<= " + host.maxConnections(),
                    Integer.toString(peer.maxConcurrent()), peer.maxConcurrent() <= host.maxConnections()));
            if (host.delayMs() > 0 && peer.requests() > 1) {
                out.add(new CrawlResult.Check(host.host() + " min gap ms",
                        String.format(Locale.ROOT, ">= %.1f", host.delayMs()),
                        String.format(Locale.ROOT, "%.3f", peer.minGapMs()), peer.minGapMs() >= host.delayMs()));
            }
        }
        return out;
    }

    /** The server's figures for the address {@code host} ({@code 127.0.0.2:40123}); it keys them as {@code /127.0.0.2:40123}. */
    private static ServerStats.@Nullable Peer peer(Map<String, ServerStats.Peer> peers, String host) {
        for (Map.Entry<String, ServerStats.Peer> e : peers.entrySet()) {
            if (e.getKey().endsWith("/" + host) || e.getKey().equals(host)) {
                return e.getValue();
            }
        }
        return null;
    }
}
