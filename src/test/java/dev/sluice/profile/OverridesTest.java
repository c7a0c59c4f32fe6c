package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --set PATH=VALUE} edits the profile before it is read, and its mistakes point at the argument. */
class OverridesTest {

    private static final String TWO_STAGES = """
            name: t
            source:
              range: {count: 3}
            stages:
              - name: square
                kind: cpu
                function: sum-of-squares
                scheduler: parallel
              - kind: identity
            """;

    private static StageSpec stage(Profile profile, String name) {
        return profile.stage(name).orElseThrow();
    }

    @Test
    void setsStageSettingByName() {
        assertThat(stage(parse(TWO_STAGES, "stages.square.concurrency=32"), "square").concurrency()).isEqualTo(32);
    }

    @Test
    void setsStageSettingByIndex() {
        Profile profile = parse(TWO_STAGES, "stages.0.concurrency=8", "stages.1.concurrency=2");
        assertThat(stage(profile, "square").concurrency()).isEqualTo(8);
        assertThat(stage(profile, "identity").concurrency()).isEqualTo(2);
    }

    @Test
    void addressesUnnamedStageByItsKind() {
        assertThat(stage(parse(TWO_STAGES, "stages.identity.concurrency=4"), "identity").concurrency()).isEqualTo(4);
    }

    @Test
    void opensWordFormSchedulerToSetASettingBelowIt() {
        StageSpec square = stage(parse(TWO_STAGES, "stages.square.scheduler.threads=3"), "square");
        assertThat(square.scheduler()).isEqualTo(new SchedulerSpec.Parallel(3));
        assertThat(square.concurrency()).isEqualTo(3);
    }

    @Test
    void setsWholeSchedulerWithFlowYaml() {
        StageSpec square = stage(parse(TWO_STAGES, "stages.square.scheduler={kind: bounded-elastic, threads: 5}"), "square");
        assertThat(square.scheduler()).isEqualTo(new SchedulerSpec.BoundedElastic(5, SchedulerSpec.BoundedElastic.DEFAULT_QUEUE));
        assertThat(square.concurrency()).isEqualTo(5);
    }

    @Test
    void replacesSchedulerWithAWord() {
        StageSpec square = stage(parse(TWO_STAGES, "stages.square.scheduler=virtual"), "square");
        assertThat(square.scheduler()).isEqualTo(new SchedulerSpec.Virtual());
        assertThat(square.concurrency()).isEqualTo(SchedulerSpec.Virtual.DEFAULT_CONCURRENCY);
    }

    @Test
    void createsMissingKey() {
        assertThat(stage(parse(TWO_STAGES, "stages.square.order=completion"), "square").order())
                .isEqualTo(StageSpec.Order.COMPLETION);
    }

    @Test
    void createsMissingTopLevelKey() {
        assertThat(parse(TWO_STAGES, "description=set from the command line").description())
                .isEqualTo("set from the command line");
    }

    @Test
    void createsMissingSectionOnTheWay() {
        assertThat(stage(parse(TWO_STAGES, "stages.square.buffer.size=10"), "square").buffer())
                .isEqualTo(new BufferSpec(10, BufferSpec.Overflow.BLOCK));
    }

    @Test
    void opensWordFormSinkToAddAPath() {
        assertThat(parse(TWO_STAGES + "sink: jsonl\n", "sink.path=out.jsonl").sink())
                .isEqualTo(new SinkSpec.Jsonl(java.nio.file.Path.of("out.jsonl")));
    }

    @Test
    void appliesOverridesInOrder() {
        Profile profile = parse(TWO_STAGES, "stages.square.concurrency=3", "stages.square.concurrency=5");
        assertThat(stage(profile, "square").concurrency()).isEqualTo(5);
    }

    @Test
    void addressesRenamedStageByItsNewName() {
        Profile profile = parse(TWO_STAGES, "stages.square.name=squares", "stages.squares.concurrency=6");
        assertThat(stage(profile, "squares").concurrency()).isEqualTo(6);
    }

    @Test
    void keepsEverythingAfterTheFirstEqualsSignAsTheValue() {
        assertThat(parse(TWO_STAGES, "description=a=b").description()).isEqualTo("a=b");
    }

    @Test
    void interpolatesOverriddenValues() {
        assertThat(parse(TWO_STAGES, "description=${env:SLUICE_HOST}").description()).isEqualTo("example.test");
    }

    @Test
    void rejectsInvalidValueAtTheSetArgumentNamingThePath() {
        assertThat(error(TWO_STAGES, "stages.square.concurrency=0"))
                .isEqualTo("--set stages.square.concurrency:1:1: stages.square.concurrency must be > 0, but was 0");
    }

    @Test
    void rejectsWrongTypeAtTheSetArgument() {
        assertThat(error(TWO_STAGES, "stages.0.concurrency=lots"))
                .isEqualTo("--set stages.0.concurrency:1:1: stages.square.concurrency: expected a whole number,"
                        + " but was 'lots'");
    }

    @Test
    void pointsIntoFlowYamlOfTheSetArgument() {
        assertThat(error(TWO_STAGES, "stages.square.scheduler={kind: parallel, threads: 0}"))
                .isEqualTo("--set stages.square.scheduler:1:27: stages.square.scheduler.threads must be > 0, but was 0");
    }

    @Test
    void rejectsInvalidYamlInTheValueAtItsColumn() {
        assertThat(error(TWO_STAGES, "stages.square.scheduler={kind: ["))
                .startsWith("--set stages.square.scheduler:1:9: invalid YAML: ");
    }

    @Test
    void rejectsEmptyValueAtTheSetArgument() {
        assertThat(error(TWO_STAGES, "stages.square.concurrency="))
                .isEqualTo("--set stages.square.concurrency:1:1: stages.square.concurrency is empty;"
                        + " give it a value or remove the key");
    }

    @Test
    void rejectsUnknownKeyCreatedBySetAtTheSetArgument() {
        assertThat(error(TWO_STAGES, "stages.square.concurency=3"))
                .isEqualTo("--set stages.square.concurency:1:1: unknown key 'concurency' in 'stages.square';"
                        + " did you mean 'concurrency'?");
    }

    @Test
    void rejectsSettingThatTheOpenedSchedulerDoesNotTakeAtTheSetArgument() {
        assertThat(error(TWO_STAGES.replace("scheduler: parallel", "scheduler: virtual"), "stages.square.scheduler.threads=3"))
                .isEqualTo("--set stages.square.scheduler.threads:1:1: 'threads' is not a setting here:"
                        + " scheduler kind virtual takes no 'threads' (bound a virtual stage with the stage's concurrency)");
    }

    @Test
    void reportsIncompleteSectionCreatedBySetAtTheSetArgument() {
        assertThat(error(ONE_STAGE, "stages.square.scheduler.threads=3"))
                .isEqualTo("--set stages.square.scheduler.threads:1:1: stages.square.scheduler needs 'kind'");
    }

    @Test
    void rejectsUnknownStageNameWithSuggestion() {
        assertThat(error(TWO_STAGES, "stages.sqare.concurrency=3"))
                .isEqualTo("--set stages.sqare.concurrency:1:1: no entry named 'sqare' in stages; did you mean 'square'?");
    }

    @Test
    void rejectsUnknownStageNameListingTheNames() {
        assertThat(error(TWO_STAGES, "stages.fetch.concurrency=3"))
                .isEqualTo("--set stages.fetch.concurrency:1:1: no entry named 'fetch' in stages;"
                        + " expected one of: square, identity");
    }

    @Test
    void rejectsIndexPastTheEnd() {
        assertThat(error(TWO_STAGES, "stages.2.concurrency=3"))
                .isEqualTo("--set stages.2.concurrency:1:1: stages has 2 entries, so there is no index 2");
    }

    @Test
    void rejectsArgumentWithoutEquals() {
        assertThat(error(TWO_STAGES, "stages.square.concurrency"))
                .isEqualTo("--set stages.square.concurrency:1:1: --set expects PATH=VALUE, e.g."
                        + " --set stages.work.concurrency=32, but was 'stages.square.concurrency'");
    }

    @Test
    void rejectsArgumentWithoutPath() {
        assertThat(error(TWO_STAGES, "=7"))
                .isEqualTo("--set =7:1:1: --set expects PATH=VALUE, e.g. --set stages.work.concurrency=32, but was '=7'");
    }

    @Test
    void rejectsPathWithAnEmptyPart() {
        assertThat(error(TWO_STAGES, "stages..concurrency=3"))
                .isEqualTo("--set stages..concurrency:1:1: the path has an empty part; write it like stages.work.concurrency");
    }

    @Test
    void rejectsPathThroughATopLevelScalar() {
        assertThat(error(TWO_STAGES, "name.x=3"))
                .isEqualTo("--set name.x:1:1: 'name' is a single value ('t'), so it has no 'x' to set");
    }

    @Test
    void rejectsPathThroughAStageScalar() {
        assertThat(error(TWO_STAGES, "stages.square.function.n=3"))
                .isEqualTo("--set stages.square.function.n:1:1: 'stages.square.function' is a single value"
                        + " ('sum-of-squares'), so it has no 'n' to set");
    }

    @Test
    void reportsBadOverridesAlongsideMistakesInTheFile() {
        assertThat(Loading.errors(TWO_STAGES + "sinks: count\n", "stages.square.concurrency=0", "stages.nope.order=ordered"))
                .containsExactly(
                        "--set stages.nope.order:1:1: no entry named 'nope' in stages; expected one of: square, identity",
                        "--set stages.square.concurrency:1:1: stages.square.concurrency must be > 0, but was 0",
                        "test.yaml:10:1: unknown key 'sinks' in the profile; did you mean 'sink'?");
    }
}
