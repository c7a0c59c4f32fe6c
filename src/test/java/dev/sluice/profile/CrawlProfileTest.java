package dev.sluice.profile;

import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The crawl: block and the extract-links stage: defaults, every setting, and errors with their places. */
class CrawlProfileTest {

    /** A crawl; a line appended with two spaces of indent is line 10, column 3, inside crawl:. */
    private static final String CRAWL = """
            name: c
            source: {list: ["http://127.0.0.1:8080/site/0"]}
            stages:
              - {name: fetch, kind: http, url: "${item}", scheduler: event-loop, concurrency: 16}
              - name: links
                kind: extract-links
                recurse-to: fetch
            sink: count
            crawl:
              max-depth: 3
            """;

    @Test
    void aLinkStageAloneGetsTheDefaultCrawl() {
        Profile p = parse(CRAWL.substring(0, CRAWL.indexOf("crawl:")));
        assertThat(p.crawl()).isEqualTo(CrawlSpec.defaults());
        assertThat(p.stages().get(1).work()).isEqualTo(new WorkSpec.ExtractLinks("fetch"));
    }

    @Test
    void readsEverySetting() {
        CrawlSpec c = parse(CRAWL + """
                  max-pages: 5000
                  expected-pages: 100000
                  max-time: 90s
                  same-host: false
                  allow-hosts: [example.test]
                  normalize: {sort-query: false, strip-params: [utm_*, sid]}
                  per-host: {max-connections: 4, delay: 250ms, adaptive: off, latency-bound: 1s}
                  robots: ignore
                  user-agent: my-bot
                  retry: {attempts: 5, backoff: 1s, max-wait: 10s}
                  content-types: [text/html]
                  max-page-size: 64KiB
                  frontier: {high-water: 500}
                """).crawl();
        assertThat(c).isEqualTo(new CrawlSpec(3, 5000, 100_000, Duration.ofSeconds(90), false, List.of("example.test"),
                false, List.of("utm_*", "sid"), new CrawlSpec.PerHost(4, Duration.ofMillis(250), false, Duration.ofSeconds(1)),
                false, "my-bot", new CrawlSpec.Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(10)),
                List.of("text/html"), 64 * 1024, 500));
    }

    @Test
    void sizesDedupFromTheCrawlsPageLimitUnlessTold() {
        assertThat(parse(CRAWL + "  max-pages: 1234\n").crawl().expectedPages()).isEqualTo(1234);
    }

    @Test
    void rejectsAMisspeltCrawlKeyWithSuggestion() {
        assertThat(error(CRAWL + "  max-page: 10\n"))
                .isEqualTo("test.yaml:11:3: unknown key 'max-page' in 'crawl'; did you mean 'max-pages'?");
    }

    @Test
    void rejectsAMisspeltPerHostKeyWithSuggestion() {
        assertThat(error(CRAWL + "  per-host: {max-conections: 2}\n"))
                .startsWith("test.yaml:11:14: unknown key 'max-conections' in 'crawl.per-host'; did you mean 'max-connections'?");
    }

    @Test
    void rejectsAnUnknownRobotsPolicyWithSuggestion() {
        assertThat(error(CRAWL + "  robots: obay\n"))
                .isEqualTo("test.yaml:11:11: crawl.robots: unknown value 'obay'; did you mean 'obey'?");
    }

    @Test
    void pointsAtABadValueInsideANestedSection() {
        assertThat(error(CRAWL + "  per-host: {max-connections: 0}\n"))
                .isEqualTo("test.yaml:11:31: crawl.per-host.max-connections must be > 0, but was 0");
        assertThat(error(CRAWL + "  frontier:\n    high-water: 5\n"))
                .isEqualTo("test.yaml:12:17: crawl.frontier.high-water must be at least 16, but was 5");
    }

    @Test
    void rejectsAMaxTimeOfZero() {
        assertThat(error(CRAWL + "  max-time: 0s\n"))
                .isEqualTo("test.yaml:11:13: crawl.max-time must be > 0 (every crawl stops by itself), but was PT0S");
    }

    @Test
    void needsRecurseToOnALinkStage() {
        assertThat(error(CRAWL.replace("    recurse-to: fetch\n", "")))
                .isEqualTo("test.yaml:5:5: stages.links needs 'recurse-to'");
    }

    @Test
    void theLinkStageMustRecurseToTheFirstStage() {
        assertThat(error(CRAWL.replace("recurse-to: fetch", "recurse-to: fecth")))
                .isEqualTo("test.yaml:4:3: stages has a link stage 'links' that recurses to 'fecth'; a crawl's link stage "
                        + "must come second and recurse to the first stage, its fetch stage (stages: [fetch, links])");
    }

    @Test
    void theFetchStageMustBeHttpOnTheEventLoopFetchingTheItem() {
        assertThat(error(CRAWL.replace("scheduler: event-loop, concurrency: 16", "scheduler: virtual")))
                .isEqualTo("test.yaml:4:3: stages hold a crawl whose fetch stage 'fetch' must be kind: http on scheduler: "
                        + "event-loop, but was kind http on virtual");
        assertThat(error(CRAWL.replace("url: \"${item}\"", "url: \"http://127.0.0.1/x\"")))
                .contains("write url: \"${item}\" (the seeds go in source:), but was 'http://127.0.0.1/x'");
    }

    @Test
    void aCrawlBlockNeedsALinkStage() {
        String noLinks = CRAWL.replace("""
                  - name: links
                    kind: extract-links
                    recurse-to: fetch
                """, "");
        assertThat(error(noLinks)).isEqualTo("test.yaml:6:1: crawl needs a stage of kind extract-links with recurse-to: "
                + "naming the fetch stage; add one after the http stage, or remove crawl:");
    }

    @Test
    void aCrawlIsFedByItsFrontierNotALoadModel() {
        assertThat(error(CRAWL + "load: {model: concurrency, users: 2, iterations: 5}\n"))
                .startsWith("test.yaml:11:1: load must be drain for a crawl");
    }

    @Test
    void takesOnAndOffForAdaptive() {
        assertThat(parse(CRAWL + "  per-host: {adaptive: on}\n").crawl().perHost().adaptive()).isTrue();
        assertThat(error(CRAWL + "  per-host: {adaptive: sometimes}\n"))
                .isEqualTo("test.yaml:11:24: crawl.per-host.adaptive: expected true or false, but was 'sometimes'");
    }

    @Test
    void aWarmUpCrawlIsCutByPages() {
        assertThat(parse(CRAWL).withFirstItems(20).crawl().maxPages()).isEqualTo(20);
    }
}
