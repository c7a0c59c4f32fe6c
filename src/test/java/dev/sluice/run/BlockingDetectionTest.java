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

/** A stage that blocks the threads of event-loop or parallel is named, with the advice to move it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingDetectionTest {

    @TempDir
    Path dir;

    private VariantResult run(String waitOn) {
        return Profiles.run("""
                name: blk
                source: {range: {count: 20}}
                stages:
                  - {name: wait, kind: blocking-io, duration: 10ms, scheduler: %s}
                  - {name: crunch, kind: cpu, function: count, scheduler: parallel}
                sink: count
                """.formatted(waitOn), dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parallel", "event-loop"})
    void aBlockingStageOnALoopOrACoreSizedPoolIsNamed(String scheduler) {
        VariantResult r = run(scheduler);
        StageResult wait = r.stages().getFirst();
        assertThat(wait.warning()).startsWith("stage 'wait' blocks its " + scheduler + " threads")
                .contains("scheduler: virtual");
        assertThat(r.stages().get(1).warning()).as("CPU work on parallel is what parallel is for").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"virtual", "{kind: bounded-elastic, threads: 4}", "single"})
    void blockingWhereWaitingBelongsIsNoWarning(String scheduler) {
        assertThat(run(scheduler).stages().getFirst().warning()).isNull();
    }
}
