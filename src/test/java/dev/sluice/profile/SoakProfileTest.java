package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A soak profile's settings: defaults, every key, and errors with their places. */
class SoakProfileTest {

    private static final String SOAK = """
            name: s
            server: {}
            soak:
              connections: 100
            """;

    private static SoakProfile parse(String yaml, String... sets) {
        return new ProfileLoader(Loading.ENV).parseSoak(yaml, "test.yaml", List.of(sets));
    }

    private static String error(String yaml) {
        try {
            SoakProfile p = parse(yaml);
            return fail("expected the soak profile to be rejected, but it loaded as " + p);
        } catch (ProfileException e) {
            assertThat(e.errors()).hasSize(1);
            return e.errors().getFirst().toString();
        }
    }

    @Test
    void takesTheDefaultsForWhatItDoesNotSay() {
        SoakSpec s = parse(SOAK).soak();
        assertThat(s).isEqualTo(new SoakSpec(100, Duration.ofSeconds(1), SoakSpec.DEFAULT_URL, Duration.ofSeconds(10),
                Duration.ofMinutes(10), List.of(), 2000, Duration.ofSeconds(5), Duration.ofSeconds(10), true, false,
                0.005, 0.10, 1.5, null, null, null, SoakSpec.AUTO_SHARDS));
    }

    @Test
    void readsEverySettingAndTakesSets() {
        SoakSpec s = parse(SOAK + """
                  request-interval: 0
                  url: http://127.0.0.1:8080/x
                  window: 1s
                  duration: 1h
                  source-addresses: [127.0.0.2, 127.0.0.3]
                  open-rate: 500
                  connect-timeout: 2s
                  request-timeout: 3s
                  replace-closed: false
                  server-process: true
                  checks: {connection-leak: 0.01, memory-leak: 0.2, latency-drift: 2}
                  shards: 3
                """, "soak.connections=20000").soak();
        assertThat(s).isEqualTo(new SoakSpec(20_000, Duration.ZERO, "http://127.0.0.1:8080/x", Duration.ofSeconds(1),
                Duration.ofHours(1), List.of("127.0.0.2", "127.0.0.3"), 500, Duration.ofSeconds(2), Duration.ofSeconds(3),
                false, true, 0.01, 0.2, 2.0, null, null, null, 3));
    }

    @Test
    void readsShardsAsAutoOrANumber() {
        assertThat(parse(SOAK + "  shards: auto\n").soak().shards()).isEqualTo(SoakSpec.AUTO_SHARDS);
        assertThat(error(SOAK + "  shards: many\n"))
                .isEqualTo("test.yaml:5:11: soak.shards: must be auto or a number of processes, e.g. 4, but was 'many'");
        assertThat(error(SOAK + "  shards: 0\n"))
                .isEqualTo("test.yaml:5:11: soak.shards: must be auto or a number of processes of at least 1, but was 0");
        assertThat(error(SOAK + "  shards: 200\n")).contains("soak.shards", "from 1 to 64");
        assertThat(error(SOAK + "  shards: 2\n  discover-limit: {step: 10}\n")).contains("one process");
    }

    @Test
    void needsItsConnections() {
        assertThat(error("name: s\nserver: {}\nsoak: {duration: 1m}\n")).isEqualTo("test.yaml:3:7: soak needs 'connections'");
    }

    @Test
    void rejectsAMisspeltKeyWithSuggestion() {
        assertThat(error(SOAK + "  windw: 5s\n")).isEqualTo("test.yaml:5:3: unknown key 'windw' in 'soak'; did you mean 'window'?");
        assertThat(error(SOAK + "stages: []\n"))
                .startsWith("test.yaml:5:1: unknown key 'stages' in the profile");
    }

    @Test
    void pointsAtABadValue() {
        assertThat(error(SOAK + "  window: 10ms\n")).isEqualTo("test.yaml:5:11: soak.window must be at least 100ms, but was 10ms");
        assertThat(error(SOAK + "  checks: {latency-drift: 0.5}\n"))
                .isEqualTo("test.yaml:5:27: soak.checks.latency-drift must be a ratio of at least 1, but was 0.5");
    }

    @Test
    void aUrlOfTheRunsServerNeedsAServer() {
        assertThat(error("name: s\nsoak: {connections: 5}\n")).startsWith("test.yaml:2:7: soak url '${server.url}/bytes/100' "
                + "names the run's server, but the profile has no server: block");
    }

    @Test
    void readsALimitSearch() {
        SoakSpec s = parse(SOAK + "  discover-limit: {step: 250, max: 5000, p99-bound: 200ms}\n").soak();
        assertThat(s.discoverLimit()).isEqualTo(new SoakSpec.DiscoverLimit(250, 5000, Duration.ofMillis(200)));
        assertThat(error(SOAK + "  discover-limit: {step: 500, max: 100}\n"))
                .isEqualTo("test.yaml:5:36: soak.discover-limit.max must be at least step (500), but was 100");
    }
}
