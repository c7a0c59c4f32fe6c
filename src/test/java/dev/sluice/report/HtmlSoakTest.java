package dev.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.Console;
import dev.sluice.cli.SluiceCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a soak and of a limit search, rendered from the result.json of real short runs (made once for
 * the class through {@code sluice run}, the test server in this process): what the tables hold, and that a
 * result with more, fewer or empty figures than today's still renders.
 */
@Timeout(120)
class HtmlSoakTest {

    @TempDir
    static Path dir;

    private static Path soak;
    private static Path limit;
    private static String soakOutput;
    private static String limitOutput;

    @BeforeAll
    static void runASoakAndALimitSearch() {
        soak = dir.resolve("soak");
        limit = dir.resolve("limit");
        StringWriter out = new StringWriter();
        assertThat(sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", soak.toString(),
                "--set", "soak.connections=200", "--set", "load.duration=3s", "--set", "soak.window=1s",
                "--set", "load.rate=1000/s", "--set", "soak.server-process=false")).as(out.toString()).isZero();
        soakOutput = out.toString();
        out = new StringWriter();
        assertThat(sluice(out, "run", "load-profiles/discover-limit.yaml", "--out", limit.toString(),
                "--set", "server.max-connections=500", "--set", "soak.discover-limit.step=200",
                "--set", "soak.window=500ms", "--set", "soak.server-process=false")).as(out.toString()).isZero();
        limitOutput = out.toString();
    }

    private static int sluice(StringWriter out, String... args) {
        return SluiceCommand.execute(Console.of(new PrintWriter(out, true), new PrintWriter(out, true)), args);
    }

    private static ObjectNode result(Path run) throws Exception {
        return (ObjectNode) JsonReport.read(run.resolve("result.json"));
    }

    private static List<String> cells(Element row) {
        return row.select("th, td").eachText();
    }

    @Test
    void theSoakWritesItsReportBesideItsResultAndSaysWhere() throws Exception {
        Path html = soak.resolve("report.html");
        assertThat(soakOutput).contains("result: " + soak.resolve("result.json"), "report: " + html);
        assertThat(Files.readString(html)).isEqualTo(HtmlSoak.render(result(soak)));
        assertThat(limitOutput).contains("report: " + limit.resolve("report.html"));
        assertThat(Files.readString(limit.resolve("report.html"))).isEqualTo(HtmlSoak.render(result(limit)));
    }

    @Test
    void theVerdictsAndTheCleanCloseComeFirstWithTheirText() throws Exception {
        JsonNode result = result(soak);
        Document page = Jsoup.parse(HtmlSoak.render(result));
        Element verdicts = page.getElementById("verdicts");
        assertThat(verdicts).isNotNull();
        assertThat(page.body().children().indexOf(verdicts))
                .as("before the settings and the charts")
                .isLessThan(page.body().children().indexOf(page.getElementById("settings")))
                .isLessThan(page.body().children().indexOf(page.selectFirst("div.charts")));
        List<Element> rows = verdicts.select("tr").subList(1, verdicts.select("tr").size());
        assertThat(cells(rows.getFirst())).containsExactly("clean close", "passed",
                "after the close: client 0 open, server 0 open");
        assertThat(rows).hasSize(1 + result.path("verdicts").size());
        for (int i = 0; i < result.path("verdicts").size(); i++) {
            JsonNode v = result.path("verdicts").get(i);
            assertThat(cells(rows.get(i + 1))).containsExactly(v.path("name").asText(),
                    v.path("status").asText().toLowerCase(Locale.ROOT).replace("failed", "FAILED"), v.path("text").asText());
        }
        // Three windows of 1 s are too few to judge a trend: nothing failed, every verdict inconclusive.
        assertThat(page.getElementById("soak-verdict").text())
                .isEqualTo("Nothing failed; inconclusive: connection-leak, memory-leak, latency-drift");
    }

    @Test
    void theSettingsTotalsAndServerHoldTheSoaksNumbers() throws Exception {
        JsonNode result = result(soak);
        Document page = Jsoup.parse(HtmlSoak.render(result));
        assertThat(page.selectFirst("h1").text()).isEqualTo("soak-connections");
        assertThat(page.selectFirst("p.meta").text()).contains(result.path("url").asText(), result.path("startedAt").asText());
        assertThat(page.getElementById("settings").text()).contains("connections 200", "a request per connection every 200ms",
                "window 1s", "duration 3s", "127.0.0.1, 127.0.0.2", "test server in this process", "stopped early no",
                "closed cleanly yes", "open after the close client 0, server 0", "client processes 1",
                "client RSS per connection");

        Element totals = page.getElementById("totals");
        JsonNode t = result.path("totals");
        assertThat(cells(totals.select("tr").get(1))).containsExactly(
                "200", "0", "200", num(t.path("sent")), num(t.at("/responses/2xx")), "0", num(t.path("late")));
        assertThat(page.select("table.totals").eachText()).anyMatch(s -> s.startsWith("closed, by whom by us by peer on error 200"))
                .anyMatch(s -> s.contains("no port"));
        Element server = page.getElementById("server");
        assertThat(cells(server.select("tr").get(1))).contains(num(result.at("/server/requests")),
                "200: " + num(result.at("/server/requests")), "200");

        JsonNode rows = result.at("/timeseries/rows");
        assertThat(page.getElementById("close-note").text()).contains("(" + (rows.size() - 1) + " windows)",
                "the last point, at " + HtmlTables.number(rows.get(rows.size() - 1).get(0), 3) + " s, is the close");
        assertThat(page.select("canvas").eachAttr("id")).containsExactly("chart-requests", "chart-latency",
                "chart-connections", "chart-memory", "chart-process", "chart-errors", "chart-churn", "chart-waiting",
                "chart-other");
        JsonNode embedded = new ObjectMapper().readTree(page.getElementById("sluice-data").data());
        assertThat(embedded.path("result")).isEqualTo(result);
    }

    private static String num(JsonNode n) {
        return HtmlTables.number(n, 0);
    }

    @Test
    void aLimitSearchShowsWhereTheLimitLiesAndAStepARow() throws Exception {
        JsonNode result = result(limit);
        Document page = Jsoup.parse(HtmlSoak.render(result));
        assertThat(page.getElementById("limit").text())
                .isEqualTo("Limit: the limit lies between 400 connections (ok) and 600 (refused 100)");
        List<Element> rows = page.getElementById("steps").select("tr");
        assertThat(cells(rows.getFirst())).containsExactly("connections", "opened", "refused", "timeouts",
                "other failures", "requests sent", "errors", "asked /s", "answered /s", "p99 ms", "outcome");
        assertThat(rows).hasSize(4);
        assertThat(cells(rows.get(1))).startsWith("200", "200", "0", "0").endsWith("ok");
        assertThat(cells(rows.get(3))).startsWith("600").endsWith("refused 100");
        assertThat(rows.get(3).select("td.fail").text()).isEqualTo("refused 100");
        assertThat(page.getElementById("settings").text()).contains("200 8,000 2s 500ms");
        assertThat(page.select("canvas").eachAttr("id")).containsExactly("chart-steps");
        assertThat(page.getElementById("verdicts")).as("a limit search has no verdicts").isNull();
    }

    @Test
    void aFieldAStepGainsLaterGetsAColumnAndAStepWithoutAP99ShowsADash() throws Exception {
        ObjectNode result = result(limit);
        ArrayNode steps = (ArrayNode) result.at("/discoverLimit/steps");
        for (int i = 0; i < steps.size(); i++) {
            ((ObjectNode) steps.get(i)).put("rate", 100.5 * (i + 1));
        }
        ((ObjectNode) steps.get(2)).put("p99Ms", -1);
        ((ObjectNode) steps.get(2)).putNull("errors");
        List<Element> rows = Jsoup.parse(HtmlSoak.render(result)).getElementById("steps").select("tr");
        assertThat(cells(rows.getFirst())).endsWith("outcome", "rate");
        assertThat(cells(rows.get(1))).endsWith("100.500");
        assertThat(cells(rows.get(3))).containsSubsequence("-", "-", "refused 100", "301.500");
    }

    @Test
    void aSoakWithAnUnknownColumnNullCellsAndMissingSectionsStillRenders() throws Exception {
        ObjectNode result = result(soak);
        ArrayNode columns = (ArrayNode) result.at("/timeseries/columns");
        columns.insert(0, "queueDepth");
        for (JsonNode row : result.at("/timeseries/rows")) {
            ((ArrayNode) row).insertNull(0);
            ((ArrayNode) row).set(1, com.fasterxml.jackson.databind.node.NullNode.getInstance());
        }
        result.putNull("server");
        result.remove("totals");
        result.remove("closedCleanly");
        result.put("serverOpenAfter", -1);
        Document page = Jsoup.parse(HtmlSoak.render(result));
        assertThat(page.getElementById("server")).isNull();
        assertThat(page.getElementById("totals")).isNull();
        assertThat(cells(page.getElementById("verdicts").select("tr").get(1))).containsExactly("clean close", "inconclusive",
                "after the close: client 0 open, server unknown open");
        assertThat(page.getElementById("close-note").text()).doesNotContain("at ").contains("is the close");

        result.remove("timeseries");
        assertThat(Jsoup.parse(HtmlSoak.render(result)).getElementById("close-note").text()).isEqualTo("No window was recorded.");
    }

    @Test
    void aFailedCheckIsNamedInTheLineAboveTheVerdicts() throws Exception {
        ObjectNode result = result(soak);
        ((ObjectNode) result.at("/verdicts/0")).put("status", "FAILED");
        result.put("closedCleanly", false);
        result.put("stoppedEarly", true);
        Document page = Jsoup.parse(HtmlSoak.render(result));
        assertThat(page.getElementById("soak-verdict").text())
                .isEqualTo("Stopped early (Ctrl-C), then closed. Failed: clean close, connection-leak");
        assertThat(page.select("#verdicts td.fail").eachText()).containsExactly("FAILED", "FAILED");
    }

    @Test
    void thresholdsAndProblemsAreChecksOfTheirOwn() throws Exception {
        ObjectNode result = result(soak);
        result.putArray("problems").add("soak shard 2 (pid 42): it ended (exit 137)");
        ArrayNode thresholds = result.putArray("thresholds");
        thresholds.addObject().put("expr", "p99MsMax < 50").put("actual", 12.5).put("passed", true);
        thresholds.addObject().put("expr", "clientMemory.rssPerConnectionBytes <= 10240").put("actual", 14053).put("passed", false);
        Document page = Jsoup.parse(HtmlSoak.render(result));
        assertThat(page.getElementById("soak-verdict").text()).contains("Failed: problem, threshold "
                + "clientMemory.rssPerConnectionBytes <= 10240");
        List<Element> rows = page.getElementById("verdicts").select("tr");
        assertThat(rows.stream().map(HtmlSoakTest::cells).toList()).contains(
                List.of("problem", "FAILED", "soak shard 2 (pid 42): it ended (exit 137)"),
                List.of("threshold p99MsMax < 50", "passed", "measured 12.500"),
                List.of("threshold clientMemory.rssPerConnectionBytes <= 10240", "FAILED", "measured 14,053"));
    }

    @Test
    void aPipelineRunIsNotASoak() {
        ObjectNode pipeline = new ObjectMapper().createObjectNode();
        pipeline.putArray("variants");
        assertThat(HtmlSoak.renders(pipeline)).isFalse();
        assertThatThrownBy(() -> HtmlSoak.render(pipeline)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kind must be 'soak' or 'discover-limit', but was ''");
    }
}
