package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.CrawlResult;
import dev.sluice.report.VariantResult;
import dev.sluice.testserver.ServerStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crawls of the embedded server's synthetic site, end to end over real sockets, each checked against the
 * server's own count: limits, robots.txt, exact dedup, per-host politeness, Retry-After, bounded frontier.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrawlTest {

    @TempDir
    Path dir;

    /** A crawl of a {@code pages}-page site with out-degree {@code degree} on {@code hosts} hosts, then {@code crawl} settings. */
    private static String crawl(int hosts, int pages, int degree, String crawl, String serverExtra) {
        return """
                name: crawl
                server:
                  hosts: %d
                  site: {pages: %d, out-degree: %d, page-size: 1KiB}
                %s
                source: {list: ["${server.url}/site/0"]}
                stages:
                  - {name: fetch, kind: http, url: "${item}", scheduler: event-loop, concurrency: 32}
                  - {name: links, kind: extract-links, recurse-to: fetch, scheduler: parallel, concurrency: 2}
                crawl:
                  same-host: false
                %s
                sink: count
                """.formatted(hosts, pages, degree, indent(serverExtra), indent(crawl));
    }

    private static String indent(String text) {
        return text.isBlank() ? "" : text.strip().lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    private static void assertServerAgrees(VariantResult r) {
        CrawlResult c = r.crawl();
        assertThat(c).isNotNull();
        assertThat(c.serverChecks()).isNotEmpty();
        assertThat(c.serverChecks()).allSatisfy(check -> assertThat(check.passed()).as(check.toString()).isTrue());
        assertThat(r.server().duplicates()).isZero();
        Profiles.assertAccounted(r);
    }

    @Test
    void crawlsEveryReachablePageOnceWithExactDedupDespiteManyDuplicateLinks() {
        // 3,000 pages, 30 links each: 90,000 links, of which 87,000 lead to pages already admitted.
        VariantResult r = Profiles.run(crawl(3, 3000, 30, "max-depth: 50", ""), dir);
        CrawlResult c = r.crawl();
        assertThat(r.status()).isEqualTo("ok");
        assertThat(c.pages()).isEqualTo(3000);
        assertThat(r.items().ok()).isEqualTo(3000);
        assertThat(c.filtered().get("duplicate")).isEqualTo(c.links() - 2999);
        assertThat(r.server().site().distinct()).isEqualTo(3000);
        assertThat(r.server().site().served()).isEqualTo(3000);
        assertThat(c.unfetched()).isZero();
        assertThat(c.stoppedByTime()).isFalse();
        assertServerAgrees(r);
    }

    @Test
    void stopsAtTheDepthLimitWithExactDepths() {
        // Out-degree 2: a page links to its child in the site's tree and to one page drawn from the server's
        // fixed seed; none of those repeats within depth 4 here, so depth d holds 2^d pages.
        VariantResult r = Profiles.run(crawl(1, 1000, 2, "max-depth: 4", ""), dir);
        CrawlResult c = r.crawl();
        assertThat(c.depths()).containsExactly(1L, 2L, 4L, 8L, 16L);
        assertThat(c.pages()).isEqualTo(31);
        assertThat(c.filtered().get("too-deep")).isEqualTo(32);
        assertServerAgrees(r);
    }

    @Test
    void stopsAtThePageLimit() {
        VariantResult r = Profiles.run(crawl(2, 5000, 20, "max-pages: 700", ""), dir);
        CrawlResult c = r.crawl();
        assertThat(c.admitted()).isEqualTo(700);
        assertThat(c.pages()).isEqualTo(700);
        assertThat(r.server().site().served()).isEqualTo(700);
        assertThat(c.filtered().get("over-max-pages")).isPositive();
        assertServerAgrees(r);
    }

    @Test
    void obeysRobotsTxtAndIgnoresItWhenToldTo() {
        String robots = "robots: {disallow: [/site/1, /site/2]}";
        VariantResult obeyed = Profiles.run(crawl(2, 2000, 10, "robots: obey", robots), dir.resolve("obey"));
        assertThat(obeyed.server().site().disallowed()).isZero();
        assertThat(obeyed.crawl().filtered().get("robots")).isPositive();
        assertThat(obeyed.server().byRoute()).containsEntry("robots", 2L);
        assertServerAgrees(obeyed);

        VariantResult ignored = Profiles.run(crawl(2, 2000, 10, "robots: ignore", robots), dir.resolve("ignore"));
        assertThat(ignored.server().site().disallowed()).isPositive();
        assertThat(ignored.server().byRoute()).doesNotContainKey("robots");
        assertThat(ignored.crawl().pages()).isGreaterThan(obeyed.crawl().pages());
    }

    @Test
    void keepsEachHostWithinItsConnectionsAndDelayAsTheServerSeesIt() {
        VariantResult limited = Profiles.run(crawl(2, 3000, 20,
                "per-host: {max-connections: 3, adaptive: off}", "routes: {site: {latency: 5ms}}"), dir.resolve("limit"));
        for (ServerStats.Peer host : limited.server().hosts().values()) {
            assertThat(host.maxConcurrent()).isBetween(1, 3);
        }
        assertThat(limited.crawl().hosts()).allSatisfy(h -> assertThat(h.maxConcurrent()).isEqualTo(3));
        assertServerAgrees(limited);

        VariantResult delayed = Profiles.run(crawl(2, 3000, 20, "max-pages: 40\nper-host: {delay: 50ms}", ""),
                dir.resolve("delay"));
        for (ServerStats.Peer host : delayed.server().hosts().values()) {
            assertThat(host.minGapMs()).isGreaterThanOrEqualTo(50.0);
        }
        assertServerAgrees(delayed);
    }

    @Test
    void honoursRetryAfterAndRetriesUntilEveryPageIsServed() {
        String faults = "routes: {site: {error-rate: 0.1, error-status: 429, retry-after: 1s}}";
        VariantResult r = Profiles.run(crawl(4, 100, 5, "retry: {attempts: 10, backoff: 10ms}\n"
                + "per-host: {max-connections: 4}", faults), dir);
        CrawlResult c = r.crawl();
        assertThat(r.server().byStatus().get("429")).isPositive();
        assertThat(c.retries()).isEqualTo(r.server().byStatus().get("429"));
        assertThat(c.statuses()).containsOnlyKeys("200");
        assertThat(c.pages()).isEqualTo(100);
        assertThat(c.hosts().stream().mapToLong(CrawlResult.Host::throttled).sum()).isEqualTo(c.retries());
        // Each 429 paused the host for its Retry-After of 1 s.
        assertThat(r.wallSeconds()).isGreaterThanOrEqualTo(1.0);
        assertServerAgrees(r);
    }

    @Test
    void keepsTheFrontierInMemoryUnderItsHighWaterMarkOnASiteFarLargerThanThat() {
        VariantResult r = Profiles.run(crawl(2, 8000, 20, "frontier: {high-water: 50}", ""), dir);
        CrawlResult c = r.crawl();
        assertThat(c.pages()).isEqualTo(8000);
        assertThat(c.frontier().peakInMemory()).isLessThanOrEqualTo(50);
        assertThat(c.frontier().peakSize()).isGreaterThan(1000);
        assertThat(c.frontier().spilled()).isGreaterThan(1000);
        assertThat(Files.exists(dir.resolve("frontier.spill"))).as("spill file deleted").isFalse();
        assertServerAgrees(r);
    }

    @Test
    void aCrawlStoppedByMaxTimeAccountsForWhatItLeft() {
        VariantResult r = Profiles.run(crawl(1, 5000, 10, "max-time: 500ms\nper-host: {delay: 20ms}", ""), dir);
        CrawlResult c = r.crawl();
        assertThat(c.stoppedByTime()).isTrue();
        assertThat(c.unfetched()).isPositive();
        assertThat(c.admitted()).isEqualTo(r.items().emitted() + c.unfetched());
        assertServerAgrees(r);
    }

    @Test
    void aCancelledCrawlAccountsForEveryAdmittedUrlAndCleansUp() {
        var profile = Profiles.parse(crawl(2, 20_000, 20, "per-host: {delay: 5ms}\nfrontier: {high-water: 20}", ""));
        Runner runner = new Runner();
        VariantResult r = runner.run(profile, "default", dir, progress -> {
            if (progress.counts().ok() >= 30) {
                runner.cancel();
            }
        });
        CrawlResult c = r.crawl();
        assertThat(r.status()).isEqualTo("interrupted");
        Profiles.assertAccounted(r);
        // Every admitted URL was either handed to fetch (an item: ok, failed or aborted) or is still waiting.
        assertThat(c.admitted()).isEqualTo(r.items().emitted() + c.unfetched());
        assertThat(c.unfetched()).isPositive();
        assertThat(Files.exists(dir.resolve("frontier.spill"))).as("spill file deleted").isFalse();
        // Pages in flight at the stop may have been served, though the crawler no longer counted them.
        long fetched = c.statuses().getOrDefault("200", 0L);
        assertThat(r.server().site().served()).isBetween(fetched, fetched + r.items().aborted());
        assertThat(c.serverChecks()).allSatisfy(check -> assertThat(check.passed()).as(check.toString()).isTrue());
    }

    @Test
    void readsLinksOnlyFromPagesOfAnAllowedTypeAndSize() {
        VariantResult r = Profiles.run("""
                name: types
                server: {site: {pages: 50, out-degree: 3, page-size: 8KiB}}
                source: {list: ["${server.url}/bytes/2KiB", "${server.url}/site/0", "${server.url}/site/1"]}
                stages:
                  - {name: fetch, kind: http, url: "${item}", scheduler: event-loop, concurrency: 4}
                  - {name: links, kind: extract-links, recurse-to: fetch}
                crawl: {max-page-size: 4KiB}
                """, dir);
        CrawlResult c = r.crawl();
        // /bytes is application/octet-stream: fetched, its links not read. The 8 KiB pages pass 4 KiB: cut.
        assertThat(c.filtered().get("content-type")).isEqualTo(1);
        assertThat(c.filtered().get("too-large")).isEqualTo(2);
        assertThat(c.pages()).isEqualTo(3);
        assertThat(c.links()).isZero();
        assertThat(r.items().ok()).isEqualTo(3);
        Profiles.assertAccounted(r);
    }
}
