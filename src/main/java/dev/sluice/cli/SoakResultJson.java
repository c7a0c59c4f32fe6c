package dev.sluice.cli;

import dev.sluice.profile.SoakProfile;
import dev.sluice.run.SoakRunner;
import dev.sluice.soak.SoakRun;
import dev.sluice.soak.SoakVerdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a soak's or a limit search's {@code result.json} (config/result.schema.json): the settings,
 * the series, the verdicts and totals, and the figures drawn from them that thresholds name by their paths.
 */
final class SoakResultJson {

    private SoakResultJson() {
    }

    /** A soak's result.json; {@code clean}: both sides counted 0 open after the close, and nothing went wrong. */
    static Map<String, Object> soak(SoakProfile profile, String startedAt, SoakRunner.Outcome outcome,
            boolean clean) {
        SoakRun.Result r = java.util.Objects.requireNonNull(outcome.result());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("profile", profile.name());
        out.put("kind", "soak");
        out.put("description", profile.description());
        out.put("startedAt", startedAt);
        out.put("url", outcome.url());
        out.put("soak", settings(profile.soak()));
        out.put("shards", outcome.shards());
        out.put("stoppedEarly", r.stoppedEarly());
        out.put("problems", r.problems());
        out.put("totals", r.totals());
        out.put("clientOpenAfter", r.clientOpenAfter());
        out.put("serverOpenAfter", r.serverOpenAfter());
        out.put("closedCleanly", clean);
        out.put("verdicts", r.verdicts());
        // Figures drawn from the series, for thresholds: paths into this file.
        out.put("verdictsFailed", r.verdicts().stream().filter(SoakVerdict::failed).count());
        out.put("verdictsInconclusive", r.verdicts().stream().filter(v -> !v.judged()).count());
        long sent = r.totals().sent();
        out.put("errorRate", sent == 0 ? 0.0 : (double) r.totals().errorsTotal() / sent);
        // Answers per second over the soak's windows, the close left out.
        double[] seconds = r.column("seconds");
        double[] rates = r.column("requestsPerSecond");
        double span = 0;
        double answers = 0;
        for (int i = 0; i < seconds.length - 1; i++) {
            span += seconds[i];
            answers += rates[i] * seconds[i];
        }
        out.put("requestsPerSecond", span <= 0 ? 0.0 : Math.round(answers / span * 10) / 10.0);
        double p99Max = java.util.Arrays.stream(r.column("p99Ms")).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
        out.put("p99MsMax", Double.isNaN(p99Max) ? null : p99Max);
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("baselineRssBytes", r.baseline().rssBytes());
        memory.put("rssPerConnectionBytes", r.rssPerConnectionBytes());
        out.put("clientMemory", memory);
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("columns", SoakRun.COLUMNS);
        series.put("rows", r.windows().stream().map(row -> java.util.Arrays.stream(row)
                .mapToObj(d -> Double.isNaN(d) ? null : (Object) d).toList()).toList());
        out.put("timeseries", series);
        out.put("server", outcome.server());
        if (outcome.servers().size() > 1) {
            out.put("servers", outcome.servers());
        }
        return out;
    }

    /** A limit search's result.json: the settings and every step, with where the limit lies. */
    static Map<String, Object> limit(SoakProfile profile, String startedAt, SoakRunner.Outcome outcome) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("profile", profile.name());
        out.put("kind", "discover-limit");
        out.put("description", profile.description());
        out.put("startedAt", startedAt);
        out.put("url", outcome.url());
        out.put("soak", settings(profile.soak()));
        out.put("discoverLimit", java.util.Objects.requireNonNull(outcome.limit()));
        out.put("server", outcome.server());
        return out;
    }

    private static Map<String, Object> settings(dev.sluice.profile.SoakSpec s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connections", s.connections());
        out.put("requestInterval", dev.sluice.profile.Units.format(s.requestInterval()));
        out.put("url", s.url());
        out.put("window", dev.sluice.profile.Units.format(s.window()));
        out.put("duration", dev.sluice.profile.Units.format(s.duration()));
        out.put("sourceAddresses", s.sourceAddresses());
        out.put("openRate", s.openRate());
        out.put("connectTimeout", dev.sluice.profile.Units.format(s.connectTimeout()));
        out.put("requestTimeout", dev.sluice.profile.Units.format(s.requestTimeout()));
        out.put("replaceClosed", s.replaceClosed());
        out.put("serverProcess", s.serverProcess());
        out.put("shards", s.shards() == dev.sluice.profile.SoakSpec.AUTO_SHARDS ? "auto" : s.shards());
        out.put("checks", Map.of("connectionLeak", s.connectionTolerance(), "memoryLeak", s.memoryTolerance(),
                "latencyDrift", s.driftRatio()));
        if (s.discoverLimit() != null) {
            out.put("discoverLimit", Map.of("step", s.discoverLimit().step(), "max", s.discoverLimit().max(),
                    "p99Bound", dev.sluice.profile.Units.format(s.discoverLimit().p99Bound())));
        }
        SoakLoadSettings.put(s, out);
        return out;
    }
}
