package dev.sluice.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The HTML of a report that needs no script: the verdict, the comparison and variant tables, each
 * variant's thresholds, stages, load and server figures, read from a {@code result.json} tree (so an older
 * result without some figures still renders). The charts are drawn by the page's script.
 */
final class HtmlTables {

    private HtmlTables() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A number as a person reads it: grouped thousands, at most {@code decimals} decimals; "-" when absent. */
    static String number(JsonNode value, int decimals) {
        return value.isNumber() ? number(value.asDouble(), decimals) : "-";
    }

    static String number(double value, int decimals) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    static String header(JsonNode result) {
        StringBuilder out = new StringBuilder();
        out.append("<h1>").append(escape(result.path("profile").asText("run"))).append("</h1>\n");
        String description = result.path("description").asText("");
        if (!description.isBlank()) {
            out.append("<p>").append(escape(description)).append("</p>\n");
        }
        out.append("<p class=\"meta\">started ").append(escape(result.path("startedAt").asText("?")))
                .append(" &middot; sluice ").append(escape(result.path("sluiceVersion").asText("?")))
                .append(" &middot; Java ").append(escape(result.path("javaVersion").asText("?")))
                .append(" &middot; ").append(result.path("variants").size()).append(" variant(s)</p>\n");
        return out.toString();
    }

    static String verdict(JsonNode result) {
        JsonNode verdict = result.at("/comparison/verdict");
        return verdict.isObject() ? "<div class=\"verdict\"><strong>Verdict:</strong> "
                + escape(verdict.path("text").asText()) + "</div>\n" : "";
    }

    /** The comparison of variants (medians over their runs), or nothing when the run has none. */
    static String comparison(JsonNode result) {
        JsonNode rows = result.at("/comparison/rows");
        if (!rows.isArray() || rows.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<h2>Comparison</h2>\n");
        String swept = result.at("/comparison/swept").asText("");
        out.append("<p class=\"meta\">").append(swept.isEmpty() ? "" : "sweep of " + escape(swept) + "; ")
                .append("median of each variant's runs; the best in bold. p50/p99: service time of the main stage.</p>\n");
        out.append("<table id=\"comparison\">\n");
        out.append(row("th", "variant", "status", "runs", "wall s", "min-max s", "speedup", "items/s", "cpu s",
                "cpu use", "main stage", "p50 ms", "p99 ms", "threads", "heap MB"));
        for (JsonNode r : rows) {
            String line = row("td", r.path("label").asText(), r.path("status").asText(), number(r.path("runs"), 0),
                    number(r.path("wallSeconds"), 3),
                    number(r.path("wallMin"), 3) + "-" + number(r.path("wallMax"), 3),
                    String.format(Locale.ROOT, "%.2fx", r.path("speedup").asDouble()), number(r.path("itemsPerSecond"), 1),
                    number(r.path("cpuSeconds"), 3), percent(r.path("cpuUtilisation")), r.path("mainStage").asText(""),
                    number(r.path("p50Ms"), 3), number(r.path("p99Ms"), 3), number(r.path("peakThreads"), 0),
                    megabytes(r.path("peakHeapBytes")));
            out.append(r.path("best").asBoolean() ? line.replaceFirst("<tr>", "<tr class=\"best\">") : line);
        }
        return out.append("</table>\n").toString();
    }

    /** One line per variant: what became of its items, how long, how costly. */
    static String variants(JsonNode result) {
        StringBuilder out = new StringBuilder("<h2>Runs</h2>\n<table id=\"variants\">\n");
        out.append(row("th", "variant", "engine", "status", "wall s", "items/s", "emitted", "ok", "failed", "dropped",
                "latency p50 ms", "latency p99 ms", "cpu s", "cpu use", "threads", "heap MB", "thresholds"));
        for (JsonNode v : result.path("variants")) {
            out.append(row("td", v.path("label").asText(), v.path("engine").asText("reactor"), v.path("status").asText(),
                    number(v.path("wallSeconds"), 3), number(v.path("itemsPerSecond"), 1),
                    number(v.at("/items/emitted"), 0), number(v.at("/items/ok"), 0), number(v.at("/items/failed"), 0),
                    number(v.at("/items/dropped"), 0), number(v.at("/latencyMs/p50"), 3),
                    number(v.at("/latencyMs/p99"), 3), number(v.path("cpuSeconds"), 3), percent(v.path("cpuUtilisation")),
                    number(v.path("peakThreads"), 0), megabytes(v.path("peakHeapBytes")), thresholdSummary(v)));
        }
        return out.append("</table>\n").toString();
    }

    /** A variant's details: its error and warnings, thresholds, stages, load model, test server and crawl. */
    static String details(JsonNode v) {
        StringBuilder out = new StringBuilder();
        out.append("<h3>").append(escape(v.path("label").asText())).append("</h3>\n");
        if (v.hasNonNull("error")) {
            out.append("<div class=\"error\">").append(escape(v.path("error").asText())).append("</div>\n");
        }
        if (v.at("/load/warning").isTextual()) {
            out.append("<div class=\"warning\">").append(escape(v.at("/load/warning").asText())).append("</div>\n");
        }
        for (JsonNode s : v.path("stages")) {
            if (s.path("warning").isTextual()) {
                out.append("<div class=\"warning\">").append(escape(s.path("warning").asText())).append("</div>\n");
            }
        }
        out.append(thresholds(v)).append(stages(v)).append(load(v)).append(server(v)).append(HtmlCrawl.tables(v));
        return out.toString();
    }

    private static String thresholds(JsonNode v) {
        JsonNode thresholds = v.path("thresholds");
        if (!thresholds.isArray() || thresholds.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<table class=\"thresholds\">\n").append(row("th", "threshold", "value", "result"));
        for (JsonNode t : thresholds) {
            boolean passed = t.path("passed").asBoolean();
            out.append(row("td", t.path("expr").asText(), number(t.path("actual"), 3), passed ? "pass" : "FAIL")
                    .replace("<td>" + (passed ? "pass" : "FAIL") + "</td>",
                            "<td class=\"" + (passed ? "pass" : "fail") + "\">" + (passed ? "pass" : "FAIL") + "</td>"));
        }
        return out.append("</table>\n").toString();
    }

    private static String stages(JsonNode v) {
        StringBuilder out = new StringBuilder("<table class=\"stages\">\n").append(row("th", "stage", "kind", "scheduler",
                "concurrency", "done", "errors", "dropped", "service p50 ms", "p99 ms", "max ms", "queue p99 ms",
                "threads", "on CPU", "sampled 1 in"));
        for (JsonNode s : v.path("stages")) {
            out.append(row("td", s.path("name").asText(), s.path("kind").asText(), s.path("scheduler").asText(),
                    number(s.path("concurrency"), 0), number(s.path("count"), 0), number(s.path("errors"), 0),
                    number(s.path("dropped"), 0), number(s.at("/serviceMs/p50"), 3), number(s.at("/serviceMs/p99"), 3),
                    number(s.at("/serviceMs/max"), 3), number(s.at("/queueMs/p99"), 3),
                    s.path("virtualThreads").asBoolean() ? "virtual" : number(s.path("threads"), 0),
                    percent(s.path("onCpuShare")), number(s.path("sampleInterval"), 0)));
        }
        out.append("</table>\n");
        for (JsonNode s : v.path("stages")) {
            s.path("firstErrors").properties().forEach(e -> out.append("<div class=\"error\">")
                    .append(escape(s.path("name").asText() + ": " + e.getKey() + " x"
                            + s.at("/errorsByKind/" + e.getKey()).asLong() + ": " + e.getValue().asText()))
                    .append("</div>\n"));
        }
        return out.toString();
    }

    private static String load(JsonNode v) {
        JsonNode load = v.path("load");
        if (!load.isObject()) {
            return "";
        }
        return "<table class=\"load\">\n" + row("th", "load model", "scheduled", "arrivals", "target /s", "achieved /s",
                "dropped at max-in-flight", "late p99 ms")
                + row("td", load.path("model").asText(), number(load.path("scheduled"), 0),
                        number(load.path("arrivals"), 0), number(load.path("targetRate"), 1),
                        number(load.path("achievedRate"), 1), number(load.path("droppedOverMaxInFlight"), 0),
                        number(load.at("/lateMs/p99"), 3))
                + "</table>\n";
    }

    private static String server(JsonNode v) {
        JsonNode server = v.path("server");
        if (!server.isObject()) {
            return "";
        }
        JsonNode c = server.path("connections");
        return "<table class=\"server\">\n" + row("th", "test server", "requests", "connections accepted", "refused",
                "most open at once")
                + row("td", "as the server saw it", number(server.path("requests"), 0), number(c.path("accepted"), 0),
                        number(c.path("refused"), 0), number(c.path("maxOpen"), 0))
                + "</table>\n";
    }

    /** The figures of two runs side by side, each change judged. */
    static String diff(RunDiff diff, String before, String after) {
        StringBuilder out = new StringBuilder("<h2>Differences</h2>\n");
        out.append("<p class=\"meta\">before: ").append(escape(before)).append(" &middot; after: ").append(escape(after))
                .append(". Changes under ").append(Math.round(RunDiff.NOISE * 100)).append("% are not judged.</p>\n");
        out.append("<table id=\"diff\">\n").append(row("th", "variant", "figure", "before", "after", "change", ""));
        for (RunDiff.Row r : diff.rows()) {
            String line = row("td", r.variant(), r.figure(), r.before() == null ? "-" : number(r.before(), 3),
                    r.after() == null ? "-" : number(r.after(), 3),
                    r.change() == null ? "" : String.format(Locale.ROOT, "%+.1f%%", r.change() * 100), r.judgement());
            out.append(r.judgement().isEmpty() ? line
                    : line.replace("<td>" + r.judgement() + "</td>", "<td class=\"" + r.judgement() + "\">"
                            + r.judgement() + "</td>"));
        }
        out.append("</table>\n");
        if (!diff.onlyBefore().isEmpty()) {
            out.append("<p>Only before: ").append(escape(String.join(", ", diff.onlyBefore()))).append("</p>\n");
        }
        if (!diff.onlyAfter().isEmpty()) {
            out.append("<p>Only after: ").append(escape(String.join(", ", diff.onlyAfter()))).append("</p>\n");
        }
        return out.toString();
    }

    private static String thresholdSummary(JsonNode v) {
        JsonNode thresholds = v.path("thresholds");
        if (!thresholds.isArray() || thresholds.isEmpty()) {
            return "-";
        }
        long passed = 0;
        for (JsonNode t : thresholds) {
            passed += t.path("passed").asBoolean() ? 1 : 0;
        }
        return passed + "/" + thresholds.size() + " passed";
    }

    private static String percent(JsonNode share) {
        return share.isNumber() ? String.format(Locale.ROOT, "%.0f%%", share.asDouble() * 100) : "-";
    }

    private static String megabytes(JsonNode bytes) {
        return bytes.isNumber() ? number(bytes.asDouble() / (1 << 20), 1) : "-";
    }

    /** A table row of escaped cells. */
    static String row(String cell, String... values) {
        StringBuilder out = new StringBuilder("<tr>");
        for (String v : values) {
            out.append('<').append(cell).append('>').append(escape(v)).append("</").append(cell).append('>');
        }
        return out.append("</tr>\n").toString();
    }
}
