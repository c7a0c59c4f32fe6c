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
import java.util.List;
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
                console.out().println(SoakLines.header(profile, shards));
                console.out().flush();
            }
            SoakRunner.Outcome outcome;
            try {
                outcome = runner.run(profile, dir, row -> {
                    if (!quiet) {
                        console.out().println(SoakLines.window(row));
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
            Map<String, Object> json = SoakResultJson.soak(profile, startedAt, outcome, clean);
            List<ThresholdResult> thresholds = ThresholdCheck.check(profile.thresholds(), JSON.valueToTree(json));
            json.put("thresholds", thresholds);
            JSON.writeValue(resultFile.toFile(), json);
            if (!quiet) {
                SoakLines.summary(r, clean, thresholds).forEach(console.out()::println);
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

    /** The limit search's lines and result.json. */
    private int limit(SoakProfile profile, String startedAt, SoakRunner.Outcome outcome, Path dir, boolean quiet)
            throws IOException {
        dev.sluice.soak.DiscoverLimit.Result found = java.util.Objects.requireNonNull(outcome.limit());
        if (!quiet) {
            found.steps().forEach(step -> console.out().println(SoakLines.step(step)));
        }
        console.out().println("  " + found.text());
        Path resultFile = dir.resolve("result.json");
        JSON.writeValue(resultFile.toFile(), SoakResultJson.limit(profile, startedAt, outcome));
        console.out().println("result: " + resultFile);
        Path htmlFile = dev.sluice.report.HtmlSoak.writeNextTo(resultFile);
        if (!quiet) {
            console.out().println("report: " + htmlFile);
        }
        console.out().flush();
        return found.stoppedEarly() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
    }
}
