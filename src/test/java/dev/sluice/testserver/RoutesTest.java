package dev.sluice.testserver;

import static dev.sluice.testserver.ServerFixture.get;
import static dev.sluice.testserver.ServerFixture.getBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every route answers as documented, over real HTTP on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void listensOnLoopbackOnAFreePort() {
        server = TestServer.start(ServerFixture.spec());
        assertThat(server.url()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(server.url()).doesNotEndWith(":0");
    }

    @Test
    void bytesServesExactlyTheSizeAsked() throws Exception {
        server = TestServer.start(ServerFixture.spec());
        assertThat(getBytes(server.url() + "/bytes/1000").body()).hasSize(1000);
        assertThat(getBytes(server.url() + "/bytes/16KiB").body()).hasSize(16384);
        assertThat(getBytes(server.url() + "/bytes/0").body()).isEmpty();
        assertThat(getBytes(server.url() + "/bytes/3MiB").body()).hasSize(3 * 1024 * 1024);
        assertThat(get(server.url() + "/bytes/lots").statusCode()).isEqualTo(400);
    }

    @Test
    void statusAnswersWithTheCodeAsked() throws Exception {
        server = TestServer.start(ServerFixture.spec());
        assertThat(get(server.url() + "/status/503").statusCode()).isEqualTo(503);
        assertThat(get(server.url() + "/status/418").statusCode()).isEqualTo(418);
        HttpResponse<String> noContent = get(server.url() + "/status/204");
        assertThat(noContent.statusCode()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        assertThat(get(server.url() + "/status/99").statusCode()).isEqualTo(400);
    }

    @Test
    void delayWaitsAtLeastTheDurationAsked() throws Exception {
        server = TestServer.start(ServerFixture.spec());
        long start = System.nanoTime();
        HttpResponse<String> r = get(server.url() + "/delay/300ms");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(get(server.url() + "/delay/forever").statusCode()).isEqualTo(400);
    }

    @Test
    void sitePagesLinkToOtherPagesAndCountDuplicates() throws Exception {
        server = TestServer.start(ServerFixture.withSite(1000, 10, 1));
        HttpResponse<String> root = get(server.url() + "/site/0");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        Matcher links = Pattern.compile("href=\"(/site/[0-9a-z]+)\"").matcher(root.body());
        int count = 0;
        String first = null;
        while (links.find()) {
            first = first == null ? links.group(1) : first;
            count++;
        }
        assertThat(count).isEqualTo(10);
        assertThat(get(server.url() + first).statusCode()).isEqualTo(200);
        assertThat(get(server.url() + first).statusCode()).isEqualTo(200);
        assertThat(get(server.url() + "/site/" + Long.toString(1000, 36)).statusCode()).isEqualTo(404);
        ServerStats.Snapshot s = server.stats().snapshot();
        assertThat(s.site().served()).isEqualTo(3);
        assertThat(s.duplicates()).isEqualTo(1);
        assertThat(s.site().distinct()).isEqualTo(2);
    }

    @Test
    void severalHostsLinkAcrossEachOther() throws Exception {
        server = TestServer.start(ServerFixture.withSite(500, 12, 3));
        assertThat(server.urls()).hasSize(3);
        assertThat(server.urls().get(1)).startsWith("http://127.0.0.2:");
        assertThat(server.urls().get(2)).startsWith("http://127.0.0.3:");
        for (String url : server.urls()) {
            assertThat(get(url + "/site/0").statusCode()).isEqualTo(200);
        }
        String page = get(server.url() + "/site/0").body();
        assertThat(page).containsAnyOf("href=\"" + server.urls().get(1), "href=\"" + server.urls().get(2));
        assertThat(server.stats().snapshot().hosts()).hasSize(3);
    }

    @Test
    void robotsTxtListsDisallowedPrefixesAndTheCrawlDelay() throws Exception {
        server = TestServer.start(ServerFixture.withRobots(List.of("/site/1", "/private/"), Duration.ofMillis(1500)));
        HttpResponse<String> robots = get(server.url() + "/robots.txt");
        assertThat(robots.body()).isEqualTo("User-agent: *\nDisallow: /site/1\nDisallow: /private/\nCrawl-delay: 1.5\n");
        get(server.url() + "/site/1");
        get(server.url() + "/site/2");
        assertThat(server.stats().snapshot().site().disallowed()).isEqualTo(1);
    }

    @Test
    void apiAnswersSmallJson() throws Exception {
        server = TestServer.start(ServerFixture.spec());
        JsonNode item = JSON.readTree(get(server.url() + "/api/items/42").body());
        assertThat(item.path("id").asLong()).isEqualTo(42);
        assertThat(item.path("name").asText()).isEqualTo("item-42");
        assertThat(item.path("price").isNumber()).isTrue();
        assertThat(JSON.readTree(get(server.url() + "/api/items").body()).size()).isEqualTo(10);
        assertThat(get(server.url() + "/api/items/x").statusCode()).isEqualTo(404);
        assertThat(get(server.url() + "/nothing-here").statusCode()).isEqualTo(404);
    }
}
