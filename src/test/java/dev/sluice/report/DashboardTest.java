package dev.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view: one line until a second has passed, then two, redrawn in place and wiped at the end. */
class DashboardTest {

    private static final String UP = "\u001b[1A";
    private final StringWriter text = new StringWriter();
    private final Dashboard dashboard = new Dashboard(new PrintWriter(text, true));

    @Test
    void showsProgressAloneInTheFirstSecond() {
        dashboard.update(450, 1000, 0, 0, 7, 0.9, Map.of());
        assertThat(text.toString()).startsWith("\r  [###########-------------]  45%  450 / 1,000 items   elapsed 0.9 s")
                .contains("remaining ~1.1 s").doesNotContain("\n").doesNotContain(UP);
    }

    @Test
    void addsTheLastSecondsFiguresAndRedrawsInPlace() {
        Map<String, Double> second = new HashMap<>();
        second.put("dt", 1.0);
        second.put("items.ok", 190.0);
        second.put("items.failed", 10.0);
        second.put("items.dropped", 0.0);
        second.put("stage.fetch.service.p99", 12.5);
        second.put("stage.parse.service.p99", 80.0);
        second.put("stage.fetch.connections.open", 40.0);
        second.put("stage.other.connections.open", 10.0);
        second.put("server.connections.open", 50.0);
        dashboard.update(1000, 5000, 10, 3, 60, 5.0, second);
        String first = text.toString();
        assertThat(first).contains("remaining ~20.0 s", "\n  rate 200/s", "p99 80.00 ms (parse)", "errors 10",
                "dropped 3", "in flight 60", "connections 50").doesNotContain(UP);
        second.put("latency.p99", 250.0);
        dashboard.update(1200, 5000, 10, 3, 60, 6.0, second);
        String redrawn = text.toString().substring(first.length());
        assertThat(redrawn).as("back up over the two lines").startsWith(UP + "\r").contains("p99 250", "(latency)");
        dashboard.clear();
        assertThat(text.toString()).endsWith("\r\u001b[K" + UP + "\r\u001b[K");
    }

    @Test
    void anOpenEndedRunShowsItemsAndTimeOnly() {
        dashboard.update(12345, 0, 0, 0, 0, 3725, Map.of());
        assertThat(text.toString()).contains("12,345 items   elapsed 1h02m05s").doesNotContain("remaining").doesNotContain("[#");
    }
}
