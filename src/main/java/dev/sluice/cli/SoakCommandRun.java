package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.profile.ProfileException;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.profile.SoakProfile;
import dev.sluice.report.ThresholdCheck;
import dev.sluice.report.ThresholdResult;
import dev.sluice.run.SoakRunner;
import dev.sluice.soak.SoakRun;
import dev.sluice.soak.SoakVerdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code sluice run} of a soak profile (one with {@code soak:}): a line per window while it runs, then the
 * totals, the connections left open on each side after the close and the verdicts; {@code result.json}
 * and {@code timeseries.csv} in the run's folder. Ctrl-C ends the soak early, cleanly, and still writes both.
 */
final class SoakCommandRun {

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Console console;

    SoakCommandRun(Console console) {
        this.console = console;
    }

    int run(Path file, List<String> sets, @Nullable Path out, boolean quiet) throws IOException {
        SoakProfile profile;
        try {
            profile = new ProfileLoader().loadSoak(file, sets);
        } catch (ProfileException e) {
            e.errors().forEach(error -> console.err().println(error));
            return ExitCodes.INVALID_INPUT;
        }
        int shards;
        try {
            shards = SoakRunner.shards(profile);
        } catch (IllegalArgumentException e) {
            console.err().println(file + ": " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        Path dir = out != null ? out : Path.of("runs", profile.name() + "-" + LocalDateTime.now().format(FOLDER_TIME));
        Files.createDirectories(dir);
        SoakRunner runner = new SoakRunner();
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = null;
        if (console.handlesSignals()) {
            hook = new Thread(() -> {
                runner.stop();
                try {
                    written.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sluice-soak-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            String startedAt = OffsetDateTime.now().toString();
            if (!quiet) {
                var s = profile.soak();
                if (s.discoverRate() != null) {
                    console.out().printf(Locale.ROOT, "%s  limit search by rate: %,d connections, %,d/s more each step, "
                                    + "up to %,d/s, each held %s%n", profile.name(), s.connections(), s.discoverRate().step(),
                            s.discoverRate().max(), dev.sluice.profile.Units.format(s.window()));
                } else if (s.discoverLimit() != null) {
                    console.out().printf(Locale.ROOT, "%s  limit search: %,d connections more each step, up to %,d, "
                                    + "each held %s%n", profile.name(), s.discoverLimit().step(), s.discoverLimit().max(),
                            dev.sluice.profile.Units.format(s.window()));
                } else {
                    console.out().printf(Locale.ROOT, "%s  soak: %,d connections for %s, a window every %s%s; %s%n",
                            profile.name(), s.connections(), dev.sluice.profile.Units.format(s.duration()),
                            dev.sluice.profile.Units.format(s.window()),
                            shards == 1 ? "" : String.format(Locale.ROOT, ", held by %d client processes", shards),
                            SoakLoadSettings.describe(s));
                }
                console.out().flush();
            }
            SoakRunner.Outcome outcome;
            try {
                outcome = runner.run(profile, dir, row -> {
                    if (!quiet) {
                        console.out().println(window(row));
                        console.out().flush();
                    }
                });
            } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
                console.err().println("sluice run: " + e.getMessage());
                return ExitCodes.RUN_FAILED;
            }
            if (outcome.limit() != null) {
                return limit(profile, startedAt, outcome, dir, quiet);
            }
            SoakRun.Result r = java.util.Objects.requireNonNull(outcome.result());
            // A problem (a dead shard, a server that did not answer after the close) leaves the close unproven.
            boolean clean = r.clientOpenAfter() == 0 && r.serverOpenAfter() <= 0 && r.problems().isEmpty();
            Path resultFile = dir.resolve("result.json");
            Map<String, Object> json = json(profile, startedAt, outcome, clean);
            List<ThresholdResult> thresholds = ThresholdCheck.check(profile.thresholds(), JSON.valueToTree(json));
            json.put("thresholds", thresholds);
            JSON.writeValue(resultFile.toFile(), json);
            if (!quiet) {
                summary(r, clean);
                for (ThresholdResult t : thresholds) {
                    console.out().printf(Locale.ROOT, "  %s  threshold %s (measured %s)%n", t.passed() ? "pass" : "FAIL",
                            t.expr(), t.actual() == null ? "nothing: the run has no such figure" : fmt(t.actual()));
                }
            }
            Path htmlFile = dev.sluice.report.HtmlSoak.writeNextTo(resultFile);
            console.out().println("result: " + resultFile);
            if (!quiet) {
                console.out().println("report: " + htmlFile);
            }
            console.out().flush();
            if (!r.problems().isEmpty()) {
                return ExitCodes.RUN_FAILED;
            }
            if (r.stoppedEarly()) {
                return ExitCodes.INTERRUPTED;
            }
            return clean && r.verdicts().stream().noneMatch(SoakVerdict::failed) && thresholds.stream().allMatch(ThresholdResult::passed)
                    ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
        } finally {
            written.countDown();
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C: the hook is running and waits for the result written above.
                }
            }
        }
    }

    private static String window(double[] row) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (int i = 0; i < SoakRun.COLUMNS.size(); i++) {
            v.put(SoakRun.COLUMNS.get(i), row[i]);
        }
        return String.format(Locale.ROOT, "  %7.1f s  open %,.0f (server %s)  %,.0f req/s  p99 %s  errors %,.0f  "
                        + "heap after GC %s  RSS %s  fds %,.0f  threads %,.0f",
                v.get("t"), v.get("clientOpen"), Double.isNaN(v.get("serverOpen")) ? "-" : String.format(Locale.ROOT,
                        "%,.0f", v.get("serverOpen")), v.get("requestsPerSecond"),
                Double.isNaN(v.get("p99Ms")) ? "-" : String.format(Locale.ROOT, "%.2f ms", v.get("p99Ms")),
                v.get("errors"), mib(v.get("heapAfterGcBytes")), mib(v.get("rssBytes")), v.get("fds"), v.get("threads"));
    }

    private void summary(SoakRun.Result r, boolean clean) {
        var t = r.totals();
        console.out().printf(Locale.ROOT, "%n  connections opened %,d, failed to open %,d, closed by the server or on error %,d; "
                        + "requests %,d, errors %,d, late %,d%n", t.opened(), t.failedTotal(),
                t.closed(dev.sluice.soak.FleetClose.BY_PEER) + t.closed(dev.sluice.soak.FleetClose.ON_ERROR), t.sent(),
                t.errorsTotal(), t.late());
        console.out().printf(Locale.ROOT, "  after the close: client %d open, server %s open  %s%n", r.clientOpenAfter(),
                r.serverOpenAfter() < 0 ? "-" : Long.toString(r.serverOpenAfter()), clean ? "pass" : "FAIL");
        if (r.rssPerConnectionBytes() >= 0) {
            console.out().printf(Locale.ROOT, "  client memory: RSS %s before the connections, %,.0f bytes more per open "
                    + "connection%n", mib(r.baseline().rssBytes()), r.rssPerConnectionBytes());
        }
        for (String problem : r.problems()) {
            console.out().println("  FAIL  " + problem);
        }
        for (SoakVerdict v : r.verdicts()) {
            console.out().printf(Locale.ROOT, "  %s  %s: %s%n", v.passed() ? "pass" : v.failed() ? "FAIL" : "n/a ",
                    v.name(), v.text());
        }
        console.out().println();
    }

    private static Map<String, Object> json(SoakProfile profile, String startedAt, SoakRunner.Outcome outcome,
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

    /** The limit search's lines and result.json. */
    private int limit(SoakProfile profile, String startedAt, SoakRunner.Outcome outcome, Path dir, boolean quiet)
            throws IOException {
        dev.sluice.soak.DiscoverLimit.Result found = java.util.Objects.requireNonNull(outcome.limit());
        for (dev.sluice.soak.DiscoverLimit.Step s : quiet ? List.<dev.sluice.soak.DiscoverLimit.Step>of() : found.steps()) {
            console.out().printf(Locale.ROOT, "  %,8d connections  %,9.0f/s asked %,9.1f/s answered  opened %,d  refused %,d  "
                            + "timeouts %,d  errors %,d  p99 %s  %s%n",
                    s.connections(), s.requestedRate(), s.achievedRate(), s.opened(), s.refused(), s.timeouts(), s.errors(),
                    s.p99Ms() < 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", s.p99Ms()), s.outcome());
        }
        console.out().println("  " + found.text());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("profile", profile.name());
        out.put("kind", "discover-limit");
        out.put("description", profile.description());
        out.put("startedAt", startedAt);
        out.put("url", outcome.url());
        out.put("soak", settings(profile.soak()));
        out.put("discoverLimit", found);
        out.put("server", outcome.server());
        Path resultFile = dir.resolve("result.json");
        JSON.writeValue(resultFile.toFile(), out);
        console.out().println("result: " + resultFile);
        Path htmlFile = dev.sluice.report.HtmlSoak.writeNextTo(resultFile);
        if (!quiet) {
            console.out().println("report: " + htmlFile);
        }
        console.out().flush();
        return found.stoppedEarly() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
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

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%,.4g", v);
    }

    private static String mib(double bytes) {
        return bytes < 0 || Double.isNaN(bytes) ? "-" : String.format(Locale.ROOT, "%,.0f MiB", bytes / (1 << 20));
    }
}
