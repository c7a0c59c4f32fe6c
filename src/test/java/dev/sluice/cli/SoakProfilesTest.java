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
                "--set", "soak.connections=300", "--set", "load.duration=4s", "--set", "soak.window=500ms",
                "--set", "load.rate=3000/s");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("arrival-rate 3,000/s (one GET per connection every 100ms)");
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
        // A header and a line per window; a window that ran late (a stalled machine) is not followed by short ones.
        assertThat(Files.readAllLines(dir.resolve("timeseries.csv"))).hasSize(1 + result.at("/timeseries/rows").size())
                .hasSizeGreaterThan(5);
        assertThat(result.at("/soak/load/model").asText()).isEqualTo("arrival-rate");
        assertThat(result.at("/soak/load/ratePerSecond").asDouble()).isEqualTo(3000.0);
        assertThat(result.at("/soak/load/duration").asText()).isEqualTo("4s");
        assertThat(result.at("/soak/load/from").asText()).isEqualTo("load");
        // ~3,000/s for 4 s: the rate held, every request answered.
        assertThat(result.at("/totals/sent").asLong()).isBetween(9_000L, 14_000L);
        assertThat(result.at("/totals/responses/2xx").asLong()).isEqualTo(result.at("/totals/sent").asLong());
        assertThat(resultSchema().validate(result)).isEmpty();
    }

    @Test
    void theShippedSoakRunsAClosedLoopWithItsUsersOnly() throws Exception {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", dir.toString(), "-q",
                "--set", "soak.connections=100", "--set", "load={model: concurrency, users: 5, think-time: 50ms, duration: 3s}",
                "--set", "soak.window=500ms",
                "--set", "soak.server-process=false", "--set", "server.routes.bytes.latency=5ms");
        assertThat(code).as(out.toString()).isZero();
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.at("/soak/load/model").asText()).isEqualTo("concurrency");
        assertThat(result.at("/soak/load/users").asInt()).isEqualTo(5);
        // 5 users, each at most one request per 55 ms (5 ms answer + 50 ms think): at most ~91/s, ~300 in 3 s.
        long sent = result.at("/totals/sent").asLong();
        assertThat(sent).isBetween(100L, 320L);
        assertThat(result.at("/totals/responses/2xx").asLong()).isEqualTo(sent);
        assertThat(result.at("/totals/opened").asLong()).isEqualTo(100);
        assertThat(result.at("/totals/late").asLong()).isZero();
        assertThat(resultSchema().validate(result)).isEmpty();
    }

    @Test
    void theOldShorthandsBesideTheLoadBlockAreExitTwoSayingWhichToKeep() {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", dir.toString(),
                "--set", "soak.duration=4s");
        assertThat(code).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).contains("soak.duration: the soak's duration is given twice; keep load.duration and "
                + "remove soak.duration");
        StringWriter validate = new StringWriter();
        assertThat(sluice(validate, "validate", "load-profiles/soak-connections.yaml", "--set", "load.model=drain"))
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(validate.toString()).contains("--set load.model:1:1: load.model: a soak cannot drain");
    }

    @Test
    void theShippedRateSearchFindsWhatItsConnectionsCarryWithinOneStep() throws Exception {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/discover-rate.yaml", "--out", dir.toString(),
                "--set", "soak.window=1500ms", "--set", "soak.server-process=false");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("limit search by rate: 20 connections, 400/s more each step")
                .containsPattern("the limit lies between 800/s \\(ok\\) and 1,200/s \\(p99 \\d+ ms over the 50 ms bound\\)");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.path("kind").asText()).isEqualTo("discover-limit");
        assertThat(result.at("/discoverLimit/by").asText()).isEqualTo("rate");
        assertThat(result.at("/discoverLimit/lastGood").asInt()).isEqualTo(800);
        assertThat(result.at("/discoverLimit/firstBad").asInt()).isEqualTo(1200);
        assertThat(result.at("/discoverLimit/steps/2/requestedRate").asDouble()).isEqualTo(1200.0);
        assertThat(result.at("/discoverLimit/steps/2/achievedRate").asDouble()).isLessThan(1100.0);
        assertThat(result.at("/soak/discoverLimit/by").asText()).isEqualTo("rate");
        assertThat(result.at("/soak/load/from").asText()).isEqualTo("discover-limit");
        assertThat(resultSchema().validate(result)).isEmpty();
    }

    @Test
    void aSoakSplitOverShardProcessesAddsUpAndEachShardHasItsOwnServer() throws Exception {
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", dir.toString(),
                "--set", "soak.connections=300", "--set", "soak.shards=2", "--set", "load.duration=4s",
                "--set", "soak.window=500ms", "--set", "load.rate=3000/s");
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("300 connections for 4s, a window every 500ms, held by 2 client processes")
                .contains("after the close: client 0 open, server 0 open  pass");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertThat(result.path("shards").asInt()).isEqualTo(2);
        assertThat(result.at("/totals/opened").asLong()).isEqualTo(300);
        assertThat(result.path("servers")).as("one server process per shard").hasSize(2);
        long accepted = 0;
        long served = 0;
        for (JsonNode server : result.path("servers")) {
            // Its most at once: the shard's 150, and the connection that read its /stats.
            assertThat(server.at("/connections/maxOpen").asLong()).as("each shard talks to its own server").isBetween(150L, 151L);
            assertThat(server.at("/connections/open").asLong()).isZero();
            accepted += server.at("/connections/maxOpen").asLong();
            served += server.at("/byRoute/bytes").asLong();
        }
        assertThat(accepted).isBetween(300L, 302L);
        assertThat(served).as("every request the shards sent, a server answered").isEqualTo(result.at("/totals/sent").asLong());
        assertThat(result.at("/clientMemory/baselineRssBytes").asLong()).isPositive();
        assertThat(result.path("problems")).isEmpty();
        assertThat(Files.exists(dir.resolve("shard-1.err"))).isTrue();
        assertThat(resultSchema().validate(result)).isEmpty();
    }

    @Test
    void thresholdsReadTheSoaksResultAndAFailedOneExitsOne() throws Exception {
        Path profile = dir.resolve("gated.yaml");
        Files.writeString(profile, """
                name: gated
                server: {}
                soak: {connections: 100, request-interval: 100ms, window: 500ms, duration: 2s}
                thresholds:
                  - "verdictsFailed == 0"
                  - "error-rate < 1%"
                  - "totals.errors.TIMEOUT == 0"
                  - "clientMemory.rssPerConnectionBytes < 1e9"
                  - "p99MsMax < 0.001"
                """);
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", profile.toString(), "--out", dir.resolve("run").toString());
        assertThat(code).as(out.toString()).isEqualTo(ExitCodes.THRESHOLD_FAILED);
        assertThat(out.toString()).contains("pass  threshold verdictsFailed == 0 (measured 0)")
                .contains("pass  threshold error-rate < 1%").contains("pass  threshold totals.errors.TIMEOUT == 0")
                .contains("FAIL  threshold p99MsMax < 0.001");
        JsonNode result = new ObjectMapper().readTree(dir.resolve("run/result.json").toFile());
        assertThat(result.path("thresholds")).hasSize(5);
        assertThat(result.at("/thresholds/4/passed").asBoolean()).isFalse();
        assertThat(result.at("/thresholds/0/passed").asBoolean()).isTrue();
        assertThat(resultSchema().validate(result)).isEmpty();

        Files.writeString(profile, "name: g\nserver: {}\nsoak: {connections: 1}\nthresholds: [\"verdictFailed == 0\"]\n");
        StringWriter bad = new StringWriter();
        assertThat(sluice(bad, "run", profile.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.toString()).contains(profile + ":4:14: thresholds[0]: unknown soak metric 'verdictFailed'; "
                + "did you mean 'verdictsFailed'?");
    }

    @Test
    void aSoakThisMachineCannotHoldIsExitTwoWithWhatToChange() throws Exception {
        long files = new dev.sluice.soak.ProcessGauges().maxFileDescriptors();
        org.junit.jupiter.api.Assumptions.assumeTrue(files > 0 && files < 1_000_000, "a known open-files limit");
        StringWriter out = new StringWriter();
        int code = sluice(out, "run", "load-profiles/soak-connections.yaml", "--out", dir.toString(),
                "--set", "soak.connections=" + 2 * files, "--set", "soak.shards=1",
                "--set", "soak.source-addresses=[127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6]");
        assertThat(code).as(out.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(out.toString()).contains("more than one process may hold here").contains("set soak.shards: 3 or auto");
        assertThat(Files.exists(dir.resolve("result.json"))).as("nothing was started").isFalse();
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
                "--set", "soak.connections=200", "--set", "load.duration=4s", "--set", "soak.window=500ms",
                "--set", "load.rate=2000/s", "--set", "soak.request-timeout=300ms",
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
        assertThat(result.at("/discoverLimit/by").asText()).isEqualTo("connections");
        assertThat(result.at("/soak/discoverLimit/by").asText()).isEqualTo("connections");
        assertThat(resultSchema().validate(result)).isEmpty();
    }
}
