package dev.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.Console;
import dev.sluice.cli.SluiceCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html and compare.html opened in a real headless Chromium: they load with no error and no
 * network request, every chart left on the page has been drawn, and the tables hold the run's numbers.
 * Two runs of a two-variant profile (against the embedded test server) are made once for the class.
 */
@Timeout(180)
class ReportInBrowserTest {

    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final String PROFILE = """
            name: report-check
            description: "Two models <b>side by side</b> & one threshold that fails"
            server:
              routes:
                default:
                  latency: {lognormal: {median: 10ms, p99: 30ms}}
            source:
              list: ["${server.url}/bytes/1KiB"]
              repeat: 240
            stages:
              - name: download
                kind: http
                url: "${item}"
                scheduler: {kind: bounded-elastic, threads: 2}
            sink: count
            thresholds:
              - items.failed == 0
              - p99(download) < 1ms
            variants:
              - {label: threads-2}
              - {label: event-loop, set: {stages.download.scheduler: event-loop, stages.download.concurrency: 16}}
            """;

    /** Every canvas on the page: its id and how many of its pixels are painted. */
    private static final String PAINTED = """
            Array.from(document.querySelectorAll('canvas')).map(c => {
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              let painted = 0;
              for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) painted++; }
              return {id: c.id, painted: painted, datasets: Chart.getChart(c).data.datasets.length};
            })""";

    @TempDir
    static Path dir;

    private static HeadlessChromium chromium;
    private static Path before;
    private static Path after;
    private static String runOutput;
    private static Path soak;
    private static Path limit;

    @BeforeAll
    static void runTwiceAndStartChromium() throws Exception {
        Path profile = dir.resolve("report-check.yaml");
        Files.writeString(profile, PROFILE);
        before = dir.resolve("before");
        after = dir.resolve("after");
        StringWriter out = new StringWriter();
        // Exit 1: the p99 threshold fails on purpose, so the report has a failed threshold to show.
        assertThat(sluice(out, "run", profile.toString(), "--out", before.toString())).as(out.toString()).isEqualTo(1);
        runOutput = out.toString();
        assertThat(sluice(new StringWriter(), "run", profile.toString(), "--out", after.toString())).isEqualTo(1);
        soak = dir.resolve("soak");
        limit = dir.resolve("limit");
        StringWriter soakOut = new StringWriter();
        assertThat(sluice(soakOut, "run", "load-profiles/soak-connections.yaml", "--out", soak.toString(), "-q",
                "--set", "soak.connections=200", "--set", "load.duration=3s", "--set", "soak.window=1s",
                "--set", "load.rate=1000/s", "--set", "soak.server-process=false")).as(soakOut.toString()).isZero();
        StringWriter limitOut = new StringWriter();
        assertThat(sluice(limitOut, "run", "load-profiles/discover-limit.yaml", "--out", limit.toString(),
                "--set", "server.max-connections=500", "--set", "soak.discover-limit.step=200",
                "--set", "soak.window=500ms", "--set", "soak.server-process=false")).as(limitOut.toString()).isZero();
        chromium = HeadlessChromium.startOrSkip();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static int sluice(StringWriter out, String... args) {
        return SluiceCommand.execute(Console.of(new PrintWriter(out, true), new PrintWriter(out, true)), args);
    }

    private static List<JsonNode> canvases(HeadlessChromium.Page page) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        page.evaluate(PAINTED).forEach(out::add);
        return out;
    }

    private static void assertOfflineAndClean(HeadlessChromium.Page page) {
        assertThat(page.errors()).as("errors while loading").isEmpty();
        assertThat(page.requests()).as("requests the page made").isNotEmpty().allMatch(url -> url.startsWith("file:"));
    }

    @Test
    void theRunsReportLoadsOfflineDrawsItsChartsAndHoldsTheRunsNumbers() throws Exception {
        Path html = before.resolve("report.html");
        assertThat(runOutput).contains("report: " + html);
        HeadlessChromium.Page page = chromium.open(html, LOAD);
        assertOfflineAndClean(page);

        List<JsonNode> canvases = canvases(page);
        assertThat(canvases).extracting(c -> c.path("id").asText()).contains("chart-comparison", "chart-curves",
                "chart-throughput", "chart-latency", "chart-inflight", "chart-connections");
        for (JsonNode c : canvases) {
            assertThat(c.path("painted").asInt()).as(c.path("id").asText() + " painted pixels").isGreaterThan(2000);
        }
        assertThat(canvases).filteredOn(c -> c.path("id").asText().equals("chart-curves"))
                .allMatch(c -> c.path("datasets").asInt() == 2, "a percentile curve per variant");

        JsonNode result = JsonReport.read(before.resolve("result.json"));
        String comparison = page.evaluate("document.getElementById('comparison').innerText").asText();
        String variants = page.evaluate("document.getElementById('variants').innerText").asText();
        for (JsonNode v : result.path("variants")) {
            assertThat(variants).contains(v.path("label").asText())
                    .contains(String.format(Locale.ROOT, "%,.3f", v.path("wallSeconds").asDouble()))
                    .contains(String.format(Locale.ROOT, "%,d", v.at("/items/ok").asLong()));
        }
        for (JsonNode row : result.at("/comparison/rows")) {
            assertThat(comparison).contains(row.path("label").asText())
                    .contains(String.format(Locale.ROOT, "%,.3f", row.path("wallSeconds").asDouble()));
        }
        assertThat(page.evaluate("document.querySelector('.verdict').innerText").asText())
                .contains(result.at("/comparison/verdict/text").asText());
        assertThat(page.evaluate("document.querySelectorAll('td.fail').length").asInt())
                .as("the p99 threshold fails in both variants").isEqualTo(2);
        assertThat(page.evaluate("document.querySelector('h1 + p').textContent").asText())
                .as("the description is text, not markup").isEqualTo("Two models <b>side by side</b> & one threshold that fails");
    }

    @Test
    void aCrawlsReportShowsItsTablesTheServersChecksAndTheFrontierOverTime() throws Exception {
        Path profile = dir.resolve("crawl-check.yaml");
        Files.writeString(profile, """
                name: crawl-check
                server: {hosts: 2, site: {pages: 3000, out-degree: 10}}
                source: {list: ["${server.url}/site/0"]}
                stages:
                  - {name: fetch, kind: http, url: "${item}", scheduler: event-loop, concurrency: 8}
                  - {name: links, kind: extract-links, recurse-to: fetch}
                crawl: {same-host: false, per-host: {delay: 1ms}, frontier: {high-water: 50}}
                """);
        Path out = dir.resolve("crawl");
        StringWriter console = new StringWriter();
        assertThat(sluice(console, "run", profile.toString(), "--out", out.toString())).as(console.toString()).isZero();
        assertThat(console.toString()).contains("server's view: agrees");
        HeadlessChromium.Page page = chromium.open(out.resolve("report.html"), LOAD);
        assertOfflineAndClean(page);
        String text = page.evaluate("document.body.innerText").asText();
        assertThat(text).contains("ran out of pages", "links left out", "pages by depth", "the server's view")
                .contains(String.format(Locale.ROOT, "%,d", 3000));
        assertThat(page.evaluate("document.querySelectorAll('table.crawl td.worse').length").asInt()).isZero();
        assertThat(page.evaluate("document.querySelectorAll('table.crawl td.better').length").asInt()).isPositive();
        assertThat(page.evaluate("Chart.getChart('chart-other').data.datasets.map(d => d.label)").toString())
                .contains("crawl.frontier");
    }

    @Test
    void reportRerendersTheSameFileFromResultJson() throws Exception {
        String written = Files.readString(before.resolve("report.html"));
        Path again = dir.resolve("again.html");
        StringWriter out = new StringWriter();
        assertThat(sluice(out, "report", before.toString(), "--out", again.toString())).isZero();
        assertThat(out.toString()).contains("report: " + again);
        assertThat(Files.readString(again)).isEqualTo(written);
    }

    @Test
    void seriesTheReportDoesNotKnowGetAChartOfTheirOwn() throws Exception {
        // The crawl and soak features add series of their own to the timeline (frontier size, connections held):
        // the report draws any column it does not know under "Other series".
        ObjectNode result = (ObjectNode) JsonReport.read(before.resolve("result.json"));
        ObjectNode columns = (ObjectNode) result.at("/variants/0/timeline/columns");
        int points = columns.path("t").size();
        ArrayNode frontier = columns.putArray("crawl.frontier");
        for (int i = 0; i < points; i++) {
            frontier.add(1000 + 10 * i);
        }
        Path extra = dir.resolve("extra");
        Files.createDirectories(extra);
        Files.writeString(extra.resolve("result.json"), result.toPrettyString());
        assertThat(sluice(new StringWriter(), "report", extra.toString())).isZero();

        HeadlessChromium.Page page = chromium.open(extra.resolve("report.html"), LOAD);
        assertOfflineAndClean(page);
        assertThat(canvases(page)).filteredOn(c -> c.path("id").asText().equals("chart-other")).singleElement()
                .satisfies(c -> assertThat(c.path("painted").asInt()).isGreaterThan(2000));
        assertThat(page.evaluate("Chart.getChart('chart-other').data.datasets.map(d => d.label)").toString())
                .contains("threads-2 crawl.frontier");
    }

    @Test
    void comparingTwoRunsPrintsTheDifferencesAndDrawsBothRuns() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(sluice(out, "report", before.toString(), after.toString())).isZero();
        Path html = after.resolve("compare.html");
        assertThat(out.toString()).contains("before: before", "after:  after", "threads-2", "event-loop", "wall s",
                "download p99 ms", "report: " + html);

        HeadlessChromium.Page page = chromium.open(html, LOAD);
        assertOfflineAndClean(page);
        for (JsonNode c : canvases(page)) {
            assertThat(c.path("painted").asInt()).as(c.path("id").asText() + " painted pixels").isGreaterThan(2000);
        }
        JsonNode labels = page.evaluate("Chart.getChart('chart-throughput').data.datasets.map(d => d.label)");
        List<String> names = new ArrayList<>();
        labels.forEach(l -> names.add(l.asText()));
        assertThat(names).contains("threads-2 (before) ok/s", "threads-2 (after) ok/s", "event-loop (before) ok/s",
                "event-loop (after) ok/s");
        String diff = page.evaluate("document.getElementById('diff').innerText").asText();
        RunDiff expected = RunDiff.of(JsonReport.read(before.resolve("result.json")),
                JsonReport.read(after.resolve("result.json")));
        assertThat(expected.rows()).isNotEmpty();
        for (RunDiff.Row row : expected.rows()) {
            assertThat(diff).contains(row.figure());
        }
        assertThat(diff).contains(String.format(Locale.ROOT, "%,.3f", expected.rows().getFirst().before()));
    }

    private static List<String> ids(List<JsonNode> canvases) {
        return canvases.stream().map(c -> c.path("id").asText()).toList();
    }

    private static List<String> labels(HeadlessChromium.Page page, String chart) throws Exception {
        List<String> out = new ArrayList<>();
        page.evaluate("Chart.getChart('" + chart + "').data.datasets.map(d => d.label)").forEach(l -> out.add(l.asText()));
        return out;
    }

    @Test
    void aSoaksReportShowsItsVerdictsAndDrawsAChartPerGroupOfSeries() throws Exception {
        HeadlessChromium.Page page = chromium.open(soak.resolve("report.html"), LOAD);
        assertOfflineAndClean(page);
        List<JsonNode> canvases = canvases(page);
        assertThat(ids(canvases)).as("no unknown column: no 'Other series'").containsExactly("chart-requests",
                "chart-latency", "chart-connections", "chart-memory", "chart-process", "chart-errors", "chart-churn",
                "chart-waiting");
        for (JsonNode c : canvases) {
            assertThat(c.path("painted").asInt()).as(c.path("id").asText() + " painted pixels").isGreaterThan(2000);
        }
        assertThat(labels(page, "chart-latency")).containsExactly("p50", "p99", "max");
        assertThat(labels(page, "chart-connections")).containsExactly("client", "server");
        assertThat(labels(page, "chart-memory")).containsExactly("heap after GC", "RSS");
        JsonNode result = JsonReport.read(soak.resolve("result.json"));
        List<String> columns = new ArrayList<>();
        result.at("/timeseries/columns").forEach(c -> columns.add(c.asText()));
        List<Double> clientOpen = new ArrayList<>();
        result.at("/timeseries/rows").forEach(row -> clientOpen.add(row.get(columns.indexOf("clientOpen")).asDouble()));
        List<Double> drawn = new ArrayList<>();
        page.evaluate("Chart.getChart('chart-connections').data.datasets[0].data.map(p => p.y)")
                .forEach(y -> drawn.add(y.asDouble()));
        assertThat(drawn).as("the client's open connections, none at the close").isEqualTo(clientOpen).endsWith(0.0);
        assertThat(page.evaluate("Chart.getChart('chart-memory').data.datasets[1].data[0].y").asDouble()).as("RSS in MiB")
                .isEqualTo(result.at("/timeseries/rows/0").get(columns.indexOf("rssBytes")).asDouble() / (1 << 20));
        assertThat(page.evaluate("document.getElementById('verdicts').innerText").asText())
                .contains("clean close", "passed", "connection-leak", "memory-leak", "latency-drift");
    }

    @Test
    void aSoakWithAColumnTheReportDoesNotKnowAndNullCellsStillDrawsEveryChart() throws Exception {
        // The series gain columns (a "pending" count, say) and lose figures (null where a window had none):
        // charts follow the column names, a new one is drawn under "Other series", a null is a gap.
        ObjectNode result = (ObjectNode) JsonReport.read(soak.resolve("result.json"));
        ArrayNode columns = (ArrayNode) result.at("/timeseries/columns");
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.asText()));
        int p99 = names.indexOf("p99Ms");
        int threads = names.indexOf("threads");
        columns.remove(threads);
        columns.add("queueDepth");
        ArrayNode rows = (ArrayNode) result.at("/timeseries/rows");
        for (int i = 0; i < rows.size(); i++) {
            ArrayNode row = (ArrayNode) rows.get(i);
            row.remove(threads);
            if (i == 1) {
                row.set(p99, com.fasterxml.jackson.databind.node.NullNode.getInstance());
                row.addNull();
            } else {
                row.add(10 * i);
            }
        }
        Path extra = dir.resolve("soak-extra");
        Files.createDirectories(extra);
        Files.writeString(extra.resolve("result.json"), result.toPrettyString());
        StringWriter out = new StringWriter();
        assertThat(sluice(out, "report", extra.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("report: " + extra.resolve("report.html"));

        HeadlessChromium.Page page = chromium.open(extra.resolve("report.html"), LOAD);
        assertOfflineAndClean(page);
        List<JsonNode> canvases = canvases(page);
        assertThat(ids(canvases)).contains("chart-latency", "chart-process", "chart-other");
        for (JsonNode c : canvases) {
            assertThat(c.path("painted").asInt()).as(c.path("id").asText() + " painted pixels").isGreaterThan(2000);
        }
        assertThat(labels(page, "chart-other")).containsExactly("queueDepth");
        assertThat(labels(page, "chart-process")).containsExactly("open file descriptors");
        assertThat(page.evaluate("Chart.getChart('chart-latency').data.datasets[1].data[1].y").isNull()).isTrue();
        assertThat(page.evaluate("Chart.getChart('chart-other').data.datasets[0].data.map(p => p.y)").get(1).isNull()).isTrue();
    }

    @Test
    void aLimitSearchsReportDrawsP99AndRefusedPerStepAndTakesNewStepFields() throws Exception {
        HeadlessChromium.Page page = chromium.open(limit.resolve("report.html"), LOAD);
        assertOfflineAndClean(page);
        List<JsonNode> canvases = canvases(page);
        assertThat(ids(canvases)).containsExactly("chart-steps");
        assertThat(canvases.getFirst().path("painted").asInt()).isGreaterThan(2000);
        assertThat(labels(page, "chart-steps")).containsExactly("p99 ms", "refused", "timeouts");
        assertThat(page.evaluate("Chart.getChart('chart-steps').data.datasets[1].data.map(p => p.x + ':' + p.y)").toString())
                .isEqualTo("[\"200:0\",\"400:0\",\"600:100\"]");
        assertThat(page.evaluate("document.getElementById('limit').innerText").asText())
                .contains("the limit lies between 400 connections (ok) and 600 (refused 100)");

        ObjectNode result = (ObjectNode) JsonReport.read(limit.resolve("result.json"));
        result.at("/discoverLimit/steps").forEach(s -> ((ObjectNode) s).put("rate", 250.0));
        Path extra = dir.resolve("limit-extra");
        Files.createDirectories(extra);
        Files.writeString(extra.resolve("result.json"), result.toPrettyString());
        assertThat(sluice(new StringWriter(), "report", extra.toString())).isZero();
        HeadlessChromium.Page again = chromium.open(extra.resolve("report.html"), LOAD);
        assertOfflineAndClean(again);
        assertThat(again.evaluate("document.querySelector('#steps tr').innerText").asText()).contains("outcome", "rate");
        assertThat(ids(canvases(again))).containsExactly("chart-steps");
    }
}
