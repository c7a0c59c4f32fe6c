package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.errors;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
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
                        + " expected one of: cpu, sleep, blocking-io, identity, http, consumer, extract-links");
    }

    @ParameterizedTest
    @ValueSource(strings = {"process"})
    void saysReservedStageKindIsNotAvailableInThisVersion(String kind) {
        assertThat(error(stageOfKind(kind)))
                .isEqualTo("test.yaml:5:11: stages." + kind + ".kind: stage kind '" + kind
                        + "' is not available in this version; available kinds: cpu, sleep, blocking-io, identity, http, consumer, extract-links");
    }

    @Test
    void readsAProcessSchedulerWithEverySetting() {
        Profile p = new ProfileLoader(Map.of()).parse(ONE_STAGE + """
                    scheduler:
                      kind: process
                      workers: 3
                      command: [python3, worker.py]
                      init: {model: small, size: 3, ratio: 0.5, on: true, none: null, list: [1, "2"]}
                      max-in-flight: 16
                      batch: 8
                      start-timeout: 2s
                      item-timeout: 3s
                      shutdown-timeout: 4s
                      restart: never
                """, "test.yaml", List.of());
        SchedulerSpec.Process s = (SchedulerSpec.Process) p.stages().getFirst().scheduler();
        assertThat(s.workers()).isEqualTo(3);
        assertThat(s.command()).containsExactly("python3", "worker.py");
        assertThat(s.init()).containsEntry("model", "small").containsEntry("size", 3L).containsEntry("ratio", 0.5)
                .containsEntry("on", true).containsEntry("none", null).containsEntry("list", List.of(1L, "2"));
        assertThat(s.maxInFlight()).isEqualTo(16);
        assertThat(s.batch()).isEqualTo(8);
        assertThat(s.startTimeout()).hasSeconds(2);
        assertThat(s.itemTimeout()).hasSeconds(3);
        assertThat(s.shutdownTimeout()).hasSeconds(4);
        assertThat(s.restart()).isEqualTo(SchedulerSpec.Process.Restart.NEVER);
        assertThat(p.stages().getFirst().concurrency()).isEqualTo(48);
    }

    @Test
    void aBareProcessSchedulerIsOneJvmWorkerPerCore() {
        Profile p = new ProfileLoader(Map.of()).parse(ONE_STAGE + "    scheduler: process\n", "test.yaml", List.of());
        SchedulerSpec.Process s = (SchedulerSpec.Process) p.stages().getFirst().scheduler();
        assertThat(s.builtIn()).isTrue();
        assertThat(s.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void rejectsAMisspeltProcessSettingWithSuggestion() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: process, worker: 2}\n"))
                .isEqualTo("test.yaml:8:32: unknown key 'worker' in 'stages.square.scheduler'; did you mean 'workers'?");
    }

    @Test
    void saysThreadsIsNotAProcessSetting() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: process, threads: 2}\n"))
                .contains("scheduler kind process takes no 'threads': say how many processes with 'workers'");
    }

    @Test
    void rejectsABadRestartValueWithSuggestion() {
        assertThat(error(ONE_STAGE + "    scheduler: {kind: process, restart: on-crsh}\n"))
                .contains("restart: unknown value 'on-crsh'; did you mean 'on-crash'?");
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
                        + " expected one of: single, bounded-elastic, virtual, io, parallel, event-loop, process");
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

    @Test
    void aConsumerStageLocksOnThreadsAndIsLockFreeOnTheEventLoopUnlessToldOtherwise() {
        String yaml = """
                name: t
                source: {range: {count: 3}}
                stages:
                  - {name: c, kind: consumer, pause: 5ms, scheduler: %s}
                """;
        WorkSpec.Consumer threads = (WorkSpec.Consumer) Loading.parse(yaml.formatted("virtual")).stages().getFirst().work();
        assertThat(threads.coordination()).isEqualTo(WorkSpec.Coordination.LOCK);
        assertThat(threads.counts()).isEqualTo(10);
        assertThat(threads.pause()).hasMillis(5);
        assertThat(threads.startAfter()).isEqualTo(WorkSpec.Consumer.DEFAULT_START_AFTER);
        WorkSpec.Consumer loop = (WorkSpec.Consumer) Loading.parse(yaml.formatted("event-loop")).stages().getFirst().work();
        assertThat(loop.coordination()).isEqualTo(WorkSpec.Coordination.LOCK_FREE);
        WorkSpec.Consumer told = (WorkSpec.Consumer) Loading.parse(yaml.formatted("event-loop"),
                "stages.c.coordination=lock").stages().getFirst().work();
        assertThat(told.coordination()).isEqualTo(WorkSpec.Coordination.LOCK);
    }

    @Test
    void aConsumerStageCannotRunOnWorkerProcessesAndItsSettingsAreChecked() {
        assertThat(error("""
                name: t
                source: {range: {count: 3}}
                stages:
                  - {name: c, kind: consumer, scheduler: process}
                """)).startsWith("test.yaml:4:42: stages.c.scheduler: a consumer stage shares its start signal")
                .endsWith("use single, bounded-elastic, virtual, parallel or event-loop");
        assertThat(error("""
                name: t
                source: {range: {count: 3}}
                stages:
                  - {name: c, kind: consumer, coordination: lockfree}
                """)).isEqualTo("test.yaml:4:45: stages.c.coordination: unknown value 'lockfree'; did you mean 'lock-free'?");
        assertThat(error("""
                name: t
                source: {range: {count: 3}}
                stages:
                  - {name: c, kind: consumer, counts: 0, poll: 0s}
                """)).startsWith("test.yaml:4:39: stages.c.counts must be > 0, but was 0");
    }
}
