package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shipped soak profile through `sluice run`, shortened: the server in its own process, a clean close, the verdicts. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SoakProfilesTest {

    @TempDir
    Path dir;

    private int sluice(StringWriter out, String... args) {
        return SluiceCommand.execute(Console.of(new PrintWriter(out, true), new PrintWriter(out, true)), args);
    }

    @Test
    void theShippedSoakRunsClosesToZeroOnBothSidesAndWritesItsSeries() throws Exception {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", dir.toString(),
                "--set", "soak.connections=300", "--set", "soak.duration=4s", "--set", "soak.window=500ms",
                "--set", "soak.request-interval=100ms");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("after the close: client 0 open, server 0 open  pass")
                .contains("pass  connection-leak");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.path("kind").asText()).isEqualTo("soak");
        assertThat(result.path("closedCleanly").asBoolean()).isTrue();
        assertThat(result.at("/totals/opened").asLong()).isEqualTo(300);
        assertThat(result.at("/server/connections/accepted").asLong()).as("the server's count, printed as it stopped")
                .isGreaterThanOrEqualTo(300);
        assertThat(result.at("/server/connections/open").asLong()).isZero();
        assertThat(result.path("verdicts")).hasSize(3);
        assertThat(Files.readAllLines(dir.resolve("timeseries.csv"))).hasSizeGreaterThan(8);
        assertThat(resultSchema().validate(result)).isEmpty();
    }

    private static com.networknt.schema.JsonSchema resultSchema() throws java.io.IOException {
        JsonNode node = new ObjectMapper().readTree(Path.of("config", "result.schema.json").toFile());
        return com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(node);
    }

    @Test
    void anInjectedLeakFailsTheRunWithTheLeakVerdict() throws Exception {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", dir.toString(), "-q",
                "--set", "soak.connections=200", "--set", "soak.duration=4s", "--set", "soak.window=500ms",
                "--set", "soak.request-interval=100ms", "--set", "soak.request-timeout=300ms",
                "--set", "soak.server-process=false", "--set", "server.routes.bytes.hang-rate=0.02");
        assertThat(code).as(out.toString()).isEqualTo(ExitCodes.THRESHOLD_FAILED);
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.at("/verdicts/0/name").asText()).isEqualTo("connection-leak");
        assertThat(result.at("/verdicts/0/status").asText()).isEqualTo("FAILED");
        assertThat(result.path("closedCleanly").asBoolean()).isFalse();
    }

    @Test
    void aMisspeltSoakKeyIsExitTwoWithItsPlace() throws Exception {
        Path profile = dir.resolve("bad.yaml");
        Files.writeString(profile, "name: b\nserver: {}\nsoak: {conections: 5}\n");
        StringWriter out = new StringWriter();
        assertThat(sluice(out, "run", profile.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).contains(profile + ":3:8: unknown key 'conections' in 'soak'; did you mean 'connections'?");
    }

    @Test
    void theShippedLimitSearchFindsTheServersConnectionLimitWithinOneStep() throws Exception {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/discover-limit.yaml", "--out", dir.toString(),
                "--set", "server.max-connections=500", "--set", "soak.discover-limit.step=200",
                "--set", "soak.window=500ms", "--set", "soak.server-process=false");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("the limit lies between 400 connections (ok) and 600 (refused 100)");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.path("kind").asText()).isEqualTo("discover-limit");
        assertThat(result.at("/discoverLimit/lastGood").asInt()).isEqualTo(400);
        assertThat(result.at("/discoverLimit/firstBad").asInt()).isEqualTo(600);
        assertThat(result.at("/discoverLimit/steps")).hasSize(3);
        assertThat(resultSchema().validate(result)).isEmpty();
    }
}
