package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Words chosen from a fixed set: stage and scheduler kinds, order, overflow, cpu function, sink, load. */
class KindsTest {

    private static String stageOfKind(String kind) {
        return """
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: %s
                """.formatted(kind);
    }

    @Test
    void rejectsUnknownStageKindWithSuggestion() {
        assertThat(error(stageOfKind("cpuu")))
                .isEqualTo("test.yaml:5:11: stages.cpuu.kind: unknown stage kind 'cpuu'; did you mean 'cpu'?");
    }

    @Test
    void rejectsMisspeltKindOfNamedStageUnderItsNameAndSaysWhichKindsTakeItsSettings() {
        assertThat(errors("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: wait
                    kind: slep
                    duration: 1ms
                """)).containsExactly(
                "test.yaml:6:11: stages.wait.kind: unknown stage kind 'slep'; did you mean 'sleep'?",
                "test.yaml:7:5: 'duration' is not a setting here: it is a setting of stage kind sleep or blocking-io");
    }

    @Test
    void listsStageKindsWhenNothingIsClose() {
        assertThat(error(stageOfKind("fetch")))
                .isEqualTo("test.yaml:5:11: stages.fetch.kind: unknown stage kind 'fetch';"
                        + " expected one of: cpu, sleep, blocking-io, identity, http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"process", "extract-links"})
    void saysReservedStageKindIsNotAvailableInThisVersion(String kind) {
        assertThat(error(stageOfKind(kind)))
                .isEqualTo("test.yaml:5:11: stages." + kind + ".kind: stage kind '" + kind
                        + "' is not available in this version; available kinds: cpu, sleep, blocking-io, identity, http");
    }

    @ParameterizedTest
    @ValueSource(strings = {"process"})
    void saysReservedSchedulerKindIsNotAvailableInWordForm(String kind) {
        assertThat(error(ONE_STAGE + "    scheduler: " + kind + "\n"))
                .isEqualTo("test.yaml:8:16: stages.square.scheduler.kind: scheduler kind '" + kind
                        + "' is not available in this version; use one of single, bounded-elastic, virtual, parallel, event-loop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"process"})
    void saysReservedSchedulerKindIsNotAvailableInMappingForm(String kind) {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: " + kind + "}\n"))
                .isEqualTo("test.yaml:8:23: stages.square.scheduler.kind: scheduler kind '" + kind
                        + "' is not available in this version; use one of single, bounded-elastic, virtual, parallel, event-loop");
    }

    @Test
    void rejectsUnknownSchedulerKindWithSuggestion() {
        assertThat(error(ONE_STAGE + "    scheduler: paralel\n"))
                .isEqualTo("test.yaml:8:16: stages.square.scheduler.kind: unknown scheduler kind 'paralel';"
                        + " did you mean 'parallel'?");
    }

    @Test
    void listsSchedulerKindsWhenNothingIsClose() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: gpu, threads: 2}\n"))
                .isEqualTo("test.yaml:8:23: stages.square.scheduler.kind: unknown scheduler kind 'gpu';"
                        + " expected one of: single, bounded-elastic, virtual, parallel, event-loop");
    }

    @Test
    void rejectsUnknownOrderWithSuggestion() {
        assertThat(error(ONE_STAGE + "    order: orderd\n"))
                .isEqualTo("test.yaml:8:12: stages.square.order: unknown value 'orderd'; did you mean 'ordered'?");
    }

    @Test
    void listsOrdersWhenNothingIsClose() {
        assertThat(error(ONE_STAGE + "    order: random\n"))
                .isEqualTo("test.yaml:8:12: stages.square.order: unknown value 'random'; expected one of: ordered, completion");
    }

    @Test
    void rejectsUnknownOverflowWithSuggestion() {
        assertThat(error(ONE_STAGE + "    buffer: {size: 4, overflow: drop-newst}\n"))
                .isEqualTo("test.yaml:8:33: stages.square.buffer.overflow: unknown value 'drop-newst';"
                        + " did you mean 'drop-newest'?");
    }

    @Test
    void listsOverflowPoliciesWhenNothingIsClose() {
        assertThat(error(ONE_STAGE + "    buffer: {size: 4, overflow: spill}\n"))
                .isEqualTo("test.yaml:8:33: stages.square.buffer.overflow: unknown value 'spill';"
                        + " expected one of: block, drop-newest, drop-oldest, error");
    }

    @Test
    void rejectsUnknownCpuFunctionWithSuggestion() {
        assertThat(error(ONE_STAGE.replace("function: sum-of-squares", "function: sum-of-square")))
                .isEqualTo("test.yaml:7:15: stages.square.function: unknown value 'sum-of-square';"
                        + " did you mean 'sum-of-squares'?");
    }

    @Test
    void listsCpuFunctionsWhenNothingIsClose() {
        assertThat(error(ONE_STAGE.replace("function: sum-of-squares", "function: fibonacci")))
                .isEqualTo("test.yaml:7:15: stages.square.function: unknown value 'fibonacci';"
                        + " expected one of: sum-of-squares, count");
    }

    @Test
    void rejectsUnknownSinkKindWithSuggestion() {
        assertThat(error(ONE_STAGE + "sink: cont\n"))
                .isEqualTo("test.yaml:8:7: sink.kind: unknown sink kind 'cont'; did you mean 'count'?");
    }

    @Test
    void saysJsonlSinkInWordFormNeedsAPath() {
        assertThat(error(ONE_STAGE + "sink: jsonl\n"))
                .isEqualTo("test.yaml:8:7: sink kind jsonl needs a path: sink: {kind: jsonl, path: items.jsonl}");
    }

    @Test
    void requiresPathForJsonlSink() {
        assertThat(error(ONE_STAGE + "sink: {kind: jsonl}\n")).isEqualTo("test.yaml:8:7: sink needs 'path'");
    }

    @Test
    void readsJsonlSinkPath() {
        Profile profile = Loading.parse(ONE_STAGE + "sink: {kind: jsonl, path: out/items.jsonl}\n");
        assertThat(profile.sink()).isEqualTo(new SinkSpec.Jsonl(java.nio.file.Path.of("out/items.jsonl")));
    }

    @Test
    void rejectsUnknownLoadModelWithSuggestion() {
        assertThat(error(ONE_STAGE + "load: {model: drian}\n"))
                .isEqualTo("test.yaml:8:15: load.model: unknown load model 'drian'; did you mean 'drain'?");
    }
}
