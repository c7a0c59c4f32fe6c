package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source that pushes 100 items at once into a stage that holds each for 30 ms, behind a buffer of 10.
 * The stage takes the first item (or {@code concurrency} items) at once, the buffer holds 10, and the
 * rest meet a full buffer before the stage finishes its first item, so the counts are exact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverflowPolicyTest {

    @TempDir
    Path dir;

    private VariantResult run(String overflow, int concurrency) {
        VariantResult r = runAllowingEarlyStop(overflow, concurrency);
        assertThat(r.items().emitted()).isEqualTo(100);
        return r;
    }

    private VariantResult runAllowingEarlyStop(String overflow, int concurrency) {
        String yaml = """
                name: overflow
                source: {range: {count: 100}}
                stages:
                  - name: slow
                    kind: blocking-io
                    duration: 30ms
                    scheduler: {kind: bounded-elastic, threads: %d}
                    concurrency: %d
                    buffer: {size: 10, overflow: %s}
                sink: {kind: jsonl, path: out.jsonl}
                """.formatted(concurrency, concurrency, overflow);
        VariantResult r = Profiles.run(yaml, dir);
        Profiles.assertAccounted(r);
        return r;
    }

    @Test
    void dropNewestKeepsTheFirstItemsAndCountsEveryDrop() throws Exception {
        VariantResult r = run("drop-newest", 1);
        assertThat(r.items().dropped()).isEqualTo(89);
        assertThat(r.items().ok()).isEqualTo(11);
        assertThat(r.stages().getFirst().dropped()).isEqualTo(89);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("out.jsonl")))
                .containsExactly(java.util.stream.IntStream.range(0, 11).mapToObj(i -> "{\"value\":" + i + "}")
                        .toArray(String[]::new));
    }

    @Test
    void dropOldestKeepsTheNewestItems() throws Exception {
        VariantResult r = run("drop-oldest", 1);
        assertThat(r.items().dropped()).isEqualTo(89);
        assertThat(r.items().ok()).isEqualTo(11);
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("out.jsonl")))
                .first().isEqualTo("{\"value\":0}");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("out.jsonl")))
                .last().isEqualTo("{\"value\":99}");
    }

    @Test
    void concurrentStageHoldsItsConcurrencyPlusTheBuffer() {
        VariantResult r = run("drop-newest", 3);
        assertThat(r.items().dropped()).isEqualTo(87);
        assertThat(r.items().ok()).isEqualTo(13);
    }

    @Test
    void blockLosesNothing() {
        VariantResult r = run("block", 10);
        assertThat(r.items().dropped()).isZero();
        assertThat(r.items().ok()).isEqualTo(100);
        assertThat(r.status()).isEqualTo("ok");
    }

    @Test
    void errorFailsTheRunAndStillAccountsForEveryItem() {
        VariantResult r = runAllowingEarlyStop("error", 1);
        assertThat(r.status()).isEqualTo("failed");
        assertThat(r.error()).contains("stage slow").contains("buffer of 10");
        // The overflow stops the source: 1 item in the stage, 10 in the buffer, 1 that overflowed.
        assertThat(r.items().emitted()).isEqualTo(12);
        assertThat(r.items().dropped()).isEqualTo(1);
        assertThat(r.items().ok() + r.items().failed()).isEqualTo(11);
        assertThat(r.items().aborted()).isEqualTo(r.items().failed());
    }
}
