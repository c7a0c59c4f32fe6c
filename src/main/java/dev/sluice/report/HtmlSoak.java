package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code report.html} of a soak ({@code kind: soak}) or of a limit search ({@code kind: discover-limit}),
 * read from its {@code result.json} tree alone, so that {@code sluice report RUN} renders it again. Self-contained
 * like the pipeline's report: the tables are plain HTML, the charts are drawn by Chart.js (inlined) and
 * {@code soak.js} from the result embedded in the page, led by the names of the series' columns.
 */
public final class HtmlSoak {

    static final String SOAK = "soak";
    static final String LIMIT = "discover-limit";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A soak's charts: canvas id and caption; soak.js removes a chart that has nothing to draw. */
    private static final String[][] SOAK_CHARTS = {
        {"chart-requests", "Requests per second"},
        {"chart-latency", "Latency in each window: p50, p99 and max (ms)"},
        {"chart-connections", "Connections open: the client's count and the server's"},
        {"chart-memory", "Heap after GC and RSS (MiB)"},
        {"chart-process", "Open file descriptors and live threads"},
        {"chart-errors", "Errors by class (no answer in time, closed while pending, abandoned, other, 4xx, 5xx) and late requests in each window"},
        {"chart-churn", "Connections opened, failed to open and closed by the server in each window"},
        {"chart-waiting", "Waiting: connections the fleet wants but has not got (a pool's pending), requests awaiting an answer"},
        {"chart-other", "Other series"},
    };

    private static final String[][] LIMIT_CHARTS = {
        {"chart-steps", "p99 and connections refused or timed out at each step"},
    };

    private HtmlSoak() {
    }

    /** Whether {@code result} is a soak's or a limit search's, the results this class renders. */
    public static boolean renders(JsonNode result) {
        String kind = result.path("kind").asText("");
        return kind.equals(SOAK) || kind.equals(LIMIT);
    }

    /** Writes the report of a soak or limit search (a result.json tree) to {@code file}, replacing it whole. */
    public static void write(JsonNode result, Path file) throws IOException {
        HtmlReport.writeAtomically(render(result), file);
    }

    /** Renders {@code report.html} beside a soak's {@code result.json}, from that file; returns the report's path. */
    public static Path writeNextTo(Path resultFile) throws IOException {
        Path html = resultFile.resolveSibling("report.html");
        write(JsonReport.read(resultFile), html);
        return html;
    }

    static String render(JsonNode result) {
        if (!renders(result)) {
            throw new IllegalArgumentException("kind must be '" + SOAK + "' or '" + LIMIT + "', but was '"
                    + result.path("kind").asText("") + "'");
        }
        boolean limit = result.path("kind").asText().equals(LIMIT);
        String body = limit
                ? HtmlLimitTables.header(result) + HtmlLimitTables.steps(result) + charts("", LIMIT_CHARTS)
                        + HtmlSoakTables.server(result)
                : HtmlSoakTables.header(result) + HtmlSoakTables.verdicts(result) + HtmlSoakTables.settings(result)
                        + charts(HtmlSoakTables.closeNote(result), SOAK_CHARTS) + HtmlSoakTables.totals(result)
                        + HtmlSoakTables.server(result);
        ObjectNode data = MAPPER.createObjectNode();
        data.set("result", result);
        String title = "sluice " + (limit ? "limit search" : "soak") + ": " + result.path("profile").asText("run");
        return HtmlReport.page(title, body, data, "soak.js");
    }

    private static String charts(String note, String[][] charts) {
        StringBuilder out = new StringBuilder("<h2>Charts</h2>\n").append(note).append("<div class=\"charts\">\n");
        for (String[] chart : charts) {
            out.append("<figure><figcaption>").append(HtmlTables.escape(chart[1]))
                    .append("</figcaption><div class=\"plot\"><canvas id=\"").append(chart[0])
                    .append("\"></canvas></div></figure>\n");
        }
        return out.append("</div>\n").toString();
    }
}
