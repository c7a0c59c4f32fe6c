package dev.sluice.crawl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.SiteGraph;
import dev.sluice.testserver.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** robots.txt rules: groups, patterns, precedence, crawl delays, and the statuses of a failed fetch. */
class RobotsRulesTest {

    private static final String ROBOTS = "http://example.com/robots.txt";
    private static final String AGENT = "SluiceBot/0.1 (+https://example.com/bot)";

    private static RobotsRules rules(String robotsTxt) {
        return RobotsRules.parse(robotsTxt.getBytes(UTF_8), ROBOTS, AGENT);
    }

    private static boolean allowed(RobotsRules rules, String path) {
        return rules.allowed("http://example.com" + path);
    }

    @Test
    void disallowsByPrefix() {
        RobotsRules r = rules("User-agent: *\nDisallow: /private\nDisallow: /tmp/\n");
        assertThat(allowed(r, "/")).isTrue();
        assertThat(allowed(r, "/public/page")).isTrue();
        assertThat(allowed(r, "/private")).isFalse();
        assertThat(allowed(r, "/private/x")).isFalse();
        assertThat(allowed(r, "/private.html")).isFalse();
        assertThat(allowed(r, "/tmp")).isTrue();
        assertThat(allowed(r, "/tmp/x")).isFalse();
        assertThat(allowed(r, "/Private")).as("paths are case-sensitive").isTrue();
    }

    @Test
    void anEmptyDisallowAllowsEverything() {
        RobotsRules r = rules("User-agent: *\nDisallow:\n");
        assertThat(allowed(r, "/")).isTrue();
        assertThat(allowed(r, "/anything/at/all?x=1")).isTrue();
        assertThat(r.crawlDelay()).isZero();
    }

    @Test
    void disallowSlashDisallowsEverythingButRobotsTxtItself() {
        RobotsRules r = rules("User-agent: *\nDisallow: /\n");
        assertThat(allowed(r, "/")).isFalse();
        assertThat(allowed(r, "/a")).isFalse();
        assertThat(allowed(r, "/robots.txt")).isTrue();
    }

    @Test
    void theLongestMatchWinsAndAllowWinsATie() {
        RobotsRules r = rules("""
                User-agent: *
                Disallow: /shop
                Allow: /shop/public
                Disallow: /shop/public/secret
                Allow: /page
                Disallow: /page
                """);
        assertThat(allowed(r, "/shop/cart")).isFalse();
        assertThat(allowed(r, "/shop/public/item")).isTrue();
        assertThat(allowed(r, "/shop/public/secret/1")).isFalse();
        assertThat(allowed(r, "/page")).isTrue();
    }

    @Test
    void wildcardsAndEndAnchors() {
        RobotsRules r = rules("""
                User-agent: *
                Disallow: /*.pdf$
                Disallow: /*/drafts/
                Disallow: /search*q=
                Disallow: /exact$
                """);
        assertThat(allowed(r, "/doc/a.pdf")).isFalse();
        assertThat(allowed(r, "/a.pdf")).isFalse();
        assertThat(allowed(r, "/a.pdf?download=1")).isTrue();
        assertThat(allowed(r, "/a.pdfx")).isTrue();
        assertThat(allowed(r, "/blog/drafts/1")).isFalse();
        assertThat(allowed(r, "/drafts/1")).isTrue();
        assertThat(allowed(r, "/search?q=x")).isFalse();
        assertThat(allowed(r, "/search/advanced?lang=en&q=x")).isFalse();
        assertThat(allowed(r, "/search")).isTrue();
        assertThat(allowed(r, "/exact")).isFalse();
        assertThat(allowed(r, "/exact/more")).isTrue();
        assertThat(allowed(r, "/exactly")).isTrue();
    }

    @Test
    void queriesArePartOfTheMatchedPath() {
        RobotsRules r = rules("User-agent: *\nDisallow: /*?sessionid=\nDisallow: /list?page=\n");
        assertThat(allowed(r, "/a?sessionid=1")).isFalse();
        assertThat(allowed(r, "/list?page=2")).isFalse();
        assertThat(allowed(r, "/list")).isTrue();
        assertThat(allowed(r, "/a?other=1")).isTrue();
    }

    @Test
    void percentEncodingIsComparedDecoded() {
        RobotsRules r = rules("User-agent: *\nDisallow: /caf%C3%A9\nDisallow: /a%2Fb\n");
        assertThat(allowed(r, "/caf%C3%A9/menu")).isFalse();
        assertThat(allowed(r, "/caf%c3%a9/menu")).isFalse();
        assertThat(allowed(r, "/cafe")).isTrue();
    }

    @Test
    void theMostSpecificUserAgentGroupApplies() {
        String txt = """
                User-agent: *
                Disallow: /

                User-agent: sluicebot
                Disallow: /only-for-others
                Crawl-delay: 2

                User-agent: otherbot
                Disallow: /
                """;
        RobotsRules ours = rules(txt);
        assertThat(allowed(ours, "/page")).isTrue();
        assertThat(allowed(ours, "/only-for-others")).isFalse();
        assertThat(ours.crawlDelay()).isEqualTo(Duration.ofSeconds(2));

        RobotsRules stranger = RobotsRules.parse(txt.getBytes(UTF_8), ROBOTS, "UnknownBot/1.0");
        assertThat(allowed(stranger, "/page")).isFalse();
        assertThat(stranger.crawlDelay()).isZero();
    }

    @Test
    void userAgentsMatchCaseInsensitivelyByProductToken() {
        RobotsRules r = RobotsRules.parse("User-agent: SLUICEBOT\nDisallow: /x\n".getBytes(UTF_8), ROBOTS, "sluicebot");
        assertThat(allowed(r, "/x")).isFalse();
        RobotsRules versioned = RobotsRules.parse("User-agent: SluiceBot/2.0\nDisallow: /x\n".getBytes(UTF_8), ROBOTS, AGENT);
        assertThat(allowed(versioned, "/x")).as("a version on the user-agent line is ignored").isFalse();
        RobotsRules other = RobotsRules.parse("User-agent: sluicebotx\nDisallow: /x\n".getBytes(UTF_8), ROBOTS, AGENT);
        assertThat(allowed(other, "/x")).as("another product token").isTrue();
    }

    @Test
    void groupsCanNameSeveralAgentsAndRulesBeforeAnyAgentAreIgnored() {
        RobotsRules r = rules("""
                Disallow: /orphan
                User-agent: a-bot
                User-agent: sluicebot
                Disallow: /shared
                """);
        assertThat(allowed(r, "/shared/x")).isFalse();
        assertThat(allowed(r, "/orphan")).isTrue();
    }

    @Test
    void noMatchingGroupAndNoStarGroupAllowsEverything() {
        RobotsRules r = rules("User-agent: otherbot\nDisallow: /\n");
        assertThat(allowed(r, "/anything")).isTrue();
    }

    @Test
    void commentsBlankLinesAndUnknownDirectivesAreTolerated() {
        RobotsRules r = rules("""
                # a comment
                User-agent: *   # trailing comment
                Disallow: /a    # no /a
                Sitemap: http://example.com/sitemap.xml
                Host: example.com
                Noindex: /b
                Nonsense line without colon

                Disallow: /c
                """);
        assertThat(allowed(r, "/a")).isFalse();
        assertThat(allowed(r, "/c")).isFalse();
        assertThat(allowed(r, "/d")).isTrue();
    }

    @Test
    void emptyOrHtmlContentAllowsEverything() {
        assertThat(allowed(rules(""), "/x")).isTrue();
        assertThat(allowed(rules("<html><body>Not Found</body></html>"), "/x")).isTrue();
    }

    @Test
    void crawlDelayInSecondsAndFractions() {
        assertThat(rules("User-agent: *\nCrawl-delay: 10\n").crawlDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(rules("User-agent: *\nCrawl-delay: 0.5\n").crawlDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(rules("User-agent: *\nCrawl-delay: 1.25\nDisallow: /x\n").crawlDelay()).isEqualTo(Duration.ofMillis(1250));
        assertThat(rules("User-agent: *\nCrawl-delay: 0\n").crawlDelay()).isZero();
        assertThat(rules("User-agent: *\nCrawl-delay: soon\n").crawlDelay()).isZero();
        assertThat(rules("User-agent: *\nCrawl-delay: -3\n").crawlDelay()).isZero();
        assertThat(rules("User-agent: *\nDisallow: /x\n").crawlDelay()).isZero();
    }

    @Test
    void aCrawlDelayOverFiveMinutesDisallowsTheWholeSite() {
        RobotsRules atLimit = rules("User-agent: *\nCrawl-delay: 300\nDisallow: /x\n");
        assertThat(atLimit.crawlDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(allowed(atLimit, "/page")).isTrue();

        RobotsRules hour = rules("User-agent: *\nCrawl-delay: 3600\nDisallow: /x\n");
        assertThat(allowed(hour, "/page")).isFalse();
        assertThat(allowed(hour, "/")).isFalse();
        assertThat(hour.crawlDelay()).isZero();
        assertThat(allowed(rules("User-agent: *\nCrawl-delay: 300.5\n"), "/page")).isFalse();
    }

    @Test
    void aCrawlDelayTooLargeForAnIntIsIgnored() {
        RobotsRules r = rules("User-agent: *\nCrawl-delay: 99999999999\nDisallow: /x\n");
        assertThat(r.crawlDelay()).isZero();
        assertThat(allowed(r, "/page")).isTrue();
        assertThat(allowed(r, "/x")).isFalse();
    }

    @Test
    void onlyTheFirst500KiBAreParsed() {
        StringBuilder txt = new StringBuilder("User-agent: *\nDisallow: /early\n");
        while (txt.length() < RobotsRules.MAX_BYTES) {
            txt.append("# padding padding padding padding padding padding padding padding\n");
        }
        txt.append("Disallow: /late\n");
        RobotsRules r = rules(txt.toString());
        assertThat(allowed(r, "/early")).isFalse();
        assertThat(allowed(r, "/late")).isTrue();
    }

    @Test
    void allowAllAllowsEverythingWithoutDelay() {
        assertThat(RobotsRules.allowAll().allowed("http://example.com/anything")).isTrue();
        assertThat(RobotsRules.allowAll().crawlDelay()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {300, 301, 302, 307, 308, 399, 400, 401, 403, 404, 410, 418, 499})
    void redirectsNotFollowedAndClientErrorsAllowEverything(int status) {
        RobotsRules r = RobotsRules.fromStatus(status);
        assertThat(r.allowed("http://example.com/a")).isTrue();
        assertThat(r.crawlDelay()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {429, 500, 502, 503, 504, 599})
    void serverErrorsAndTooManyRequestsDisallowEverything(int status) {
        RobotsRules r = RobotsRules.fromStatus(status);
        assertThat(r.allowed("http://example.com/a")).isFalse();
        assertThat(r.allowed("http://example.com/")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {-1, 0, 100, 200, 204, 299, 600, 999})
    void otherStatusesAreRefused(int status) {
        assertThatThrownBy(() -> RobotsRules.fromStatus(status)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUserAgentNeedsAProductToken() {
        assertThat(RobotsRules.productToken("SluiceBot/0.1 (+https://x)")).isEqualTo("sluicebot");
        assertThat(RobotsRules.productToken("my_crawler-x")).isEqualTo("my_crawler-x");
        assertThat(RobotsRules.productToken("Mozilla/5.0 (compatible; SluiceBot/0.1)")).isEqualTo("mozilla");
        for (String agent : List.of("", "/1.0", " sluicebot", "*")) {
            assertThatThrownBy(() -> RobotsRules.parse(new byte[0], ROBOTS, agent))
                    .as(agent).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void describesItself() {
        assertThat(RobotsRules.allowAll()).hasToString("RobotsRules[allow all]");
        assertThat(RobotsRules.fromStatus(503)).hasToString("RobotsRules[disallow all]");
        assertThat(rules("User-agent: *\nCrawl-delay: 2\n"))
                .hasToString("RobotsRules[parsed from http://example.com/robots.txt for sluicebot, crawl delay PT2S]");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void followsTheTestServersRobotsTxt() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        ServerSpec spec = new ServerSpec("127.0.0.1", 0, 1, 3, List.of(ServerSpec.Protocol.HTTP11), d.connections(),
                new ServerSpec.SiteSpec(5_000, 20, 2048),
                new ServerSpec.RobotsSpec(List.of("/site/1", "/site/zz"), Duration.ofMillis(1500)), d.routes());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                TestServer server = TestServer.start(spec)) {
            String robotsUrl = server.url() + "/robots.txt";
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(robotsUrl))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);

            RobotsRules r = RobotsRules.parse(response.body(), robotsUrl, AGENT);
            assertThat(r.crawlDelay()).isEqualTo(Duration.ofMillis(1500));
            for (long page = 0; page < 5_000; page += 7) {
                String path = SiteGraph.path(page);
                boolean expected = !path.startsWith("/site/1") && !path.startsWith("/site/zz");
                assertThat(r.allowed(server.url() + path)).as(path).isEqualTo(expected);
            }
            assertThat(r.allowed(server.url() + "/robots.txt")).isTrue();
            assertThat(r.allowed(server.url() + "/bytes/10")).isTrue();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theTestServersDefaultRobotsTxtAllowsEverything() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                TestServer server = TestServer.start(ServerSpec.defaults())) {
            String robotsUrl = server.url() + "/robots.txt";
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(robotsUrl))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            RobotsRules r = RobotsRules.parse(response.body(), robotsUrl, AGENT);
            assertThat(r.allowed(server.url() + "/site/0")).isTrue();
            assertThat(r.crawlDelay()).isZero();
        }
    }
}
