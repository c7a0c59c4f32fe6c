package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The http stage, real HTTP to the run's own test server, under every scheduler kind; the server agrees. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpStageTest {

    @TempDir
    Path dir;

    private static final String PROFILE = """
            name: http
            server: {routes: {bytes: {latency: 5ms}}}
            source: {list: [100, 200, 300, nope, 404]}
            stages:
              - name: fetch
                kind: http
                url: "${server.url}/bytes/${item}"
                scheduler: %s
                concurrency: 4
            """;

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "single", "{kind: bounded-elastic, threads: 2}", "virtual", "parallel"})
    void fetchesCountsBytesAndStatusesAndTheServerSawTheSame(String scheduler) {
        VariantResult r = Profiles.run(PROFILE.formatted(scheduler), dir);
        Profiles.assertAccounted(r);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.items().ok()).isEqualTo(5);
        StageResult fetch = r.stages().getFirst();
        // 100 + 200 + 300 + 404 bytes of 200s; /bytes/nope is a 400 with a short text body.
        assertThat(fetch.tallies()).containsEntry("status.2xx", 4L).containsEntry("status.4xx", 1L);
        assertThat(fetch.tallies().get("bytes")).isGreaterThan(1004L);
        assertThat(r.server().requests()).isEqualTo(5);
        assertThat(r.server().byStatus()).containsEntry("200", 4L).containsEntry("400", 1L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "single"})
    void aServerThatIsNotThereFailsEachItemAndTheRunGoesOn(String scheduler) {
        VariantResult r = Profiles.run("""
                name: nobody
                source: {range: {count: 3}}
                stages:
                  - {name: fetch, kind: http, url: "http://127.0.0.1:1/x/${item}", scheduler: %s, timeout: 5s}
                """.formatted(scheduler), dir);
        Profiles.assertAccounted(r);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.items().failed()).isEqualTo(3);
        assertThat(r.items().aborted()).isZero();
        assertThat(r.stages().getFirst().errors()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"event-loop", "{kind: bounded-elastic, threads: 3}"})
    void theEventLoopHoldsManyConnectionsWhereThreadsHoldOneEach(String scheduler) {
        VariantResult r = Profiles.run("""
                name: conns
                server: {routes: {delay: {latency: 0}}}
                source: {range: {count: 40}}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/delay/150ms", scheduler: %s, concurrency: 20}
                """.formatted(scheduler).replace("concurrency: 20", scheduler.contains("elastic") ? "concurrency: 3" : "concurrency: 20"), dir);
        assertThat(r.items().ok()).isEqualTo(40);
        int maxOpen = r.server().connections().maxOpen();
        if (scheduler.equals("event-loop")) {
            assertThat(maxOpen).isEqualTo(20);
        } else {
            assertThat(maxOpen).isEqualTo(3);
        }
    }

    @org.junit.jupiter.api.Test
    void thePoolCapsConnectionsPerHostAsTheServerSeesThem() {
        VariantResult r = Profiles.run("""
                name: pool
                server: {}
                source: {range: {count: 60}}
                stages:
                  - name: fetch
                    kind: http
                    url: "${server.url}/delay/50ms"
                    scheduler: event-loop
                    concurrency: 20
                    pool: {max-connections: 4, pending-acquire-max: 40}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(60);
        assertThat(r.server().connections().maxOpen()).isEqualTo(4);
        assertThat(r.stages().getFirst().tallies()).containsEntry("connections.peak", 4L)
                .containsEntry("pool.active.peak", 4L);
        // 20 items in flight on 4 connections: the rest wait in the pool's pending queue.
        assertThat(r.stages().getFirst().tallies().get("pool.pending.peak")).isGreaterThan(0L);
    }

    @org.junit.jupiter.api.Test
    void h2cCarriesManyRequestsOnOneConnection() {
        VariantResult r = Profiles.run("""
                name: h2
                server: {}
                source: {range: {count: 30}}
                stages:
                  - name: fetch
                    kind: http
                    url: "${server.url}/delay/100ms"
                    scheduler: event-loop
                    concurrency: 10
                    protocol: h2c
                    pool: {max-connections: 1}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(30);
        assertThat(r.server().connections().accepted()).isEqualTo(1);
        assertThat(r.server().clients().get("127.0.0.1").maxConcurrent()).isEqualTo(10);
    }

    @org.junit.jupiter.api.Test
    void keepAliveOffOpensAConnectionPerRequest() {
        VariantResult r = Profiles.run("""
                name: noka
                server: {}
                source: {range: {count: 12}}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/bytes/10", scheduler: event-loop, concurrency: 3, keep-alive: false}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(12);
        assertThat(r.server().connections().accepted()).isEqualTo(12);
    }

    @org.junit.jupiter.api.Test
    void morePendingThanThePoolCanHoldIsRefusedUpFrontWithTheReason() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Profiles.parse("""
                name: trap
                source: {range: {count: 1}}
                stages:
                  - name: fetch
                    kind: http
                    url: "http://127.0.0.1:1/"
                    scheduler: event-loop
                    concurrency: 100
                    pool: {max-connections: 10, pending-acquire-max: 20}
                """)).hasMessageContaining("concurrency is more than its connection pool can hold "
                        + "(max-connections 10 + pending-acquire-max 20 = 30)").hasMessageContaining("test.yaml:8:18:");
    }

    @org.junit.jupiter.api.Test
    void theIoDownloadsSeedRunsUnderEverySchedulerKind() {
        for (String kind : new String[] {"single", "{kind: bounded-elastic, threads: 5}", "virtual", "parallel", "event-loop"}) {
            var profile = new dev.sluice.profile.ProfileLoader(java.util.Map.of()).load(
                    Path.of("load-profiles/seeds/io-downloads.yaml"),
                    java.util.List.of("source.repeat=3", "server.routes.default.latency=1ms", "stages.download.scheduler=" + kind));
            VariantResult r = new Runner().run(profile, kind, dir, RunListener.NONE);
            assertThat(r.items().ok()).as(kind).isEqualTo(6);
            assertThat(r.server().requests()).as(kind).isEqualTo(6);
            assertThat(r.stages().getFirst().tallies()).as(kind).containsEntry("status.2xx", 6L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ", pool: {max-connections: 1}"})
    void anAnswerThatGoesQuietForLongerThanTheTimeoutFailsAndTheConnectionIsNotReused(String pool) {
        // /delay/3s never answers within 300 ms; /bytes answers at once. One connection (second case):
        // the timed-out one must be closed, not handed to the next request with a late answer on it.
        VariantResult r = Profiles.run("""
                name: quiet
                server: {routes: {delay: {latency: 0}, bytes: {latency: 0}}}
                source: {list: ["delay/3s", "bytes/10", "delay/3s", "bytes/20"]}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/${item}", scheduler: event-loop, timeout: 300ms,
                     concurrency: 1, order: ordered%s}
                """.formatted(pool), dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().failed()).isEqualTo(2);
        assertThat(r.items().ok()).isEqualTo(2);
        StageResult fetch = r.stages().getFirst();
        assertThat(fetch.errorsByKind()).containsOnlyKeys("ReadTimeoutException");
        assertThat(fetch.tallies().get("bytes")).isEqualTo(30L);
        assertThat(r.wallSeconds()).isLessThan(2.5);
    }

    @org.junit.jupiter.api.Test
    void aSlowBodyThatKeepsComingIsNotATimeout() {
        // 400 bytes at 800 B/s: a piece every 50 ms for half a second, longer than the 200 ms timeout
        // in all, but never quiet for 200 ms.
        VariantResult r = Profiles.run("""
                name: trickle
                server: {routes: {bytes: {latency: 0, slow-body: 800B/s}}}
                source: {list: [400]}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/bytes/${item}", scheduler: event-loop, timeout: 200ms}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(1);
        assertThat(r.stages().getFirst().tallies()).containsEntry("bytes", 400L);
        assertThat(r.wallSeconds()).isGreaterThan(0.4);
    }

    @org.junit.jupiter.api.Test
    void aRequestThatWaitsForAConnectionLongerThanThePendingTimeoutFails() {
        // One connection held 1 s by each answer; the two requests queued behind the first give up
        // after 200 ms (the pool's timer, armed on the event loop).
        VariantResult r = Profiles.run("""
                name: pending
                server: {routes: {delay: {latency: 0}}}
                source: {range: {count: 3}}
                stages:
                  - name: fetch
                    kind: http
                    url: "${server.url}/delay/1s"
                    scheduler: event-loop
                    concurrency: 3
                    pool: {max-connections: 1, pending-acquire-max: 2, pending-acquire-timeout: 200ms}
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(1);
        assertThat(r.items().failed()).isEqualTo(2);
        assertThat(r.stages().getFirst().errorsByKind()).containsOnlyKeys("PoolAcquireTimeoutException");
        assertThat(r.server().requests()).isEqualTo(1);
        assertThat(r.wallSeconds()).isLessThan(1.9);
    }
}
