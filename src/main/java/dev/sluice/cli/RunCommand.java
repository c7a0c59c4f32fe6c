package dev.sluice.cli;

import dev.sluice.profile.Plan;
import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileException;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.report.ConsoleReport;
import dev.sluice.report.HtmlReport;
import dev.sluice.report.JsonReport;
import dev.sluice.report.Dashboard;
import dev.sluice.report.RunReport;
import dev.sluice.report.VariantResult;
import dev.sluice.run.RunListener;
import dev.sluice.metrics.PipelineMetrics;
import dev.sluice.metrics.PrometheusEndpoint;
import dev.sluice.run.PlanRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice run PROFILE}: runs a profile, prints a summary and writes {@code result.json}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a pipeline profile and writes DIR/result.json and DIR/report.html (charts; opens offline).",
            "On a terminal a live dashboard shows progress, rate, p99, errors and connections; Ctrl-C stops the run",
            "and still writes the result."},
        footer = {"", ExitCodes.HELP})
final class RunCommand implements Callable<Integer> {

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** How long Ctrl-C waits for the partial result to be written before the JVM exits anyway. */
    private static final long SHUTDOWN_WAIT_SECONDS = 10;

    private final Console console;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile to run (YAML).")
    private Path profileFile;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a setting, e.g. --set stages.work.concurrency=32 or "
                    + "--set stages.work.scheduler=parallel. Repeatable; checked like the file.")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write result.json (default: runs/<profile>-<yyyyMMdd-HHmmss>/).")
    private @Nullable Path out;

    @Option(names = {"-q", "--quiet"}, description = "Print only the path of the result, no progress or table.")
    private boolean quiet;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics during the run at http://127.0.0.1:PORT/metrics (0: any free port).")
    private @Nullable Integer metricsPort;

    RunCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        if (new ProfileLoader().isSoak(profileFile)) {
            return new SoakCommandRun(console).run(profileFile, sets, out, quiet);
        }
        Plan plan;
        try {
            plan = new ProfileLoader().loadPlan(profileFile, sets);
        } catch (ProfileException e) {
            e.errors().forEach(error -> console.err().println(error));
            return ExitCodes.INVALID_INPUT;
        }
        Profile profile = plan.base();
        Path dir = out != null ? out
                : Path.of("runs", profile.name() + "-" + LocalDateTime.now().format(FOLDER_TIME));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            console.err().println("sluice run: --out " + dir + " is a file; give a folder (it is created if missing)");
            return ExitCodes.INVALID_INPUT;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            console.err().println("sluice run: cannot create the output folder " + dir + ": " + e);
            return ExitCodes.INVALID_INPUT;
        }

        if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
            console.err().println("sluice run: --metrics-port must be 0..65535 (0: any free port), but was " + metricsPort);
            return ExitCodes.INVALID_INPUT;
        }
        PrometheusEndpoint endpoint;
        try {
            endpoint = metricsPort == null ? null : PrometheusEndpoint.start(metricsPort);
        } catch (java.io.UncheckedIOException e) {
            console.err().println("sluice run: " + e.getMessage() + "; choose another port, or 0 for any free one");
            return ExitCodes.INVALID_INPUT;
        }
        try {
            if (endpoint != null) {
                console.out().println("metrics: " + endpoint.url());
                console.out().flush();
            }
            return run(plan, profile, dir, endpoint);
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    private int run(Plan plan, Profile profile, Path dir, @Nullable PrometheusEndpoint endpoint) throws IOException {
        PlanRunner runner = new PlanRunner();
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = console.handlesSignals() ? onInterrupt(runner, written) : null;
        try {
            String startedAt = OffsetDateTime.now().toString();
            Dashboard progress = quiet || !console.interactive() ? null : new Dashboard(console.out());
            PlanRunner.Outcome outcome;
            try {
                outcome = runner.run(plan, dir, listener(progress, endpoint), step -> announce(plan, step, progress));
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                if (runner.isCancelled()) {
                    // Ctrl-C while it was starting (a process stage's workers, say): nothing ran yet.
                    console.err().println("sluice run: interrupted before the run started");
                    return ExitCodes.INTERRUPTED;
                }
                // The run could not start: a sink file that cannot be written, a server port in use, a
                // worker command that fails.
                console.err().println("sluice run: " + e.getMessage());
                return ExitCodes.RUN_FAILED;
            }
            if (progress != null) {
                progress.clear();
            }
            RunReport report = new RunReport(profile.name(), profile.description(), startedAt,
                    SluiceCommand.Version.number(), Runtime.version().toString(), outcome.variants(),
                    outcome.comparison());
            Path resultFile = dir.resolve("result.json");
            JsonReport.write(report, resultFile);
            Path htmlFile = dir.resolve("report.html");
            HtmlReport.write(JsonReport.tree(report), htmlFile);
            if (!quiet) {
                ConsoleReport.print(report, console.out());
            }
            console.out().println("result: " + resultFile);
            if (!quiet) {
                console.out().println("report: " + htmlFile);
            }
            console.out().flush();
            return exitCode(outcome);
        } finally {
            written.countDown();
            if (hook != null && !runner.isCancelled()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C came just as the run ended: the hook is already running and waits for us.
                }
            }
        }
    }

    /** A line before each run of a plan that has several, so a long comparison shows where it is. */
    private void announce(Plan plan, PlanRunner.Step step, @Nullable Dashboard progress) {
        if (quiet || !plan.compares()) {
            return;
        }
        if (progress != null) {
            progress.clear();
        }
        console.out().printf(java.util.Locale.ROOT, "== %s: %s %d of %d%n", step.label(),
                step.warmup() ? "warm-up run" : "run", step.run(), step.runs());
        console.out().flush();
    }

    private static RunListener listener(@Nullable Dashboard dashboard, @Nullable PrometheusEndpoint endpoint) {
        return new RunListener() {
            @Override
            public void progress(RunListener.Progress progress) {
                if (dashboard == null) {
                    return;
                }
                PipelineMetrics.Counts counts = progress.counts();
                long total = progress.totalItems();
                long done = counts.ok() + counts.failed() + counts.dropped();
                if (total > 0 && done >= total) {
                    dashboard.clear();
                } else {
                    dashboard.update(done, total, counts.failed(), counts.dropped(), counts.inFlight(),
                            progress.elapsedNanos() / 1e9, progress.lastSecond());
                }
            }

            @Override
            public void started(String label, PipelineMetrics metrics) {
                if (endpoint != null) {
                    endpoint.bind(label, metrics);
                }
            }
        };
    }

    /** Ctrl-C: stop the run, let the main thread write the partial result, then let the JVM exit (130). */
    private Thread onInterrupt(PlanRunner runner, CountDownLatch written) {
        Thread hook = new Thread(() -> {
            runner.cancel();
            try {
                written.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sluice-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Interrupted (130) over failed (3) over a failed threshold in any variant (1). */
    private static int exitCode(PlanRunner.Outcome outcome) {
        if (outcome.interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        int code = ExitCodes.OK;
        for (VariantResult result : outcome.variants()) {
            int c = switch (result.status()) {
                case VariantResult.INTERRUPTED -> ExitCodes.INTERRUPTED;
                case VariantResult.FAILED -> ExitCodes.RUN_FAILED;
                default -> result.thresholdsPassed() ? ExitCodes.OK : ExitCodes.THRESHOLD_FAILED;
            };
            if (c == ExitCodes.RUN_FAILED || (c == ExitCodes.THRESHOLD_FAILED && code == ExitCodes.OK)) {
                code = c;
            }
        }
        return code;
    }
}
