package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Seed experiment 4: consumers wait for a producer's signal, then count into one shared counter. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProducerConsumerTest {

    @TempDir
    Path dir;

    private static final String PROFILE = """
            name: pc
            source: {range: {count: 40}}
            stages:
              - name: c
                kind: consumer
                counts: 5
                pause: 20ms
                start-after: 150ms
                poll: 5ms
                scheduler: {kind: bounded-elastic, threads: 40}
                concurrency: 40
            sink: count
            """;

    private static StageResult consumers(VariantResult r) {
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(40);
        return r.stages().getFirst();
    }

    @Test
    void withALockEveryConsumerPollsUntilTheSignalAndNoCountIsLost() {
        VariantResult r = Profiles.run(PROFILE, dir);
        StageResult c = consumers(r);
        assertThat(c.tallies()).containsEntry("shared.count", 200L);
        // Each consumer checked the flag about every 5 ms for the 150 ms before the signal.
        assertThat(c.tallies().get("polls")).isGreaterThan(40L * 5);
        // No consumer counted before the signal: most waited well over 100 ms for it, then 5 pauses of 20 ms.
        assertThat(c.serviceMs().p50()).isGreaterThanOrEqualTo(200);
        assertThat(c.onCpuShare()).as("the consumers wait, they hardly compute").isLessThan(0.5);
    }

    @Test
    void onTheEventLoopConsumersWaitOnTheSignalWithoutALockOrAThreadEach() {
        VariantResult r = Profiles.run(PROFILE, dir, "stages.c.scheduler=event-loop");
        StageResult c = consumers(r);
        assertThat(c.tallies()).containsEntry("shared.count", 200L).containsEntry("polls", 0L)
                .containsEntry("lock.waits", 0L);
        assertThat(c.serviceMs().p50()).isGreaterThanOrEqualTo(200);
        assertThat(c.warning()).isNull();
        assertThat(c.threads()).as("40 consumers, no thread each").isLessThanOrEqualTo(4);
    }

    @Test
    void theLockingVersionOnTheEventLoopBlocksItAndIsNamed() {
        VariantResult r = Profiles.run(PROFILE, dir, "stages.c.scheduler=event-loop", "stages.c.coordination=lock",
                "source.range.count=4", "stages.c.concurrency=4");
        assertThat(r.stages().getFirst().tallies()).containsEntry("shared.count", 20L);
        assertThat(r.stages().getFirst().warning()).startsWith("stage 'c' blocks its event-loop threads");
    }
}
