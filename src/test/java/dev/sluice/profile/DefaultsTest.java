package dev.sluice.profile;

import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a profile means when it leaves a setting out. */
class DefaultsTest {

    private static final String MINIMAL = """
            name: t
            source:
              range: {count: 3}
            stages:
              - kind: identity
            """;

    private static StageSpec onlyStage(String stageLines) {
        return parse("name: t\nsource:\n  range: {count: 3}\nstages:\n  - kind: identity\n" + stageLines)
                .stages().get(0);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    @Test
    void fillsEveryOptionalSectionOfAMinimalProfile() {
        Profile profile = parse(MINIMAL);
        assertThat(profile.description()).isEmpty();
        assertThat(profile.sink()).isEqualTo(new SinkSpec.Count());
        assertThat(profile.load()).isEqualTo(new LoadSpec.Drain());
        assertThat(profile.thresholds()).isEmpty();
        assertThat(profile.source().repeat()).isEqualTo(1);
    }

    @Test
    void givesAStageTheDefaultsOfASingleThreadedMap() {
        StageSpec stage = onlyStage("");
        assertThat(stage.name()).isEqualTo("identity");
        assertThat(stage.kind()).isEqualTo("identity");
        assertThat(stage.scheduler()).isEqualTo(new SchedulerSpec.Single());
        assertThat(stage.concurrency()).isEqualTo(1);
        assertThat(stage.order()).isEqualTo(StageSpec.Order.ORDERED);
        assertThat(stage.buffer()).isEqualTo(BufferSpec.NONE);
        assertThat(stage.buffer().isNone()).isTrue();
    }

    @Test
    void namesEachUnnamedStageAfterItsKind() {
        Profile profile = parse("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: cpu
                    function: count
                  - kind: sleep
                    duration: 1ms
                  - kind: blocking-io
                    duration: 1ms
                """);
        assertThat(profile.stages()).extracting(StageSpec::name).containsExactly("cpu", "sleep", "blocking-io");
    }

    @Test
    void defaultsConcurrencyToOneOnSingle() {
        assertThat(onlyStage("    scheduler: single\n").concurrency()).isEqualTo(1);
    }

    @Test
    void defaultsConcurrencyAndThreadsToTheCoresOnParallel() {
        StageSpec stage = onlyStage("    scheduler: parallel\n");
        assertThat(stage.scheduler()).isEqualTo(new SchedulerSpec.Parallel(cores()));
        assertThat(stage.concurrency()).isEqualTo(cores());
    }

    @Test
    void defaultsConcurrencyToTheThreadsOnParallel() {
        assertThat(onlyStage("    scheduler: {kind: parallel, threads: 3}\n").concurrency()).isEqualTo(3);
    }

    @Test
    void defaultsConcurrencyToTheThreadsOnBoundedElastic() {
        StageSpec stage = onlyStage("    scheduler: {kind: bounded-elastic, threads: 7}\n");
        assertThat(stage.scheduler()).isEqualTo(new SchedulerSpec.BoundedElastic(7, 100_000));
        assertThat(stage.concurrency()).isEqualTo(7);
    }

    @Test
    void defaultsBoundedElasticToTenThreadsPerCore() {
        StageSpec stage = onlyStage("    scheduler: bounded-elastic\n");
        assertThat(stage.scheduler()).isEqualTo(new SchedulerSpec.BoundedElastic(10 * cores(), 100_000));
        assertThat(stage.concurrency()).isEqualTo(10 * cores());
    }

    @Test
    void defaultsConcurrencyTo1024OnVirtual() {
        StageSpec stage = onlyStage("    scheduler: {kind: virtual}\n");
        assertThat(stage.scheduler()).isEqualTo(new SchedulerSpec.Virtual());
        assertThat(stage.concurrency()).isEqualTo(1024);
    }

    @Test
    void keepsExplicitConcurrencyOverTheSchedulerWidth() {
        assertThat(onlyStage("    scheduler: parallel\n    concurrency: 64\n").concurrency()).isEqualTo(64);
    }

    @Test
    void defaultsBufferOverflowToBlock() {
        assertThat(onlyStage("    buffer: {size: 50}\n").buffer()).isEqualTo(new BufferSpec(50, BufferSpec.Overflow.BLOCK));
    }

    @Test
    void readsEveryOverflowPolicy() {
        assertThat(onlyStage("    buffer: {size: 5, overflow: drop-oldest}\n").buffer().overflow())
                .isEqualTo(BufferSpec.Overflow.DROP_OLDEST);
        assertThat(onlyStage("    buffer: {size: 5, overflow: drop-newest}\n").buffer().overflow())
                .isEqualTo(BufferSpec.Overflow.DROP_NEWEST);
        assertThat(onlyStage("    buffer: {size: 5, overflow: error}\n").buffer().overflow())
                .isEqualTo(BufferSpec.Overflow.ERROR);
    }

    @Test
    void acceptsWordFormSinkAndLoad() {
        Profile profile = parse(MINIMAL + "sink: discard\nload: drain\n");
        assertThat(profile.sink()).isEqualTo(new SinkSpec.Discard());
        assertThat(profile.load()).isEqualTo(new LoadSpec.Drain());
    }

    @Test
    void readsCpuFunctions() {
        Profile profile = parse("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: a
                    kind: cpu
                    function: sum-of-squares
                  - name: b
                    kind: cpu
                    function: count
                """);
        assertThat(profile.stages()).extracting(StageSpec::work).containsExactly(
                new WorkSpec.Cpu(WorkSpec.CpuFunction.SUM_OF_SQUARES), new WorkSpec.Cpu(WorkSpec.CpuFunction.COUNT));
    }
}
