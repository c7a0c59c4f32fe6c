package dev.sluice.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.CrawlSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Which links a crawl admits to its frontier, and why it leaves the others out. */
class CrawlAdmissionTest {

    @TempDir
    Path dir;

    private final Scheduler timer = Schedulers.newSingle("admission-test");
    private final List<Crawl> crawls = new ArrayList<>();

    @AfterEach
    void close() {
        crawls.forEach(Crawl::close);
        timer.dispose();
    }

    private Crawl crawl(int maxDepth, long maxPages, boolean sameHost, List<String> allowHosts) {
        CrawlSpec d = CrawlSpec.defaults();
        CrawlSpec spec = new CrawlSpec(maxDepth, maxPages, maxPages, Duration.ofMinutes(1), sameHost, allowHosts,
                true, List.of("utm_*"), d.perHost(), true, "sluice", d.retry(), d.contentTypes(), d.maxPageSize(), 16);
        Crawl crawl = new Crawl(spec, dir.resolve("spill-" + crawls.size()), System::nanoTime, timer);
        crawls.add(crawl);
        return crawl;
    }

    private static List<String> drain(Crawl crawl) {
        List<String> out = new ArrayList<>();
        for (CrawlTarget t = crawl.frontier().poll(); t != null; t = crawl.frontier().poll()) {
            out.add(t.depth() + " " + t.url());
        }
        return out;
    }

    @Test
    void admitsEachNormalisedUrlOnceAndCountsTheRestAsDuplicates() {
        Crawl crawl = crawl(5, 100, true, List.of());
        crawl.seed("HTTP://127.0.0.1:8080/site/0");
        CrawlTarget page = new CrawlTarget("http://127.0.0.1:8080/site/0", 0);
        int admitted = crawl.admitLinks(page, List.of("http://127.0.0.1:8080/a?b=2&a=1", "http://127.0.0.1:8080/a?a=1&b=2",
                "http://127.0.0.1:8080/a?a=1&b=2&utm_source=x", "http://127.0.0.1:8080/./site/0", "http://127.0.0.1:8080/b#top"));
        assertThat(admitted).isEqualTo(2);
        assertThat(drain(crawl)).containsExactly("0 http://127.0.0.1:8080/site/0", "1 http://127.0.0.1:8080/a?a=1&b=2",
                "1 http://127.0.0.1:8080/b");
        assertThat(crawl.stats().filtered(FilterReason.DUPLICATE)).isEqualTo(3);
        assertThat(crawl.admitted()).isEqualTo(3);
    }

    @Test
    void leavesOutLinksPastMaxDepthWithoutMarkingThemSeen() {
        Crawl crawl = crawl(1, 100, true, List.of());
        crawl.seed("http://127.0.0.1:8080/");
        assertThat(crawl.admitLinks(new CrawlTarget("http://127.0.0.1:8080/deep", 1), List.of("http://127.0.0.1:8080/x")))
                .isZero();
        assertThat(crawl.stats().filtered(FilterReason.TOO_DEEP)).isEqualTo(1);
        // Refused for its page's depth, the same link still comes in through a shallower page.
        assertThat(crawl.admitLinks(new CrawlTarget("http://127.0.0.1:8080/", 0), List.of("http://127.0.0.1:8080/x")))
                .isEqualTo(1);
    }

    @Test
    void admitsNoMoreThanMaxPagesAndStillCountsWhatItLeftOut() {
        Crawl crawl = crawl(5, 3, true, List.of());
        crawl.seed("http://127.0.0.1:8080/");
        List<String> links = List.of("http://127.0.0.1:8080/1", "http://127.0.0.1:8080/2", "http://127.0.0.1:8080/3",
                "http://127.0.0.1:8080/4");
        assertThat(crawl.admitLinks(new CrawlTarget("http://127.0.0.1:8080/", 0), links)).isEqualTo(2);
        assertThat(crawl.admitted()).isEqualTo(3);
        assertThat(crawl.stats().filtered(FilterReason.OVER_MAX_PAGES)).isEqualTo(2);
    }

    @Test
    void staysOnTheSeedsHostsOrAnyLoopbackHostAndNeverLeavesLoopbackUnlessAllowed() {
        Crawl same = crawl(5, 100, true, List.of());
        same.seed("http://127.0.0.1:8080/");
        CrawlTarget root = new CrawlTarget("http://127.0.0.1:8080/", 0);
        assertThat(same.admitLinks(root, List.of("http://127.0.0.2:8080/", "http://127.0.0.1:9090/",
                "http://127.0.0.1:8080/ok"))).isEqualTo(1);
        assertThat(same.stats().filtered(FilterReason.OFF_HOST)).isEqualTo(2);

        Crawl anyLoopback = crawl(5, 100, false, List.of());
        anyLoopback.seed("http://127.0.0.1:8080/");
        assertThat(anyLoopback.admitLinks(root, List.of("http://127.0.0.2:8080/", "http://localhost:9090/",
                "http://[::1]:8080/", "http://example.org/", "http://10.0.0.1/", "http://127.0.0.1.example.org/",
                "mailto:someone@example.org"))).isEqualTo(3);
        assertThat(anyLoopback.stats().filtered(FilterReason.OFF_HOST)).isEqualTo(3);
        assertThat(anyLoopback.stats().filtered(FilterReason.INVALID)).isEqualTo(1);

        Crawl allowed = crawl(5, 100, true, List.of("example.test"));
        allowed.seed("http://example.test/");
        assertThat(allowed.admitLinks(new CrawlTarget("http://example.test/", 0),
                List.of("http://example.test:8080/a", "http://other.test/"))).isEqualTo(1);
    }

    @Test
    void refusesASeedOffLoopbackWithAMessageThatSaysWhatToDo() {
        Crawl crawl = crawl(5, 100, true, List.of());
        assertThatThrownBy(() -> crawl.seed("http://example.org/"))
                .hasMessage("crawl seed 'http://example.org/' is not on this machine (example.org): sluice crawls "
                        + "loopback test servers unless the host is named in crawl.allow-hosts");
        assertThatThrownBy(() -> crawl.seed("ftp://127.0.0.1/")).hasMessage("crawl seed 'ftp://127.0.0.1/' is not an http or https URL");
    }

    @Test
    void leavesOutLinksThatAHostsKnownRobotsTxtDisallows() {
        Crawl crawl = crawl(5, 100, true, List.of());
        crawl.seed("http://127.0.0.1:8080/");
        crawl.robotsKnown("127.0.0.1:8080", RobotsRules.parse("User-agent: *\nDisallow: /private\n".getBytes(),
                "http://127.0.0.1:8080/robots.txt", "sluice"));
        assertThat(crawl.admitLinks(new CrawlTarget("http://127.0.0.1:8080/", 0),
                List.of("http://127.0.0.1:8080/private/1", "http://127.0.0.1:8080/public"))).isEqualTo(1);
        assertThat(crawl.stats().filtered(FilterReason.ROBOTS)).isEqualTo(1);
    }
}
