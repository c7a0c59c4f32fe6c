package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The documented exit codes, through picocli with injected writers (no System.exit). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliExitCodesTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int sluice(String... args) {
        return SluiceCommand.execute(Console.of(new PrintWriter(out), new PrintWriter(err)), args);
    }

    private Path profile(String yaml) throws IOException {
        return Files.writeString(dir.resolve("p.yaml"), yaml);
    }

    private static final String GOOD = """
            name: good
            source: {range: {from: 1000, count: 10}}
            stages:
              - name: square
                kind: cpu
                function: sum-of-squares
                scheduler: parallel
            """;

    @Test
    void runExitsZeroAndWritesResultJson() throws IOException {
        Path p = profile(GOOD);
        Path outDir = dir.resolve("run");
        assertThat(sluice("run", p.toString(), "--out", outDir.toString())).isEqualTo(ExitCodes.OK);
        JsonNode result = new ObjectMapper().readTree(outDir.resolve("result.json").toFile());
        assertThat(result.path("profile").asText()).isEqualTo("good");
        JsonNode variant = result.path("variants").get(0);
        assertThat(variant.path("label").asText()).isEqualTo("default");
        assertThat(variant.path("items").path("ok").asLong()).isEqualTo(10);
        assertThat(variant.path("stages").get(0).path("serviceMs").has("p999")).isTrue();
        assertThat(out.toString()).contains("square").contains("result: " + outDir.resolve("result.json"))
                .contains("report: " + outDir.resolve("report.html"));
        assertThat(Files.readString(outDir.resolve("report.html"))).startsWith("<!DOCTYPE html>").contains("square");
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString()).as("no dashboard when stdout is not a terminal").doesNotContain("\r", "\u001b");
    }

    @Test
    void reportExitsTwoWhenThereIsNoResultToRead() throws IOException {
        assertThat(sluice("report", dir.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("no result.json in " + dir);
        assertThat(sluice("report", dir.resolve("missing").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("missing does not exist");
        Path broken = Files.writeString(dir.resolve("result.json"), "{\n  \"variants\": [\n");
        assertThat(sluice("report", broken.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains(broken + ":3:1: not valid JSON");
        Path other = Files.writeString(dir.resolve("other.json"), "{\"name\": 1}");
        assertThat(sluice("report", other.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("is not a sluice result");
        assertThat(sluice("report")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sluice("report", "a", "b", "c")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void quietPrintsOnlyTheResultPath() throws IOException {
        Path p = profile(GOOD);
        assertThat(sluice("run", "-q", p.toString(), "--out", dir.resolve("q").toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("result: " + dir.resolve("q").resolve("result.json"));
    }

    @Test
    void aFailedThresholdExitsOne() throws IOException {
        Path p = profile(GOOD + "thresholds: [\"items.ok > 1000\"]\n");
        assertThat(sluice("run", p.toString(), "--out", dir.resolve("t").toString())).isEqualTo(ExitCodes.THRESHOLD_FAILED);
        assertThat(out.toString()).contains("FAIL  items.ok > 1000  (was 10)");
    }

    @Test
    void anInvalidProfileExitsTwoWithPositionedErrors() throws IOException {
        Path p = profile(GOOD.replace("scheduler: parallel", "schedular: parallel"));
        assertThat(sluice("run", p.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString().strip())
                .isEqualTo(p + ":7:5: unknown key 'schedular' in 'stages.square'; did you mean 'scheduler'?");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aBadSetValueExitsTwo() throws IOException {
        Path p = profile(GOOD);
        assertThat(sluice("run", p.toString(), "--set", "stages.square.concurrency=0")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("--set stages.square.concurrency:1:1: stages.square.concurrency must be > 0");
    }

    @Test
    void unknownOptionsExitTwo() {
        assertThat(sluice("run", "--no-such-option", "x.yaml")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sluice("frobnicate")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(sluice()).isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void aMissingFileExitsTwo() {
        assertThat(sluice("run", dir.resolve("nope.yaml").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("nope.yaml:1:1: no such file");
    }

    @Test
    void aRunThatFailsExitsThreeAndStillWritesTheResult() throws IOException {
        Path p = profile("""
                name: overflow
                source: {range: {count: 100}}
                stages:
                  - {name: slow, kind: blocking-io, duration: 30ms, buffer: {size: 5, overflow: error}}
                """);
        Path outDir = dir.resolve("f");
        assertThat(sluice("run", p.toString(), "--out", outDir.toString())).isEqualTo(ExitCodes.RUN_FAILED);
        JsonNode variant = new ObjectMapper().readTree(outDir.resolve("result.json").toFile()).path("variants").get(0);
        assertThat(variant.path("status").asText()).isEqualTo("failed");
        assertThat(variant.path("error").asText()).contains("buffer of 5");
    }

    @Test
    void validateChecksEveryFileAndExitsTwoIfAnyIsBad() throws IOException {
        Path good = profile(GOOD);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: bad\nsource: {range: {count: -1}}\nstages: []\n");
        assertThat(sluice("validate", good.toString())).isZero();
        assertThat(out.toString()).contains("ok  " + good);
        assertThat(sluice("validate", good.toString(), bad.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains(bad + ":2:").contains(bad + ":3:");
    }

    @Test
    void anOutFolderThatIsAFileIsInvalidInput() throws IOException {
        Path p = profile(GOOD);
        Path file = Files.writeString(dir.resolve("taken"), "x");
        assertThat(sluice("run", p.toString(), "--out", file.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("is a file").doesNotContain("\tat ");
    }

    @Test
    void aSinkFileThatCannotBeWrittenFailsWithOneLine() throws IOException {
        Path p = profile(GOOD + "sink: {kind: jsonl, path: /proc/no/such/items.jsonl}\n");
        assertThat(sluice("run", p.toString(), "--out", dir.resolve("s").toString())).isEqualTo(ExitCodes.RUN_FAILED);
        assertThat(err.toString()).contains("cannot write the sink file").doesNotContain("\tat ");
    }

    @Test
    void tooManyItemsIsInvalidInput() throws IOException {
        Path p = profile(GOOD.replace("count: 10}", "count: 9000000000000000000}, repeat: 3"));
        assertThat(sluice("validate", p.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("too many items").doesNotContain("\tat ");
    }

    @Test
    void moreConcurrencyThanABoundedPoolCanQueueIsInvalidInput() throws IOException {
        Path p = profile(GOOD.replace("scheduler: parallel",
                "scheduler: {kind: bounded-elastic, threads: 1, queue: 1}\n    concurrency: 10"));
        assertThat(sluice("validate", p.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("must be at most threads + queue");
    }

    @Test
    void validateAlsoChecksServerConfigs() throws IOException {
        Path server = Files.writeString(dir.resolve("server.yaml"), "hosts: 2\nsite: {pages: 500}\n");
        assertThat(sluice("validate", server.toString())).isZero();
        assertThat(out.toString()).contains("ok  " + server + "  (server config: 2 hosts, a 500-page site)");
        Path bad = Files.writeString(dir.resolve("bad-server.yaml"), "hosts: 2\nsite: {pagez: 500}\n");
        assertThat(sluice("validate", bad.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains(bad + ":2:8: unknown key 'pagez'");
    }

    @Test
    void schemaPrintsTheProfileSchema() throws IOException {
        assertThat(sluice("schema")).isZero();
        JsonNode schema = new ObjectMapper().readTree(out.toString());
        assertThat(schema.path("title").asText()).isEqualTo("sluice pipeline profile");
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(sluice("--help")).isZero();
        assertThat(out.toString()).contains("run").contains("validate").contains("schema")
                .contains("130  interrupted");
        assertThat(sluice("--version")).isZero();
        assertThat(out.toString()).contains("sluice ");
    }

    @Test
    void metricsPortServesWhileRunningAndABadPortExitsTwo() throws IOException {
        Path p = profile(GOOD);
        assertThat(sluice("run", "--metrics-port", "0", p.toString(), "--out", dir.resolve("m").toString())).isZero();
        assertThat(out.toString()).containsPattern("(?m)^metrics: http://127\\.0\\.0\\.1:[0-9]+/metrics$");
        assertThat(sluice("run", "--metrics-port", "70000", p.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("--metrics-port must be 0..65535");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(sluice("run", "--metrics-port", Integer.toString(taken.getLocalPort()), p.toString()))
                    .isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(err.toString()).contains("choose another port");
        }
    }
}
