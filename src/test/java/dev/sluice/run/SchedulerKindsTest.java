package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each scheduler kind runs its stage on the threads it stands for. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SchedulerKindsTest {

    @TempDir
    Path dir;

    private static String profile(String scheduler, int concurrency, String work, int items) {
        return """
                name: kinds
                source: {range: {count: %d}}
                stages:
                  - name: work
                    %s
                    scheduler: %s
                    concurrency: %d
                """.formatted(items, work, scheduler, concurrency);
    }

    private StageResult run(String yaml) {
        VariantResult r = Profiles.run(yaml, dir);
        assertThat(r.status()).isEqualTo("ok");
        Profiles.assertAccounted(r);
        return r.stages().getFirst();
    }

    @Test
    void singleRunsEveryItemOnOneThread() {
        StageResult s = run(profile("single", 8, "kind: blocking-io\n    duration: 2ms", 40));
        assertThat(s.count()).isEqualTo(40);
        assertThat(s.threads()).isEqualTo(1);
        assertThat(s.virtualThreads()).isFalse();
    }

    @Test
    void parallelUsesAsManyThreadsAsConfigured() {
        StageResult s = run(profile("{kind: parallel, threads: 3}", 3, "kind: blocking-io\n    duration: 20ms", 30));
        assertThat(s.threads()).isEqualTo(3);
        assertThat(s.poolSize()).isEqualTo(3);
    }

    @Test
    void boundedElasticIsCappedAtItsPoolSize() {
        StageResult s = run(profile("{kind: bounded-elastic, threads: 4}", 16, "kind: blocking-io\n    duration: 20ms", 48));
        assertThat(s.threads()).isEqualTo(4);
        assertThat(s.virtualThreads()).isFalse();
    }

    @Test
    void virtualRunsOnVirtualThreads() {
        StageResult s = run(profile("virtual", 50, "kind: blocking-io\n    duration: 50ms", 100));
        assertThat(s.virtualThreads()).isTrue();
        assertThat(s.threads()).as("platform threads").isZero();
    }

    @Test
    void poolThreadsShareOneQueueSoAnIdleThreadTakesTheNextItem() throws Exception {
        // Two threads, four items: two long, two instant. With one shared queue the instant item 3 waits
        // for whichever thread frees first; a pool that pinned items to threads round-robin would run
        // item 3 right after item 1, on the thread that is idle, but behind nothing else.
        for (String scheduler : new String[] {"{kind: parallel, threads: 2}", "{kind: bounded-elastic, threads: 2}"}) {
            String yaml = """
                    name: skew
                    source: {list: [300000000, 1, 300000000, 3]}
                    stages:
                      - {name: count, kind: cpu, function: count, scheduler: %s, concurrency: 4, order: completion}
                    sink: {kind: jsonl, path: out.jsonl}
                    """.formatted(scheduler);
            VariantResult r = Profiles.run(yaml, dir);
            assertThat(r.items().ok()).isEqualTo(4);
            java.util.List<String> order = java.nio.file.Files.readAllLines(dir.resolve("out.jsonl"));
            assertThat(order.getFirst()).as(scheduler).isEqualTo("{\"value\":1}");
            // Item 2 (long) was taken by the thread that finished item 1, so item 3 queued behind the longs.
            assertThat(order.indexOf("{\"value\":3}")).as(scheduler + " " + order).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void virtualThreadsWaitTogetherWhereOnePlatformThreadWaitsInTurn() {
        // 50 items blocking 40 ms: one at a time is >= 2 s; on virtual threads all wait at once.
        VariantResult virtual = Profiles.run(profile("virtual", 50, "kind: blocking-io\n    duration: 40ms", 50), dir);
        assertThat(virtual.wallSeconds()).isLessThan(1.5);
        VariantResult single = Profiles.run(profile("single", 50, "kind: blocking-io\n    duration: 40ms", 50), dir);
        assertThat(single.wallSeconds()).isGreaterThanOrEqualTo(2.0);
    }

    @Test
    void sleepHoldsNoThreadSoOneThreadOverlapsAllWaits() {
        VariantResult r = Profiles.run(profile("single", 100, "kind: sleep\n    duration: 100ms", 100), dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(100);
        assertThat(r.wallSeconds()).isLessThan(5.0);
        assertThat(r.stages().getFirst().threads()).isEqualTo(1);
    }

    @Test
    void everySchedulerKindRunsTheCpuSeedExperiment() {
        for (String kind : new String[] {"single", "bounded-elastic", "virtual", "parallel"}) {
            String yaml = """
                    name: cpu
                    source: {range: {from: 100000, count: 8}}
                    stages:
                      - name: square
                        kind: cpu
                        function: sum-of-squares
                        scheduler: %s
                    """.formatted(kind);
            VariantResult r = Profiles.run(yaml, dir);
            assertThat(r.items().ok()).as(kind).isEqualTo(8);
            assertThat(r.sink().get("checksum")).as(kind).isEqualTo(
                    Profiles.run(yaml, dir, "stages.square.scheduler=single").sink().get("checksum"));
        }
    }
}
