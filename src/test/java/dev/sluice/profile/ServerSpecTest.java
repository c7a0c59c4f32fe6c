package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.parse;
import static dev.sluice.profile.Loading.server;
import static dev.sluice.profile.Loading.serverError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ServerSpec.ConnectionSpec;
import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.profile.ServerSpec.Protocol;
import dev.sluice.profile.ServerSpec.RobotsSpec;
import dev.sluice.profile.ServerSpec.RouteSpec;
import dev.sluice.profile.ServerSpec.SiteSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The test server's configuration: a profile's {@code server:} block, a {@code sluice serve --config}
 * file whose top level is that block, and {@code --set}s with no file at all.
 */
class ServerSpecTest {

    /** Every key, each away from its default. */
    static final String EVERY_KEY = """
            host: 127.0.0.2
            port: 8080
            hosts: 3
            seed: 42
            protocols: [h2c]
            keep-alive: false
            idle-timeout: 5s
            max-connections: 100
            beyond-max: hold
            site: {pages: 500, out-degree: 4, page-size: 1KiB}
            robots: {disallow: [/site/private/, /api/], crawl-delay: 2s}
            routes:
              site:
                latency: 5ms
                error-rate: 0.01
                error-status: 429
                retry-after: 1s
                reset-rate: 0.02
                close-mid-body-rate: 0.03
                stall: {every: 10s, for: 1s}
                slow-body: 10KiB/s
                hang-rate: 0.04
              default:
                latency: {uniform: {min: 1ms, max: 9ms}}
            """;

    static final ServerSpec EVERY_KEY_SPEC = new ServerSpec("127.0.0.2", 8080, 3, 42, List.of(Protocol.H2C),
            new ConnectionSpec(false, Duration.ofSeconds(5), 100, ConnectionSpec.Beyond.HOLD),
            new SiteSpec(500, 4, 1024),
            new RobotsSpec(List.of("/site/private/", "/api/"), Duration.ofSeconds(2)),
            Map.of(
                    "site", new RouteSpec(new LatencySpec.Fixed(Duration.ofMillis(5)), new FaultSpec(0.01, 429,
                            Duration.ofSeconds(1), 0.02, 0.03, Duration.ofSeconds(10), Duration.ofSeconds(1), 10240, 0.04)),
                    "default", new RouteSpec(new LatencySpec.Uniform(Duration.ofMillis(1), Duration.ofMillis(9)),
                            FaultSpec.NONE)));

    private static RouteSpec latencyOnly(LatencySpec latency) {
        return new RouteSpec(latency, FaultSpec.NONE);
    }

    private static String indented(String yaml) {
        return yaml.indent(2);
    }

    @Test
    void profileWithoutServerBlockHasNoServer() {
        assertThat(parse(ONE_STAGE).server()).isNull();
    }

    @Test
    void emptyServerBlockIsTheDefaults() {
        assertThat(parse(ONE_STAGE + "server: {}\n").server()).isEqualTo(ServerSpec.defaults());
    }

    @Test
    void defaultsAreLoopbackAnyPortBothProtocolsAndNoFaults() {
        ServerSpec d = ServerSpec.defaults();
        assertThat(d.host()).isEqualTo("127.0.0.1");
        assertThat(d.port()).isZero();
        assertThat(d.hosts()).isEqualTo(1);
        assertThat(d.protocols()).containsExactly(Protocol.HTTP11, Protocol.H2C);
        assertThat(d.connections()).isEqualTo(new ConnectionSpec(true, Duration.ofSeconds(60), 0,
                ConnectionSpec.Beyond.REFUSE));
        assertThat(d.site()).isEqualTo(new SiteSpec(100_000, 20, 4096));
        assertThat(d.robots()).isEqualTo(new RobotsSpec(List.of(), Duration.ZERO));
        assertThat(d.route("site")).isEqualTo(RouteSpec.NONE);
    }

    @Test
    void emptyServerFileIsTheDefaults() {
        assertThat(server("")).isEqualTo(ServerSpec.defaults());
        assertThat(server("# nothing set yet\n")).isEqualTo(ServerSpec.defaults());
        assertThat(server("{}")).isEqualTo(ServerSpec.defaults());
    }

    @Test
    void bindsEveryKeyOfAServerFile() {
        assertThat(server(EVERY_KEY)).isEqualTo(EVERY_KEY_SPEC);
    }

    @Test
    void bindsEveryKeyOfAProfilesServerBlock() {
        assertThat(parse(ONE_STAGE + "server:\n" + indented(EVERY_KEY)).server()).isEqualTo(EVERY_KEY_SPEC);
    }

    @Test
    void keepsDefaultsForKeysLeftOut() {
        ServerSpec s = server("port: 9000\nsite: {pages: 7}\n");
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.site()).isEqualTo(new SiteSpec(7, 20, 4096));
        assertThat(s.connections()).isEqualTo(ConnectionSpec.defaults());
    }

    @Test
    void routeNotListedTakesTheDefaultRoute() {
        ServerSpec s = server("""
                routes:
                  default: {latency: 7ms}
                  api: {error-rate: 0.5}
                """);
        assertThat(s.route("bytes")).isEqualTo(latencyOnly(new LatencySpec.Fixed(Duration.ofMillis(7))));
        assertThat(s.route("api").faults().errorRate()).isEqualTo(0.5);
        assertThat(s.route("api").latency()).isEqualTo(new LatencySpec.None());
    }

    @Test
    void bindsEveryRouteName() {
        StringBuilder yaml = new StringBuilder("routes:\n");
        for (int i = 0; i < ServerSpec.ROUTES.size(); i++) {
            yaml.append("  ").append(ServerSpec.ROUTES.get(i)).append(": {latency: ").append(i + 1).append("ms}\n");
        }
        ServerSpec s = server(yaml.toString());
        for (int i = 0; i < ServerSpec.ROUTES.size(); i++) {
            assertThat(s.route(ServerSpec.ROUTES.get(i)).latency())
                    .isEqualTo(new LatencySpec.Fixed(Duration.ofMillis(i + 1)));
        }
    }

    @Test
    void emptyRouteHasNoLatencyAndNoFaults() {
        assertThat(server("routes: {site: {}}\n").route("site")).isEqualTo(RouteSpec.NONE);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "yes, true", "no, false", "True, true", "NO, false"})
    void readsBooleansAsTrueFalseOrYesNo(String written, boolean expected) {
        assertThat(server("keep-alive: " + written + "\n").connections().keepAlive()).isEqualTo(expected);
    }

    @Test
    void readsASingleProtocolWordAsAListOfOne() {
        assertThat(server("protocols: http1.1\n").protocols()).containsExactly(Protocol.HTTP11);
    }

    @Test
    void readsASingleDisallowPrefixAsAListOfOne() {
        assertThat(server("robots: {disallow: /private/}\n").robots().disallow()).containsExactly("/private/");
    }

    @ParameterizedTest
    @CsvSource({"10KiB/s, 10240", "1MiB/m, 17476", "500B/s, 500", "2KB/ms, 2000000", "0, 0", "3600/h, 1"})
    void readsSlowBodyAsBytesPerSecond(String written, long bytesPerSecond) {
        assertThat(server("routes: {site: {slow-body: " + written + "}}\n").route("site").faults()
                .slowBodyBytesPerSecond()).isEqualTo(bytesPerSecond);
    }

    @Test
    void readsFractionsWrittenInEveryNumberForm() {
        assertThat(server("routes: {site: {error-rate: 1e-3, reset-rate: .5, close-mid-body-rate: 0}}\n")
                .route("site").faults())
                .extracting(FaultSpec::errorRate, FaultSpec::resetRate, FaultSpec::closeMidBodyRate)
                .containsExactly(0.001, 0.5, 0.0);
    }

    @Test
    void readsPageSizeInUnits() {
        assertThat(server("site: {page-size: 16KiB}\n").site().pageSize()).isEqualTo(16 * 1024);
        assertThat(server("site: {page-size: 512}\n").site().pageSize()).isEqualTo(512);
    }

    @Test
    void interpolatesVarsInAProfilesServerBlock() {
        Profile p = parse(ONE_STAGE + "vars: {port: 8081}\nserver: {port: \"${port}\"}\n");
        assertThat(p.server().port()).isEqualTo(8081);
    }

    @Test
    void interpolatesEnvironmentVariablesInAServerFile() {
        assertThat(server("host: ${env:SLUICE_HOST}\n").host()).isEqualTo("example.test");
    }

    // --set

    @Test
    void setChangesAProfilesServerBlock() {
        Profile p = parse(ONE_STAGE + "server:\n  site: {pages: 10}\n", "server.site.pages=500");
        assertThat(p.server().site().pages()).isEqualTo(500);
    }

    @Test
    void setCreatesAProfilesServerBlock() {
        Profile p = parse(ONE_STAGE, "server.port=8080");
        assertThat(p.server().port()).isEqualTo(8080);
        assertThat(p.server().site()).isEqualTo(SiteSpec.defaults());
    }

    @Test
    void setChangesARouteOfAServerFileKeepingTheRest() {
        ServerSpec s = server("routes:\n  site:\n    latency: 5ms\n", "routes.site.error-rate=0.5");
        assertThat(s.route("site")).isEqualTo(new RouteSpec(new LatencySpec.Fixed(Duration.ofMillis(5)),
                new FaultSpec(0.5, 503, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, 0, 0)));
    }

    @Test
    void setAddsAPercentileThatTakesItsPlaceInOrder() {
        ServerSpec s = server("routes: {site: {latency: {percentiles: {p50: 5ms, p100: 200ms}}}}\n",
                "routes.site.latency.percentiles.p99=80ms");
        assertThat(s.route("site").latency()).isEqualTo(new LatencySpec.Percentiles(List.of(
                new LatencySpec.Percentiles.Point(50, Duration.ofMillis(5)),
                new LatencySpec.Percentiles.Point(99, Duration.ofMillis(80)),
                new LatencySpec.Percentiles.Point(100, Duration.ofMillis(200)))));
    }

    @Test
    void setReplacesALatencyWithADistributionInFlowYaml() {
        ServerSpec s = server("routes: {site: {latency: 5ms}}\n", "routes.site.latency={normal: {mean: 5ms, stddev: 1ms}}");
        assertThat(s.route("site").latency())
                .isEqualTo(new LatencySpec.Normal(Duration.ofMillis(5), Duration.ofMillis(1)));
    }

    @Test
    void setsOnAnEmptyServerFile() {
        assertThat(server("", "port=1234").port()).isEqualTo(1234);
    }

    @Test
    void serverFromSetsStartsFromTheDefaults() {
        ServerSpec s = new ProfileLoader(Loading.ENV).serverFromSets(List.of("site.pages=1000",
                "routes.site.latency=5ms", "protocols=[h2c]", "robots.disallow=/private/"));
        assertThat(s).isEqualTo(new ServerSpec("127.0.0.1", 0, 1, 1, List.of(Protocol.H2C), ConnectionSpec.defaults(),
                new SiteSpec(1000, 20, 4096), new RobotsSpec(List.of("/private/"), Duration.ZERO),
                Map.of("site", latencyOnly(new LatencySpec.Fixed(Duration.ofMillis(5))))));
    }

    @Test
    void noFileAndNoSetsIsTheDefaults() {
        ProfileLoader loader = new ProfileLoader(Loading.ENV);
        assertThat(loader.serverFromSets(List.of())).isEqualTo(ServerSpec.defaults());
        assertThat(loader.loadServer(null, List.of())).isEqualTo(ServerSpec.defaults());
    }

    @Test
    void loadServerWithoutAFileAppliesTheSets() {
        assertThat(new ProfileLoader(Loading.ENV).loadServer(null, List.of("hosts=4")).hosts()).isEqualTo(4);
    }

    @Test
    void setErrorWithoutAFilePointsAtTheArgument() {
        assertThatThrownBy(() -> new ProfileLoader(Loading.ENV).serverFromSets(List.of("port=70000")))
                .isInstanceOf(ProfileException.class)
                .hasMessage("--set port:1:1: port must be 0 (any free port) to 65535, but was 70000");
    }

    @Test
    void unknownKeyMadeBySetWithoutAFileGetsASuggestion() {
        assertThatThrownBy(() -> new ProfileLoader(Loading.ENV).serverFromSets(List.of("routes.sitee.latency=5ms")))
                .isInstanceOf(ProfileException.class)
                .hasMessage("--set routes.sitee.latency:1:1: unknown key 'sitee' in 'routes'; did you mean 'site'?");
    }

    @Test
    void setOnAServerFileReportsRuleBrokenAtTheArgument() {
        assertThat(serverError("routes: {site: {latency: 5ms}}\n", "routes.site.error-rate=1.5"))
                .isEqualTo("--set routes.site.error-rate:1:1: routes.site.error-rate must be a fraction from 0 to 1,"
                        + " but was 1.5");
    }

    @Test
    void setOnAProfilesServerReportsTheFullPath() {
        assertThat(Loading.error(ONE_STAGE, "server.hosts=0"))
                .isEqualTo("--set server.hosts:1:1: server.hosts must be > 0, but was 0");
    }

    @Test
    void setThroughAFixedLatencyIsRefused() {
        assertThat(serverError("routes: {site: {latency: 5ms}}\n", "routes.site.latency.uniform.min=1ms"))
                .isEqualTo("--set routes.site.latency.uniform.min:1:1: 'routes.site.latency' is a single value"
                        + " ('5ms'), so it has no 'uniform' to set");
    }

    // Files

    @TempDir
    Path dir;

    @Test
    void loadsAServerFileWithSets() throws IOException {
        Path file = dir.resolve("serve.yaml");
        Files.writeString(file, "site: {pages: 10}\n");
        ServerSpec s = new ProfileLoader(Loading.ENV).loadServer(file, List.of("site.out-degree=2"));
        assertThat(s.site()).isEqualTo(new SiteSpec(10, 2, 4096));
    }

    @Test
    void errorsInAServerFileNameTheFile() throws IOException {
        Path file = dir.resolve("serve.yaml");
        Files.writeString(file, "site: {pages: 0}\n");
        assertThatThrownBy(() -> new ProfileLoader(Loading.ENV).loadServer(file, List.of()))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":1:15: site.pages must be > 0, but was 0");
    }

    @Test
    void missingServerFileIsAnError() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> new ProfileLoader(Loading.ENV).loadServer(file, List.of()))
                .isInstanceOf(ProfileException.class)
                .hasMessage(file + ":1:1: no such file");
    }
}
