package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.report.ConsoleDiff;
import dev.sluice.report.HtmlReport;
import dev.sluice.report.HtmlSoak;
import dev.sluice.report.JsonReport;
import dev.sluice.report.RunDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice report RUN [RUN]}: re-renders a run's (or a soak's) report.html, or compares two runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Renders report.html from a run's result.json again (one RUN; a soak's or limit search's too),",
            "or compares two runs, before and after a change (RUN RUN): prints the differences and writes an HTML",
            "report of both (default: AFTER/compare.html).",
            "RUN is a run's folder (as sluice run --out) or its result.json."},
        footer = {"", ExitCodes.HELP})
final class ReportCommand implements Callable<Integer> {

    private final Console console;

    @Parameters(arity = "1..2", paramLabel = "RUN", description = "A run's folder or result.json; two to compare (before, after).")
    private List<Path> runs = new ArrayList<>();

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where to write the HTML (default: RUN/report.html for one run, AFTER/compare.html for two).")
    private @Nullable Path out;

    ReportCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (Path run : runs) {
            JsonNode result = read(run);
            if (result == null) {
                return ExitCodes.INVALID_INPUT;
            }
            results.add(result);
        }
        if (results.size() == 1) {
            Path file = out != null ? out : folder(runs.getFirst()).resolve("report.html");
            if (HtmlSoak.renders(results.getFirst())) {
                HtmlSoak.write(results.getFirst(), file);
            } else {
                HtmlReport.write(results.getFirst(), file);
            }
            console.out().println("report: " + file);
        } else if (results.stream().anyMatch(HtmlSoak::renders)) {
            console.err().println("sluice report: comparing soak or limit-search runs is not supported yet; "
                    + "give one RUN to render its report.html again");
            return ExitCodes.INVALID_INPUT;
        } else {
            String before = name(runs.get(0));
            String after = name(runs.get(1));
            ConsoleDiff.print(RunDiff.of(results.get(0), results.get(1)), before, after, console.out());
            Path file = out != null ? out : folder(runs.get(1)).resolve("compare.html");
            HtmlReport.writeDiff(results.get(0), before, results.get(1), after, file);
            console.out().println("report: " + file);
        }
        console.out().flush();
        return ExitCodes.OK;
    }

    /** The result.json of a run, or null (after saying why) when there is none to read. */
    private @Nullable JsonNode read(Path run) throws IOException {
        Path file = Files.isDirectory(run) ? run.resolve("result.json") : run;
        if (!Files.isRegularFile(file)) {
            console.err().println("sluice report: " + (Files.isDirectory(run) ? "no result.json in " + run
                    : run + " does not exist") + "; give a run's folder (as written by sluice run --out) or its result.json");
            return null;
        }
        try {
            JsonNode result = JsonReport.read(file);
            if (!result.path("variants").isArray() && !HtmlSoak.renders(result)) {
                console.err().println("sluice report: " + file + " is not a sluice result (it has no \"variants\" "
                        + "and is not of kind soak or discover-limit)");
                return null;
            }
            return result;
        } catch (JsonProcessingException e) {
            // Jackson's message names its source after " (start marker at [Source: ...": the file is named already.
            String what = e.getOriginalMessage().replaceAll("\\s*\\(start marker at .*$", "");
            console.err().println("sluice report: " + file + (e.getLocation() == null ? "" : ":"
                    + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()) + ": not valid JSON: " + what);
            return null;
        }
    }

    private static Path folder(Path run) {
        Path dir = Files.isDirectory(run) ? run : run.toAbsolutePath().getParent();
        return dir == null ? Path.of(".") : dir;
    }

    /** A run's name in the comparison: its folder's name. */
    private static String name(Path run) {
        Path dir = folder(run).toAbsolutePath().normalize();
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }
}
