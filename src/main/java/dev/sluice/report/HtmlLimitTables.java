package dev.sluice.report;

import static dev.sluice.report.HtmlTables.escape;
import static dev.sluice.report.HtmlTables.number;
import static dev.sluice.report.HtmlTables.row;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A limit search's tables in report.html ({@code kind: discover-limit}): where the limit lies, the settings and
 * a row per step. The steps' columns are the fields the steps hold: the known ones first, in their order, then
 * any other (a field added later gets a column of its own).
 */
final class HtmlLimitTables {

    /** The known fields of a step and their headings, in the order of the table. */
    private static final Map<String, String> KNOWN = knownColumns();

    private HtmlLimitTables() {
    }

    private static Map<String, String> knownColumns() {
        Map<String, String> known = new LinkedHashMap<>();
        known.put("connections", "connections");
        known.put("opened", "opened");
        known.put("refused", "refused");
        known.put("timeouts", "timeouts");
        known.put("otherFailures", "other failures");
        known.put("sent", "requests sent");
        known.put("errors", "errors");
        known.put("requestedRate", "asked /s");
        known.put("achievedRate", "answered /s");
        known.put("p99Ms", "p99 ms");
        known.put("outcome", "outcome");
        return Collections.unmodifiableMap(known);
    }

    static String header(JsonNode result) {
        JsonNode found = result.path("discoverLimit");
        String text = found.path("text").asText("no limit was reported");
        String stopped = found.path("stoppedEarly").asBoolean() ? "<strong>Stopped early</strong> (Ctrl-C). " : "";
        JsonNode s = result.path("soak");
        JsonNode search = s.path("discoverLimit");
        List<String> sources = new ArrayList<>();
        s.path("sourceAddresses").forEach(a -> sources.add(a.asText()));
        return HtmlSoakTables.header(result)
                + "<div class=\"verdict\" id=\"limit\">" + stopped + "<strong>Limit:</strong> " + escape(text) + "</div>\n"
                + "<table id=\"settings\">\n"
                + row("th", "step", "up to", "p99 bound", "each step held", "request interval", "sources",
                        "opened per second", "server")
                + row("td", number(search.path("step"), 0), number(search.path("max"), 0),
                        search.path("p99Bound").asText("-"), s.path("window").asText("-"),
                        s.path("requestInterval").asText("-"), sources.isEmpty() ? "-" : String.join(", ", sources),
                        number(s.path("openRate"), 0), s.path("serverProcess").asBoolean() ? "own process" : "in this process")
                + "</table>\n";
    }

    static String steps(JsonNode result) {
        JsonNode steps = result.at("/discoverLimit/steps");
        Set<String> fields = new LinkedHashSet<>();
        for (JsonNode step : steps) {
            step.fieldNames().forEachRemaining(fields::add);
        }
        List<String> columns = new ArrayList<>();
        KNOWN.keySet().stream().filter(fields::contains).forEach(columns::add);
        fields.stream().filter(f -> !KNOWN.containsKey(f)).forEach(columns::add);
        StringBuilder out = new StringBuilder("<h2>Steps</h2>\n<table id=\"steps\">\n");
        out.append(row("th", columns.stream().map(c -> KNOWN.getOrDefault(c, c)).toArray(String[]::new)));
        for (JsonNode step : steps) {
            out.append("<tr>");
            for (String c : columns) {
                JsonNode v = step.path(c);
                String css = c.equals("outcome") ? (v.asText().equals("ok") ? " class=\"pass\"" : " class=\"fail\"") : "";
                out.append("<td").append(css).append('>').append(escape(cell(c, v))).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static String cell(String column, JsonNode v) {
        if (v.isNumber()) {
            // A p99 of -1: the step had no response to time.
            return column.equals("p99Ms") && v.asDouble() < 0 ? "-" : number(v, 3);
        }
        return v.isMissingNode() || v.isNull() ? "-" : v.isValueNode() ? v.asText() : v.toString();
    }
}
