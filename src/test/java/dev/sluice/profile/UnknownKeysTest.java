package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A misspelt or misplaced key is an error at the key, never silently ignored. */
class UnknownKeysTest {

    @Test
    void rejectsUnknownTopLevelKeyWithSuggestion() {
        assertThat(error(ONE_STAGE + "sinks: count\n"))
                .isEqualTo("test.yaml:8:1: unknown key 'sinks' in the profile; did you mean 'sink'?");
    }

    @Test
    void rejectsMisspeltThresholdsWithSuggestion() {
        assertThat(error(ONE_STAGE + "treshold:\n  - items.failed == 0\n"))
                .isEqualTo("test.yaml:8:1: unknown key 'treshold' in the profile; did you mean 'thresholds'?");
    }

    @Test
    void listsTheKnownKeysWhenNothingIsClose() {
        assertThat(error(ONE_STAGE + "colour: red\n"))
                .isEqualTo("test.yaml:8:1: unknown key 'colour' in the profile; expected one of: "
                        + "name, description, vars, engine, source, stages, sink, load, thresholds, server, crawl, variants, sweep, repeat, warmup, warmup-items");
    }

    @Test
    void rejectsSchedularInAStageWithSuggestion() {
        assertThat(error(ONE_STAGE + "    schedular: parallel\n"))
                .isEqualTo("test.yaml:8:5: unknown key 'schedular' in 'stages.square'; did you mean 'scheduler'?");
    }

    @Test
    void rejectsConcurencyInAStageWithSuggestion() {
        assertThat(error(ONE_STAGE + "    concurency: 4\n"))
                .isEqualTo("test.yaml:8:5: unknown key 'concurency' in 'stages.square'; did you mean 'concurrency'?");
    }

    @Test
    void rejectsUnknownKeyInUnnamedStageUnderItsKind() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                    ordr: completion
                """)).isEqualTo("test.yaml:6:5: unknown key 'ordr' in 'stages.identity'; did you mean 'order'?");
    }

    @Test
    void rejectsUnknownKeyInSchedulerWithSuggestion() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: parallel, thread: 4}\n"))
                .isEqualTo("test.yaml:8:33: unknown key 'thread' in 'stages.square.scheduler'; did you mean 'threads'?");
    }

    @Test
    void rejectsUnknownKeyInBlockStyleScheduler() {
        assertThat(error(ONE_STAGE + """
                    scheduler:
                      kind: bounded-elastic
                      threads: 4
                      queu: 100
                """)).isEqualTo("test.yaml:11:7: unknown key 'queu' in 'stages.square.scheduler'; did you mean 'queue'?");
    }

    @Test
    void rejectsUnknownKeyInBufferWithSuggestion() {
        assertThat(error(ONE_STAGE + "    buffer: {size: 4, overflw: block}\n"))
                .isEqualTo("test.yaml:8:23: unknown key 'overflw' in 'stages.square.buffer'; did you mean 'overflow'?");
    }

    @Test
    void rejectsUnknownKeyInSourceWithSuggestion() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                  repeet: 2
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:4:3: unknown key 'repeet' in 'source'; did you mean 'repeat'?");
    }

    @Test
    void rejectsUnknownKeyInRangeWithSuggestion() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3, form: 2}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:3:21: unknown key 'form' in 'source.range'; did you mean 'from'?");
    }

    @Test
    void rejectsKeyThatTheSinkKindDoesNotTake() {
        assertThat(error(ONE_STAGE + "sink: {kind: count, path: out.jsonl}\n"))
                .isEqualTo("test.yaml:8:21: unknown key 'path' in 'sink'; expected one of: kind");
    }

    @Test
    void rejectsKeyThatTheLoadModelDoesNotTake() {
        assertThat(error(ONE_STAGE + "load: {model: drain, rate: 10/s}\n"))
                .isEqualTo("test.yaml:8:22: unknown key 'rate' in 'load'; expected one of: model");
    }

    @Test
    void saysThreadsDirectlyOnAStageBelongsUnderScheduler() {
        assertThat(error(ONE_STAGE + "    threads: 4\n"))
                .isEqualTo("test.yaml:8:5: 'threads' is not a setting here: it belongs under scheduler: "
                        + "(e.g. scheduler: {kind: parallel, threads: 4})");
    }

    @Test
    void saysQueueDirectlyOnAStageBelongsUnderScheduler() {
        assertThat(error(ONE_STAGE + "    queue: 100\n"))
                .isEqualTo("test.yaml:8:5: 'queue' is not a setting here: it belongs under scheduler: "
                        + "(e.g. scheduler: {kind: parallel, queue: 4})");
    }

    @Test
    void saysFunctionOnASleepStageBelongsToCpuStages() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: sleep
                    duration: 1ms
                    function: count
                """)).isEqualTo("test.yaml:7:5: 'function' is not a setting here: it is a setting of stage kind cpu");
    }

    @Test
    void saysDurationOnACpuStageBelongsToTheKindsThatTakeIt() {
        // The kinds are listed in WorkSpec.KINDS order, the same in every run.
        assertThat(error(ONE_STAGE + "    duration: 1ms\n"))
                .isEqualTo("test.yaml:8:5: 'duration' is not a setting here: it is a setting of stage kind "
                        + "sleep or blocking-io");
    }

    @Test
    void saysVirtualSchedulerTakesNoThreads() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: virtual, threads: 4}\n"))
                .isEqualTo("test.yaml:8:32: 'threads' is not a setting here: scheduler kind virtual takes no 'threads'"
                        + " (bound a virtual stage with the stage's concurrency)");
    }

    @Test
    void saysVirtualSchedulerTakesNoThreadsEvenWhenTheValueIsNotANumber() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: virtual, threads: many}\n"))
                .isEqualTo("test.yaml:8:32: 'threads' is not a setting here: scheduler kind virtual takes no 'threads'"
                        + " (bound a virtual stage with the stage's concurrency)");
    }

    @Test
    void saysSingleSchedulerTakesNoThreads() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: single, threads: 2}\n"))
                .isEqualTo("test.yaml:8:31: 'threads' is not a setting here: scheduler kind single takes no 'threads'");
    }

    @Test
    void saysParallelSchedulerTakesNoQueue() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: parallel, threads: 2, queue: 10}\n"))
                .isEqualTo("test.yaml:8:45: 'queue' is not a setting here: scheduler kind parallel takes no 'queue'");
    }
}
