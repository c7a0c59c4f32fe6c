package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a {@link ServerSpec} as the text of a {@code sluice serve --config} file (flow-style YAML, every
 * key spelt as a profile's {@code server:} block spells it), so that a run can start its test server in
 * a process of its own with exactly the settings of its profile. Reading the text back gives an equal
 * spec.
 */
public final class ServerConfigWriter {

    private ServerConfigWriter() {
    }

    public static String write(ServerSpec spec) {
        requireNonNull(spec, "spec");
        StringBuilder out = new StringBuilder();
        line(out, "host", quoted(spec.host()));
        line(out, "port", Integer.toString(spec.port()));
        line(out, "hosts", Integer.toString(spec.hosts()));
        line(out, "seed", Long.toString(spec.seed()));
        line(out, "protocols", spec.protocols().stream().map(ServerSpec.Protocol::label)
                .collect(Collectors.joining(", ", "[", "]")));
        ServerSpec.ConnectionSpec c = spec.connections();
        line(out, "keep-alive", Boolean.toString(c.keepAlive()));
        line(out, "idle-timeout", duration(c.idleTimeout()));
        line(out, "max-connections", Integer.toString(c.maxConnections()));
        line(out, "beyond-max", c.beyondMax().label());
        ServerSpec.SiteSpec site = spec.site();
        line(out, "site", "{pages: " + site.pages() + ", out-degree: " + site.outDegree() + ", page-size: "
                + site.pageSize() + "}");
        ServerSpec.RobotsSpec robots = spec.robots();
        line(out, "robots", "{disallow: " + robots.disallow().stream().map(ServerConfigWriter::quoted)
                .collect(Collectors.joining(", ", "[", "]")) + ", crawl-delay: " + duration(robots.crawlDelay()) + "}");
        if (!spec.routes().isEmpty()) {
            out.append("routes:\n");
            for (Map.Entry<String, ServerSpec.RouteSpec> e : spec.routes().entrySet()) {
                out.append("  ").append(e.getKey()).append(": ").append(route(e.getValue())).append('\n');
            }
        }
        return out.toString();
    }

    private static String route(ServerSpec.RouteSpec route) {
        ServerSpec.FaultSpec f = route.faults();
        StringBuilder out = new StringBuilder("{");
        String latency = latency(route.latency());
        if (latency != null) {
            out.append("latency: ").append(latency).append(", ");
        }
        out.append("error-rate: ").append(number(f.errorRate()))
                .append(", error-status: ").append(f.errorStatus())
                .append(", retry-after: ").append(duration(f.retryAfter()))
                .append(", reset-rate: ").append(number(f.resetRate()))
                .append(", close-mid-body-rate: ").append(number(f.closeMidBodyRate()))
                .append(", hang-rate: ").append(number(f.hangRate()))
                .append(", slow-body: ").append(f.slowBodyBytesPerSecond()).append("/s");
        if (f.stalls()) {
            out.append(", stall: {every: ").append(duration(f.stallEvery())).append(", for: ")
                    .append(duration(f.stallFor())).append('}');
        }
        return out.append('}').toString();
    }

    /** The latency as written in a route, or null for none (the key is then left out). */
    private static String latency(LatencySpec latency) {
        return switch (latency) {
            case LatencySpec.None none -> null;
            case LatencySpec.Fixed fixed -> duration(fixed.latency());
            case LatencySpec.Uniform u -> "{uniform: {min: " + duration(u.min()) + ", max: " + duration(u.max()) + "}}";
            case LatencySpec.Normal n -> "{normal: {mean: " + duration(n.mean()) + ", stddev: " + duration(n.stddev()) + "}}";
            case LatencySpec.LogNormal l -> "{lognormal: {median: " + duration(l.median()) + ", p99: "
                    + duration(l.p99()) + "}}";
            case LatencySpec.Percentiles p -> p.points().stream()
                    .map(point -> "p" + number(point.percentile()) + ": " + duration(point.latency()))
                    .collect(Collectors.joining(", ", "{percentiles: {", "}}"));
        };
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(": ").append(value).append('\n');
    }

    /** A duration in the profile's units ({@code 0}, {@code 250ms}, {@code 1500ns}): exact, never rounded. */
    private static String duration(Duration d) {
        return Units.format(d);
    }

    private static String number(double value) {
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** A YAML double-quoted string. */
    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
