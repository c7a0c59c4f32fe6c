package dev.sluice.report;

import static dev.sluice.report.HtmlTables.escape;
import static dev.sluice.report.HtmlTables.number;
import static dev.sluice.report.HtmlTables.row;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A crawl's tables in report.html, read from a variant's {@code crawl} in result.json (empty for other runs). */
final class HtmlCrawl {

    private HtmlCrawl() {
    }

    static String tables(JsonNode v) {
        JsonNode c = v.path("crawl");
        if (!c.isObject()) {
            return "";
        }
        double wall = v.path("wallSeconds").asDouble();
        StringBuilder out = new StringBuilder("<table class=\"crawl\">\n");
        out.append(row("th", "crawl", "pages", "pages/min", "admitted", "unfetched", "links", "retries", "bytes (MiB)",
                "frontier max in memory", "through disk"));
        out.append(row("td", c.path("stoppedByTime").asBoolean() ? "stopped by max-time" : "ran out of pages",
                number(c.path("pages"), 0), number(wall > 0 ? c.path("pages").asDouble() * 60 / wall : 0, 0),
                number(c.path("admitted"), 0), number(c.path("unfetched"), 0), number(c.path("links"), 0),
                number(c.path("retries"), 0), number(c.path("bytes").asDouble() / (1 << 20), 1),
                number(c.at("/frontier/peakInMemory"), 0) + " of " + number(c.at("/frontier/highWater"), 0),
                number(c.at("/frontier/spilled"), 0)));
        out.append("</table>\n");
        out.append(counts("links left out", c.path("filtered")));
        out.append(counts("pages by status", c.path("statuses")));
        out.append(depths(c.path("depths")));
        out.append(hosts(c.path("hosts")));
        out.append(checks(c.path("serverChecks")));
        return out.toString();
    }

    private static String counts(String title, JsonNode counts) {
        List<String> heads = new ArrayList<>(List.of(title));
        List<String> cells = new ArrayList<>(List.of(""));
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            heads.add(e.getKey());
            cells.add(number(e.getValue(), 0));
        }
        return "<table class=\"crawl\">\n" + row("th", heads.toArray(String[]::new))
                + row("td", cells.toArray(String[]::new)) + "</table>\n";
    }

    private static String depths(JsonNode depths) {
        List<String> heads = new ArrayList<>(List.of("pages by depth"));
        List<String> cells = new ArrayList<>(List.of(""));
        for (int i = 0; i < depths.size(); i++) {
            heads.add(Integer.toString(i));
            cells.add(number(depths.get(i), 0));
        }
        return "<table class=\"crawl\">\n" + row("th", heads.toArray(String[]::new))
                + row("td", cells.toArray(String[]::new)) + "</table>\n";
    }

    private static String hosts(JsonNode hosts) {
        StringBuilder out = new StringBuilder("<table class=\"crawl\">\n");
        out.append(row("th", "host", "requests", "most at once", "max-connections", "limit at the end", "lowest limit",
                "429/503", "slow answers", "min gap (ms)", "delay (ms)"));
        for (JsonNode h : hosts) {
            out.append(row("td", h.path("host").asText(), number(h.path("requests"), 0), number(h.path("maxConcurrent"), 0),
                    number(h.path("maxConnections"), 0), number(h.path("limit"), 0), number(h.path("lowestLimit"), 0),
                    number(h.path("throttled"), 0), number(h.path("slow"), 0),
                    h.path("minGapMs").asDouble() < 0 ? "-" : number(h.path("minGapMs"), 1), number(h.path("delayMs"), 1)));
        }
        return out.append("</table>\n").toString();
    }

    private static String checks(JsonNode checks) {
        if (!checks.isArray() || checks.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<table class=\"crawl\">\n");
        out.append(row("th", "the server's view", "expected", "server", ""));
        for (JsonNode check : checks) {
            boolean passed = check.path("passed").asBoolean();
            out.append("<tr><td>").append(escape(check.path("name").asText())).append("</td><td>")
                    .append(escape(check.path("expected").asText())).append("</td><td>")
                    .append(escape(check.path("actual").asText())).append("</td><td class=\"")
                    .append(passed ? "better" : "worse").append("\">").append(passed ? "pass" : "FAIL")
                    .append("</td></tr>\n");
        }
        return out.append("</table>\n").toString();
    }
}
