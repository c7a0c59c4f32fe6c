package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A soak's {@code load:} block and its search by rate: what they bind to, and every mistake at its place. */
class SoakLoadProfileTest {

    private static final String SOAK = """
            name: s
            server: {}
            soak:
              connections: 100
            """;

    private static SoakProfile parse(String yaml, String... sets) {
        return new ProfileLoader(Loading.ENV).parseSoak(yaml, "test.yaml", List.of(sets));
    }

    private static String error(String yaml, String... sets) {
        try {
            SoakProfile p = parse(yaml, sets);
            return fail("expected the soak profile to be rejected, but it loaded as " + p);
        } catch (ProfileException e) {
            assertThat(e.errors()).as(e.errors().toString()).hasSize(1);
            return e.errors().getFirst().toString();
        }
    }

    @Test
    void anArrivalRateIsSpreadOverTheConnectionsAndItsDurationIsTheSoaks() {
        SoakSpec s = parse(SOAK + "load: {model: arrival-rate, rate: 200/s, duration: 1h}\n").soak();
        assertThat(s.load()).isEqualTo(new SoakLoad.ArrivalRate(new Rate(200), Duration.ofHours(1)));
        assertThat(s.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(s.requestInterval()).as("100 connections at 200/s: each every 500 ms").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aLoadWithoutADurationHoldsTheDefaultTenMinutes() {
        SoakSpec s = parse(SOAK + "load: {model: arrival-rate, rate: 100/s}\n").soak();
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.requestInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aConcurrencyLoadHasUsersDefaultingToEveryConnectionAndNoInterval() {
        SoakSpec all = parse(SOAK + "load: {model: concurrency, duration: 5m}\n").soak();
        assertThat(all.load()).isEqualTo(new SoakLoad.Concurrency(100, Duration.ZERO, Duration.ofMinutes(5)));
        assertThat(all.requestInterval()).isZero();
        SoakSpec some = parse(SOAK + "load: {model: concurrency, users: 40, think-time: 250ms, duration: 5m}\n").soak();
        assertThat(some.load()).isEqualTo(new SoakLoad.Concurrency(40, Duration.ofMillis(250), Duration.ofMinutes(5)));
    }

    @Test
    void setsReachTheLoad() {
        SoakSpec s = parse(SOAK + "load: {model: arrival-rate, rate: 100/s, duration: 10m}\n", "load.rate=400/s",
                "load.duration=30s").soak();
        assertThat(s.load()).isEqualTo(new SoakLoad.ArrivalRate(new Rate(400), Duration.ofSeconds(30)));
        assertThat(s.requestInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void withoutALoadBlockTheSoaksOwnDurationAndIntervalStillServe() {
        SoakSpec s = parse(SOAK + "  request-interval: 2s\n  duration: 1m\n").soak();
        assertThat(s.load()).isNull();
        assertThat(s.requestInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aDurationGivenTwiceSaysWhichToKeep() {
        assertThat(error(SOAK + "  duration: 1m\nload: {model: arrival-rate, rate: 100/s, duration: 5m}\n"))
                .isEqualTo("test.yaml:5:3: soak.duration: the soak's duration is given twice; keep load.duration and "
                        + "remove soak.duration");
        assertThat(error(SOAK + "  duration: 1m\nload: {model: arrival-rate, rate: 100/s}\n"))
                .isEqualTo("test.yaml:5:3: soak.duration: with a load: block the soak's duration is load.duration; "
                        + "move it there");
    }

    @Test
    void aRequestIntervalBesideALoadSaysWhichToKeep() {
        assertThat(error(SOAK + "  request-interval: 1s\nload: {model: arrival-rate, rate: 100/s}\n"))
                .isEqualTo("test.yaml:5:3: soak.request-interval: load.rate sets the request rate (spread over the "
                        + "connections); keep load.rate and remove soak.request-interval");
        assertThat(error(SOAK + "  request-interval: 1s\nload: {model: concurrency}\n"))
                .startsWith("test.yaml:5:3: soak.request-interval: in the concurrency model each user sends when its "
                        + "answer is in");
    }

    @Test
    void drainAndUnknownModelsAreRejectedAtTheModelWithASuggestion() {
        assertThat(error(SOAK + "load: {model: drain}\n"))
                .startsWith("test.yaml:5:15: load.model: a soak cannot drain (every item as fast as it is taken): its "
                        + "load is arrival-rate");
        assertThat(error(SOAK + "load: {model: arival-rate, rate: 5/s}\n"))
                .isEqualTo("test.yaml:5:15: load.model: unknown load model 'arival-rate'; did you mean 'arrival-rate'?");
        assertThat(error(SOAK + "load: {model: open}\n"))
                .isEqualTo("test.yaml:5:15: load.model: unknown load model 'open'; expected one of: arrival-rate, concurrency");
        assertThat(error(SOAK + "load: {rate: 5/s}\n")).isEqualTo("test.yaml:5:7: load needs 'model'");
        assertThat(error(SOAK + "load: drain\n")).startsWith("test.yaml:5:7: load must be a mapping");
    }

    @Test
    void phasesAndRampsPointToTheSearchByRate() {
        assertThat(error(SOAK + "load:\n  model: arrival-rate\n  rate: 5/s\n  phases: [{rate: 5/s, duration: 1m}]\n"))
                .isEqualTo("test.yaml:8:3: 'phases' is not a setting here: a soak holds one steady rate (load: {model: "
                        + "arrival-rate, rate: 10000/s, duration: 10m}); " + SoakLoadBinder.DISCOVER_HINT);
        assertThat(error(SOAK + "load: {model: arrival-rate, rate: 5/s, ramp-to: 50/s}\n"))
                .startsWith("test.yaml:5:40: 'ramp-to' is not a setting here: a soak holds one steady rate");
    }

    @Test
    void keysOfTheOtherModelAndMisspellingsAreRejectedAtTheirPlace() {
        assertThat(error(SOAK + "load: {model: arrival-rate, rate: 5/s, users: 3}\n"))
                .isEqualTo("test.yaml:5:40: 'users' is not a setting here: it is a setting of load model concurrency");
        assertThat(error(SOAK + "load: {model: concurrency, rate: 5/s}\n"))
                .isEqualTo("test.yaml:5:28: 'rate' is not a setting here: it is a setting of load model arrival-rate");
        assertThat(error(SOAK + "load: {model: concurrency, think-tme: 1s}\n"))
                .isEqualTo("test.yaml:5:28: unknown key 'think-tme' in 'load'; did you mean 'think-time'?");
        assertThat(error(SOAK + "load: {model: arrival-rate}\n")).isEqualTo("test.yaml:5:7: load needs 'rate'");
    }

    @Test
    void badValuesArePointedAt() {
        assertThat(error(SOAK + "load: {model: arrival-rate, rate: fast}\n"))
                .isEqualTo("test.yaml:5:35: load.rate: expected a rate such as 200/s, 1500/m or 2/ms, but was 'fast'");
        assertThat(error(SOAK + "load: {model: concurrency, users: 0}\n"))
                .isEqualTo("test.yaml:5:35: load.users must be > 0, but was 0");
        assertThat(error(SOAK + "load: {model: concurrency, users: 101}\n"))
                .isEqualTo("test.yaml:5:35: load.users must be at most soak.connections (100): the users are some of the "
                        + "connections, but was 101");
        assertThat(error(SOAK + "load: {model: concurrency, think-time: -1s}\n"))
                .startsWith("test.yaml:5:40: load.think-time: ");
        assertThat(error(SOAK + "load: {model: arrival-rate, rate: 5/s, duration: 0s}\n"))
                .isEqualTo("test.yaml:5:50: load.duration must be > 0, but was 0");
        assertThat(error(SOAK + "load: {model: arrival-rate, rate: 5/s, duration: 2s}\n"))
                .isEqualTo("test.yaml:5:50: load.duration must be at least one window (soak.window 10s), but was 2s");
    }

    @Test
    void readsASearchByRate() {
        SoakSpec s = parse(SOAK + "  discover-limit: {by: rate, step: 2000/s, max: 50000/s, p99-bound: 50ms}\n").soak();
        assertThat(s.discoverRate()).isEqualTo(new DiscoverRateSpec(2000, 50_000, Duration.ofMillis(50)));
        assertThat(s.discoverLimit()).isNull();
        SoakSpec defaults = parse(SOAK + "  discover-limit: {by: rate}\n").soak();
        assertThat(defaults.discoverRate()).isEqualTo(new DiscoverRateSpec(1000, 20_000, Duration.ofSeconds(1)));
        SoakSpec byConnections = parse(SOAK + "  discover-limit: {by: connections, step: 50, max: 500}\n").soak();
        assertThat(byConnections.discoverRate()).isNull();
        assertThat(byConnections.discoverLimit()).isEqualTo(new SoakSpec.DiscoverLimit(50, 500, Duration.ofSeconds(1)));
    }

    @Test
    void aSearchByRateRejectsWhatWouldSetTheRateTwice() {
        assertThat(error(SOAK + "  discover-limit: {by: rat}\n"))
                .isEqualTo("test.yaml:5:24: soak.discover-limit.by: unknown value 'rat'; did you mean 'rate'?");
        assertThat(error(SOAK + "  discover-limit: {by: rate, step: 100/m}\n"))
                .isEqualTo("test.yaml:5:36: soak.discover-limit.step: expected a whole number of requests per second "
                        + "such as 2000/s, but was '100/m' (1.67/s)");
        assertThat(error(SOAK + "  discover-limit: {by: rate, step: 500/s, max: 100/s}\n"))
                .isEqualTo("test.yaml:5:48: soak.discover-limit.max must be at least step (500/s), but was 100/s");
        assertThat(error(SOAK + "  discover-limit: {by: rate}\nload: {model: arrival-rate, rate: 5/s}\n"))
                .startsWith("test.yaml:6:1: load: discover-limit by rate sets each step's rate itself; remove the load: block");
        assertThat(error(SOAK + "  request-interval: 1s\n  discover-limit: {by: rate}\n"))
                .isEqualTo("test.yaml:5:3: soak.request-interval: discover-limit by rate sets each step's rate itself; "
                        + "remove soak.request-interval");
        assertThat(error(SOAK + "  discover-limit: {step: 10}\nload: {model: concurrency}\n"))
                .startsWith("test.yaml:6:15: load.model: discover-limit by connections keeps each connection's request "
                        + "interval at every step");
    }

    @Test
    void aSearchByConnectionsKeepsTheLoadsIntervalPerConnection() {
        SoakSpec s = parse(SOAK + "  discover-limit: {step: 50, max: 500}\nload: {model: arrival-rate, rate: 1000/s}\n")
                .soak();
        assertThat(s.requestInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.discoverLimit()).isNotNull();
    }
}
