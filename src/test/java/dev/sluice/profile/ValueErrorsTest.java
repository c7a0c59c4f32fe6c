package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.errors;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Values of the wrong type, values that break a rule, and keys that must be there. */
class ValueErrorsTest {

    @Test
    void rejectsWordWhereANumberIsExpected() {
        assertThat(error(ONE_STAGE + "    concurrency: abc\n"))
                .isEqualTo("test.yaml:8:18: stages.square.concurrency: expected a whole number, but was 'abc'");
    }

    @Test
    void rejectsListWhereASingleValueIsExpected() {
        assertThat(error(ONE_STAGE + "    concurrency: [1, 2]\n"))
                .isEqualTo("test.yaml:8:18: stages.square.concurrency must be a single value, but was a list");
    }

    @Test
    void rejectsMappingWhereASingleValueIsExpected() {
        assertThat(error(ONE_STAGE + "    concurrency:\n      n: 4\n"))
                .isEqualTo("test.yaml:9:7: stages.square.concurrency must be a single value, but was a mapping");
    }

    @Test
    void rejectsNumberTooLargeForConcurrency() {
        assertThat(error(ONE_STAGE + "    concurrency: 99999999999\n"))
                .isEqualTo("test.yaml:8:18: stages.square.concurrency: expected a whole number up to 2147483647,"
                        + " but was '99999999999'");
    }

    @Test
    void rejectsKeyWithNoValue() {
        assertThat(error(ONE_STAGE + "    concurrency:\n"))
                .isEqualTo("test.yaml:8:17: stages.square.concurrency is empty; give it a value or remove the key");
    }

    @Test
    void rejectsZeroConcurrencyAtTheValue() {
        assertThat(error(ONE_STAGE + "    concurrency: 0\n"))
                .isEqualTo("test.yaml:8:18: stages.square.concurrency must be > 0, but was 0");
    }

    @Test
    void rejectsNegativeConcurrencyAtTheValue() {
        assertThat(error(ONE_STAGE + "    concurrency: -3\n"))
                .isEqualTo("test.yaml:8:18: stages.square.concurrency must be > 0, but was -3");
    }

    @Test
    void rejectsZeroParallelThreadsAtTheValue() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: parallel, threads: 0}\n"))
                .isEqualTo("test.yaml:8:42: stages.square.scheduler.threads must be > 0, but was 0");
    }

    @Test
    void rejectsZeroBoundedElasticQueueAtTheValue() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: bounded-elastic, threads: 2, queue: 0}\n"))
                .isEqualTo("test.yaml:8:59: stages.square.scheduler.queue must be > 0, but was 0");
    }

    @Test
    void rejectsZeroBufferSizeAtTheValue() {
        assertThat(error(ONE_STAGE + "    buffer: {size: 0}\n"))
                .isEqualTo("test.yaml:8:20: stages.square.buffer.size must be > 0, but was 0");
    }

    @Test
    void rejectsNegativeRangeCountAtTheValue() {
        assertThat(error("""
                name: t
                source:
                  range: {count: -1}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:3:18: source.range.count must be >= 0, but was -1");
    }

    @Test
    void rejectsZeroRepeatAtTheValue() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                  repeat: 0
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:4:11: source.repeat must be > 0, but was 0");
    }

    @Test
    void rejectsStagesWrittenAsAMapping() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  square: {kind: identity}
                """)).isEqualTo("test.yaml:5:3: stages must be a list (each stage starts with '- '), but was a mapping");
    }

    @Test
    void rejectsEmptyStageList() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages: []
                """)).isEqualTo("test.yaml:4:9: stages must hold at least one stage");
    }

    @Test
    void rejectsStageWrittenAsAWord() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - identity
                """)).isEqualTo("test.yaml:5:5: stages[0] must be a mapping (key: value lines), but was the value 'identity'");
    }

    @Test
    void rejectsBufferWrittenAsANumber() {
        assertThat(error(ONE_STAGE + "    buffer: 10\n"))
                .isEqualTo("test.yaml:8:13: stages.square.buffer must be a mapping (key: value lines), but was the value '10'");
    }

    @Test
    void rejectsThresholdsWrittenAsOneRule() {
        assertThat(error(ONE_STAGE + "thresholds: items.failed == 0\n"))
                .isEqualTo("test.yaml:8:13: thresholds must be a list of rules such as - \"items.failed == 0\"");
    }

    @Test
    void requiresNameAtTheProfile() {
        assertThat(error("""
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:1:1: the profile needs 'name'");
    }

    @Test
    void reportsMissingNameWhereTheMappingStartsAfterComments() {
        assertThat(error("""
                # a profile without a name

                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:3:1: the profile needs 'name'");
    }

    @Test
    void requiresNameToHaveAValue() {
        assertThat(error("""
                name:
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:1:6: name is empty; give it a value or remove the key");
    }

    @Test
    void requiresSource() {
        assertThat(error("""
                name: t
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:1:1: the profile needs a 'source:' (e.g. source: {range: {from: 0, count: 100}})");
    }

    @Test
    void requiresStages() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                """)).isEqualTo("test.yaml:1:1: the profile needs 'stages:' (a list of at least one stage)");
    }

    @Test
    void requiresStageKind() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: square
                    concurrency: 2
                """)).isEqualTo("test.yaml:5:5: stages[0] needs 'kind'");
    }

    @Test
    void requiresFunctionForCpuStage() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: cpu
                """)).isEqualTo("test.yaml:5:5: stages.cpu needs 'function'");
    }

    @Test
    void requiresDurationForSleepStage() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: wait
                    kind: sleep
                """)).isEqualTo("test.yaml:5:5: stages.wait needs 'duration'");
    }

    @Test
    void requiresDurationForBlockingIoStage() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: blocking-io
                """)).isEqualTo("test.yaml:5:5: stages.blocking-io needs 'duration'");
    }

    @Test
    void requiresBufferSize() {
        assertThat(error(ONE_STAGE + "    buffer: {overflow: drop-newest}\n"))
                .isEqualTo("test.yaml:8:13: stages.square.buffer needs 'size'");
    }

    @Test
    void requiresSchedulerKindInMappingForm() {
        assertThat(error(ONE_STAGE + "    scheduler: {threads: 3}\n"))
                .isEqualTo("test.yaml:8:16: stages.square.scheduler needs 'kind'");
    }

    @Test
    void requiresRangeCount() {
        assertThat(error("""
                name: t
                source:
                  range: {from: 3}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:3:10: source.range needs 'count'");
    }

    @Test
    void reportsEveryMistakeInOneException() {
        String yaml = """
                name: t
                source:
                  range: {count: 3}
                  repeet: 2
                stages:
                  - name: square
                    kind: cpu
                    function: sum-of-square
                  - name: wait
                    kind: sleep
                    duration: 10
                  - name: pool
                    kind: identity
                    scheduler: {kind: bounded-elastic, threads: 0}
                    schedular: parallel
                sinks: count
                """;
        assertThat(errors(yaml)).containsExactlyInAnyOrder(
                "test.yaml:4:3: unknown key 'repeet' in 'source'; did you mean 'repeat'?",
                "test.yaml:8:15: stages.square.function: unknown value 'sum-of-square'; did you mean 'sum-of-squares'?",
                "test.yaml:11:15: stages.wait.duration: expected a duration with a unit (ns, us, ms, s, m, h, d),"
                        + " e.g. 10ms or 10s, but was '10'",
                "test.yaml:14:49: stages.pool.scheduler.threads must be > 0, but was 0",
                "test.yaml:15:5: unknown key 'schedular' in 'stages.pool'; did you mean 'scheduler'?",
                "test.yaml:16:1: unknown key 'sinks' in the profile; did you mean 'sink'?");
    }

    @Test
    void printsEveryErrorOnItsOwnLineInFileOrder() {
        String yaml = """
                name: t
                colour: red
                source:
                  range: {count: 3}
                stages:
                  - name: b
                    kind: identity
                    concurrency: x
                """;
        String stageError = "test.yaml:8:18: stages.b.concurrency: expected a whole number, but was 'x'";
        String keyError = "test.yaml:2:1: unknown key 'colour' in the profile; expected one of: "
                + "name, description, vars, engine, source, stages, sink, load, thresholds, server, crawl, variants, sweep, repeat, warmup, warmup-items";
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.errors())
                        .extracting(ProfileError::toString).containsExactly(stageError, keyError))
                .hasMessage(keyError + System.lineSeparator() + stageError);
    }
}
