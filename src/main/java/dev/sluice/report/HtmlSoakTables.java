package dev.sluice.report;

import static dev.sluice.report.HtmlTables.escape;
import static dev.sluice.report.HtmlTables.number;
import static dev.sluice.report.HtmlTables.row;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A soak's tables in report.html, read from its result.json tree: the header and settings, the verdicts with
 * the clean-close check, the totals and the server's last stats. A figure missing from an older or partial
 * result shows as "-".
 */
final class HtmlSoakTables {

    private HtmlSoakTables() {
    }

    static String header(JsonNode result) {
        StringBuilder out = new StringBuilder();
        out.append("<h1>").append(escape(result.path("profile").asText("soak"))).append("</h1>\n");
        String description = result.path("description").asText("");
        if (!description.isBlank()) {
            out.append("<p>").append(escape(description)).append("</p>\n");
        }
        out.append("<p class=\"meta\">").append(escape(result.path("kind").asText())).append(" of ")
                .append(escape(result.path("url").asText("?"))).append(" &middot; started ")
                .append(escape(result.path("startedAt").asText("?"))).append("</p>\n");
        return out.toString();
    }

    /** The checks, first and prominent: a line that sums them up, then each with its result and its numbers. */
    static String verdicts(JsonNode result) {
        List<String> failed = new ArrayList<>();
        List<String> inconclusive = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        String close = closeStatus(result);
        rows.append(check("clean close", close, closeText(result)));
        collect("clean close", close, failed, inconclusive);
        for (JsonNode v : result.path("verdicts")) {
            String status = v.path("status").asText("").toLowerCase(Locale.ROOT);
            String name = v.path("name").asText("?");
            rows.append(check(name, status, v.path("text").asText("")));
            collect(name, status, failed, inconclusive);
        }
        for (JsonNode p : result.path("problems")) {
            rows.append(check("problem", "failed", p.asText("")));
            collect("problem", "failed", failed, inconclusive);
        }
        for (JsonNode t : result.path("thresholds")) {
            String status = t.path("passed").asBoolean() ? "passed" : "failed";
            String name = "threshold " + t.path("expr").asText("?");
            JsonNode actual = t.path("actual");
            rows.append(check(name, status, "measured " + (actual.isNumber() ? number(actual, 3) : "nothing: no such figure")));
            collect(name, status, failed, inconclusive);
        }
        String summary;
        if (!failed.isEmpty()) {
            summary = "<strong>Failed:</strong> " + escape(String.join(", ", failed));
        } else if (!inconclusive.isEmpty()) {
            summary = "<strong>Nothing failed</strong>; inconclusive: " + escape(String.join(", ", inconclusive));
        } else {
            summary = "<strong>Passed:</strong> every check passed and every connection closed on both sides";
        }
        if (result.path("stoppedEarly").asBoolean()) {
            summary = "<strong>Stopped early</strong> (Ctrl-C), then closed. " + summary;
        }
        return "<div class=\"verdict " + (failed.isEmpty() ? "passed" : "failed") + "\" id=\"soak-verdict\">" + summary
                + "</div>\n<table id=\"verdicts\">\n" + row("th", "check", "result", "") + rows + "</table>\n";
    }

    private static void collect(String name, String status, List<String> failed, List<String> inconclusive) {
        if (status.equals("failed")) {
            failed.add(name);
        } else if (!status.equals("passed")) {
            inconclusive.add(name);
        }
    }

    private static String check(String name, String status, String text) {
        String css = switch (status) {
            case "passed" -> "pass";
            case "failed" -> "fail";
            default -> "inconclusive";
        };
        String shown = status.equals("failed") ? "FAILED" : status.isEmpty() ? "-" : status;
        return "<tr><td>" + escape(name) + "</td><td class=\"" + css + "\">" + escape(shown) + "</td><td class=\"wrap\">"
                + escape(text) + "</td></tr>\n";
    }

    private static String closeStatus(JsonNode result) {
        JsonNode clean = result.path("closedCleanly");
        return clean.isBoolean() ? (clean.asBoolean() ? "passed" : "failed") : "inconclusive";
    }

    private static String closeText(JsonNode result) {
        return "after the close: client " + open(result.path("clientOpenAfter")) + " open, server "
                + open(result.path("serverOpenAfter")) + " open";
    }

    /** Open connections after the close; a negative count means the side could not be asked. */
    private static String open(JsonNode count) {
        return count.isNumber() && count.asLong() >= 0 ? number(count, 0) : "unknown";
    }

    /** The settings as a list, a row each: connections, timing, sources, and how the soak ended. */
    static String settings(JsonNode result) {
        JsonNode s = result.path("soak");
        List<String> sources = new ArrayList<>();
        s.path("sourceAddresses").forEach(a -> sources.add(a.asText()));
        return "<h2>Settings</h2>\n<table id=\"settings\">\n"
                + row("td", "connections", number(s.path("connections"), 0))
                + row("td", "a request per connection every", s.path("requestInterval").asText("-"))
                + row("td", "window", s.path("window").asText("-"))
                + row("td", "duration", s.path("duration").asText("-"))
                + row("td", "source addresses", sources.isEmpty() ? "-" : String.join(", ", sources))
                + row("td", "opened per second", number(s.path("openRate"), 0))
                + row("td", "test server", s.path("serverProcess").asBoolean() ? "in its own process" : "in this process")
                + row("td", "client processes", result.path("shards").isNumber() ? number(result.path("shards"), 0) : "-")
                + row("td", "client RSS per connection", result.at("/clientMemory/rssPerConnectionBytes").asDouble(-1) < 0
                        ? "-" : number(result.at("/clientMemory/rssPerConnectionBytes"), 0) + " bytes")
                + row("td", "stopped early", yesNo(result.path("stoppedEarly")))
                + row("td", "closed cleanly", yesNo(result.path("closedCleanly")))
                + row("td", "open after the close", "client " + open(result.path("clientOpenAfter")) + ", server "
                        + open(result.path("serverOpenAfter")))
                + "</table>\n";
    }

    private static String yesNo(JsonNode flag) {
        return flag.isBoolean() ? (flag.asBoolean() ? "yes" : "no") : "-";
    }

    /** Says that the last point of each chart is the close, a short window of its own. */
    static String closeNote(JsonNode result) {
        JsonNode series = result.path("timeseries");
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        JsonNode rows = series.path("rows");
        if (rows.isEmpty()) {
            return "<p class=\"meta\" id=\"close-note\">No window was recorded.</p>\n";
        }
        JsonNode last = rows.get(rows.size() - 1);
        String at = cell(last, columns.indexOf("t"));
        String took = cell(last, columns.indexOf("seconds"));
        return "<p class=\"meta\" id=\"close-note\">A point per window of " + escape(result.at("/soak/window").asText("?"))
                + " (" + number(rows.size() - 1, 0) + " windows); the last point" + (at.equals("-") ? "" : ", at " + at + " s,")
                + " is the close: the " + (took.equals("-") ? "" : took + " s ")
                + "it took to close every connection, counted like a window.</p>\n";
    }

    private static String cell(JsonNode row, int index) {
        return index < 0 ? "-" : number(row.path(index), 3);
    }

    static String totals(JsonNode result) {
        JsonNode t = result.path("totals");
        if (!t.isObject()) {
            return "";
        }
        return "<h2>Totals</h2>\n<table id=\"totals\">\n"
                + row("th", "connections opened", "failed to open", "closed", "requests sent", "responses", "errors", "late")
                + row("td", number(t.path("opened"), 0), sum(t.path("failed")), sum(t.path("closed")),
                        number(t.path("sent"), 0), sum(t.path("responses")), sum(t.path("errors")), number(t.path("late"), 0))
                + "</table>\n"
                + byClass("failed to open, by cause", t.path("failed")) + byClass("closed, by whom", t.path("closed"))
                + byClass("responses, by status", t.path("responses")) + byClass("errors, by kind", t.path("errors"));
    }

    private static String sum(JsonNode counts) {
        if (!counts.isObject()) {
            return number(counts, 0);
        }
        double total = 0;
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            total += e.getValue().asDouble();
        }
        return number(total, 0);
    }

    /** One table of counts by class, the classes as they come ({@code NO_PORT} shown as "no port"). */
    private static String byClass(String title, JsonNode counts) {
        if (!counts.isObject() || counts.isEmpty()) {
            return "";
        }
        List<String> heads = new ArrayList<>(List.of(title));
        List<String> cells = new ArrayList<>(List.of(""));
        for (Map.Entry<String, JsonNode> e : counts.properties()) {
            heads.add(e.getKey().toLowerCase(Locale.ROOT).replace('_', ' '));
            cells.add(number(e.getValue(), 0));
        }
        return "<table class=\"totals\">\n" + row("th", heads.toArray(String[]::new))
                + row("td", cells.toArray(String[]::new)) + "</table>\n";
    }

    /** The server's last stats, as it stopped (none when the result has no server). */
    static String server(JsonNode result) {
        JsonNode server = result.path("server");
        if (!server.isObject()) {
            return "";
        }
        JsonNode c = server.path("connections");
        List<String> statuses = new ArrayList<>();
        server.path("byStatus").properties().forEach(e -> statuses.add(e.getKey() + ": " + number(e.getValue(), 0)));
        return "<h2>The test server</h2>\n<table id=\"server\">\n"
                + row("th", "as it stopped", "requests", "by status", "connections accepted", "refused", "most open at once",
                        "open", "up for s")
                + row("td", "the server's own count", number(server.path("requests"), 0),
                        statuses.isEmpty() ? "-" : String.join(", ", statuses), number(c.path("accepted"), 0),
                        number(c.path("refused"), 0), number(c.path("maxOpen"), 0), number(c.path("open"), 0),
                        number(server.path("uptimeSeconds"), 1))
                + "</table>\n";
    }
}
