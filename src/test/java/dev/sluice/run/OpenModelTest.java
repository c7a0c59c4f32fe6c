package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.load.ArrivalSchedule;
import dev.sluice.profile.LoadSpec;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The arrival-rate (open) model: its schedule, its accounting, and latency free of coordinated omission. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenModelTest {

    @TempDir
    Path dir;

    private static LoadSpec.ArrivalRate load(String yaml) {
        return (LoadSpec.ArrivalRate) Profiles.parse("""
                name: l
                source: {range: {count: 10}}
                stages: [{kind: identity}]
                load: %s
                """.formatted(yaml)).load();
    }

    @Test
    void steadyPhasesSpaceArrivalsEvenly() {
        ArrivalSchedule schedule = new ArrivalSchedule(load("{model: arrival-rate, phases: [{rate: 4/s, duration: 2s}]}"));
        assertThat(schedule.count()).isEqualTo(8);
        ArrivalSchedule.Cursor c = schedule.cursor();
        for (int k = 0; k < 8; k++) {
            assertThat(c.next()).isEqualTo(k * 250_000_000L);
        }
        assertThat(c.hasNext()).isFalse();
    }

    @Test
    void rampsFollowTheRateLine() {
        // 0 -> 10/s over 2 s: 10 arrivals; the k-th at t with 2.5 t^2 = k.
        ArrivalSchedule schedule = new ArrivalSchedule(load(
                "{model: arrival-rate, phases: [{rate: 0.000001/s, duration: 1ms}, {ramp-to: 10/s, duration: 2s}]}"));
        assertThat(schedule.count()).isEqualTo(10);
        ArrivalSchedule.Cursor c = schedule.cursor();
        long previousGap = Long.MAX_VALUE;
        long previous = c.next();
        for (int k = 1; k < 10; k++) {
            long t = c.next();
            assertThat(t - previous).as("arrivals come closer as the rate rises").isLessThan(previousGap);
            previousGap = t - previous;
            previous = t;
        }
        assertThat(previous / 1e9).isCloseTo(1e-3 + Math.sqrt(9 / 2.5), org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aStallShowsInLatencyFromIntendedStartWhereServiceTimeHidesIt() {
        // One connection, 2 ms answers, 100 arrivals/s, and a 300 ms stall every 2 s: requests that
        // arrive during a stall wait in the client. Their service time is a normal 2 ms once sent,
        // but measured from when they were due they took up to 300 ms.
        VariantResult r = Profiles.run("""
                name: stall
                server:
                  routes:
                    bytes: {latency: 2ms, stall: {every: 2s, for: 300ms}}
                source: {range: {count: 100000}}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/bytes/10", scheduler: event-loop, concurrency: 1}
                load: {model: arrival-rate, phases: [{rate: 100/s, duration: 4s}]}
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(400);
        assertThat(r.latencyMs().p99()).as("latency from intended start").isGreaterThan(150.0);
        // (Held back until the schedule ended, as a pipeline that lost its demand would, p50 is ~2 s.)
        assertThat(r.latencyMs().p50()).as("most requests are not near a stall").isLessThan(500.0);
        assertThat(r.stages().getFirst().serviceMs().p99()).as("service time alone").isLessThan(100.0);
        assertThat(r.stages().getFirst().queueMs().p99()).as("the wait before the request went out").isGreaterThan(150.0);
        assertThat(r.load().arrivals()).isEqualTo(400);
        assertThat(r.server().requests()).isEqualTo(400);
    }

    @Test
    void arrivalsFlowInAsTheyComeNotWhenTheScheduleEnds() {
        VariantResult r = Profiles.run("""
                name: flow
                server: {routes: {bytes: {latency: 2ms}}}
                source: {range: {count: 100000}}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/bytes/10", scheduler: event-loop, concurrency: 10}
                load: {model: arrival-rate, phases: [{rate: 300/s, duration: 2s}]}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(600);
        // Items that waited for the end of the 2 s schedule would show ~1 s; bounds stay wide for a busy machine.
        assertThat(r.latencyMs().p50()).isLessThan(500.0);
        assertThat(r.load().arrivals()).isEqualTo(600);
    }

    @Test
    void arrivalsBeyondMaxInFlightAreDroppedAndCounted() {
        VariantResult r = Profiles.run("""
                name: cap
                source: {range: {count: 1000}}
                stages: [{name: slow, kind: blocking-io, duration: 200ms}]
                load: {model: arrival-rate, phases: [{rate: 200/s, duration: 1s}], max-in-flight: 5}
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().emitted()).isEqualTo(200);
        assertThat(r.load().droppedOverMaxInFlight()).isEqualTo(r.items().dropped()).isGreaterThan(150);
        assertThat(r.items().ok()).isEqualTo(200 - r.items().dropped());
    }

    @Test
    void theRunEndsWhenTheSourceRunsOut() {
        VariantResult r = Profiles.run("""
                name: short
                source: {list: [a, b, c]}
                stages: [{kind: identity}]
                load: {model: arrival-rate, phases: [{rate: 50/s, duration: 10s}]}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(3);
        assertThat(r.wallSeconds()).isLessThan(5.0);
    }
}
