package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * {@code report.html}: one self-contained file that opens without a network (a Content-Security-Policy
 * forbids fetching anything). The tables are plain HTML; the charts (percentile curves, throughput,
 * latency, in-flight items, connections, scheduler queues over time, and any other series a run
 * records) are drawn by Chart.js, inlined from its webjar, from the result embedded as JSON.
 */
public final class HtmlReport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CHART_JS_POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final String CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

    /** Each chart: its canvas id and caption. The script removes a chart that has nothing to draw. */
    private static final String[][] CHARTS = {
        {"chart-comparison", "Wall time per variant"},
        {"chart-curves", "Latency by percentile (the run's latency under a load model, else the main stage's service time)"},
        {"chart-throughput", "Throughput over time"},
        {"chart-latency", "p99 latency over time"},
        {"chart-inflight", "Items in flight over time"},
        {"chart-connections", "Connections open over time"},
        {"chart-queues", "Scheduler queues over time"},
        {"chart-other", "Other series (crawl, soak)"},
    };

    private HtmlReport() {
    }

    /** Writes the report of one run (a result.json tree) to {@code file}, replacing it whole. */
    public static void write(JsonNode result, Path file) throws IOException {
        writeAtomically(render(result), file);
    }

    /** Writes the comparison of two runs to {@code file}. */
    public static void writeDiff(JsonNode before, String beforeName, JsonNode after, String afterName, Path file)
            throws IOException {
        writeAtomically(renderDiff(before, beforeName, after, afterName), file);
    }

    static String render(JsonNode result) {
        StringBuilder body = new StringBuilder();
        body.append(HtmlTables.header(result)).append(HtmlTables.verdict(result)).append(HtmlTables.comparison(result))
                .append(HtmlTables.variants(result)).append(charts());
        body.append("<h2>Details</h2>\n");
        result.path("variants").forEach(v -> body.append(HtmlTables.details(v)));
        ArrayNode runs = MAPPER.createArrayNode();
        runs.add(run("this run", result));
        return page("sluice: " + result.path("profile").asText("run"), body.toString(), runs);
    }

    static String renderDiff(JsonNode before, String beforeName, JsonNode after, String afterName) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(HtmlTables.escape(after.path("profile").asText("run"))).append(": before and after</h1>\n")
                .append(HtmlTables.diff(RunDiff.of(before, after), beforeName, afterName))
                .append(charts())
                .append("<h2>Before: ").append(HtmlTables.escape(beforeName)).append("</h2>\n")
                .append(HtmlTables.verdict(before)).append(HtmlTables.variants(before))
                .append("<h2>After: ").append(HtmlTables.escape(afterName)).append("</h2>\n")
                .append(HtmlTables.verdict(after)).append(HtmlTables.variants(after));
        ArrayNode runs = MAPPER.createArrayNode();
        runs.add(run(beforeName, before));
        runs.add(run(afterName, after));
        return page("sluice: " + afterName + " against " + beforeName, body.toString(), runs);
    }

    private static ObjectNode run(String name, JsonNode result) {
        ObjectNode run = MAPPER.createObjectNode();
        run.put("name", name);
        run.set("result", result);
        return run;
    }

    private static String charts() {
        StringBuilder out = new StringBuilder("<h2>Charts</h2>\n<div class=\"charts\">\n");
        for (String[] chart : CHARTS) {
            out.append("<figure><figcaption>").append(HtmlTables.escape(chart[1]))
                    .append("</figcaption><div class=\"plot\"><canvas id=\"").append(chart[0])
                    .append("\"></canvas></div></figure>\n");
        }
        return out.append("</div>\n").toString();
    }

    private static String page(String title, String body, ArrayNode runs) {
        ObjectNode data = MAPPER.createObjectNode();
        data.set("runs", runs);
        return page(title, body, data, "report.js");
    }

    /** A whole page: {@code body}, then {@code data} as JSON, Chart.js and {@code script} (a resource beside report.js). */
    static String page(String title, String body, JsonNode data, String script) {
        String json;
        try {
            // '<' only occurs inside JSON strings, where \u003c means the same: no "</script>" can end the block.
            json = MAPPER.writeValueAsString(data).replace("<", "\\u003c");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChartJs chartJs = ChartJs.load();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + HtmlTables.escape(title) + "</title>\n"
                + "<style>\n" + resource("report.css") + "</style>\n</head>\n<body>\n"
                + body
                + "<footer>Written by sluice. Charts drawn with Chart.js " + chartJs.version()
                + " (MIT licence), inlined so that this file opens offline.</footer>\n"
                + "<script id=\"sluice-data\" type=\"application/json\">" + json + "</script>\n"
                + "<script>\n" + chartJs.code() + "\n</script>\n"
                + "<script>\n" + resource(script) + "</script>\n"
                + "</body>\n</html>\n";
    }

    /** Chart.js's browser bundle from the webjar, without its source-map comment (there is no map to fetch). */
    private record ChartJs(String version, String code) {
        static ChartJs load() {
            String version;
            try (InputStream in = classpath(CHART_JS_POM)) {
                Properties pom = new Properties();
                pom.load(in);
                version = pom.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String code = text("META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js")
                    .replaceAll("(?m)^//# sourceMappingURL=.*$", "");
            if (code.contains("</script")) {
                throw new IllegalStateException("Chart.js " + version + " holds '</script' and cannot be inlined");
            }
            return new ChartJs(version, code);
        }
    }

    private static String resource(String name) {
        return text("dev/sluice/report/" + name);
    }

    private static String text(String path) {
        try (InputStream in = classpath(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream classpath(String path) throws IOException {
        InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("sluice is missing " + path + " on its class path; rebuild it (./mvnw package)");
        }
        return in;
    }

    static void writeAtomically(String html, Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, html, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
