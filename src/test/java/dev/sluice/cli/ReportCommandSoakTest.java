package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice report} of a soak: its report.html rendered again from result.json; two soaks are not compared yet. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportCommandSoakTest {

    @TempDir
    Path dir;

    private int sluice(StringWriter out, String... args) {
        return SluiceCommand.execute(Console.of(new PrintWriter(out, true), new PrintWriter(out, true)), args);
    }

    @Test
    void reportRendersASoaksReportAgainAndDeclinesToCompareTwoSoaks() throws Exception {
        Path run = dir.resolve("soak");
        StringWriter out = new StringWriter();
        assertThat(sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", run.toString(), "-q",
                "--set", "soak.connections=100", "--set", "load.duration=2s", "--set", "soak.window=1s",
                "--set", "soak.server-process=false")).as(out.toString()).isZero();
        Path html = run.resolve("report.html");
        assertThat(out.toString()).as("quiet: only the result's path").isEqualTo("result: " + run.resolve("result.json")
                + System.lineSeparator());
        String written = Files.readString(html);
        assertThat(written).startsWith("<!DOCTYPE html>").contains("<title>sluice soak: soak-connections</title>");
        Files.delete(html);

        out = new StringWriter();
        assertThat(sluice(out, "report", run.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).contains("report: " + html);
        assertThat(Files.readString(html)).isEqualTo(written);

        Path elsewhere = dir.resolve("elsewhere.html");
        assertThat(sluice(new StringWriter(), "report", run.resolve("result.json").toString(), "--out",
                elsewhere.toString())).isZero();
        assertThat(Files.readString(elsewhere)).isEqualTo(written);

        out = new StringWriter();
        assertThat(sluice(out, "report", run.toString(), run.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).contains("sluice report: comparing soak or limit-search runs is not supported yet")
                .doesNotContain("Exception");
        assertThat(run.resolve("compare.html")).doesNotExist();
    }
}
