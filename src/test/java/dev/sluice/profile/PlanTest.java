package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** variants, sweep, repeat and warmup: each variant a whole profile, validated like the file. */
class PlanTest {

    private static final String BASE = """
            name: t
            source: {range: {count: 3}}
            stages:
              - name: square
                kind: cpu
                function: sum-of-squares
            """;

    private static Plan plan(String extra, String... sets) {
        return new ProfileLoader(Map.of()).parsePlan(BASE + extra, "test.yaml", List.of(sets));
    }

    private static String error(String extra) {
        try {
            plan(extra);
        } catch (ProfileException e) {
            return String.join("\n", e.errors().stream().map(Object::toString).toList());
        }
        throw new AssertionError("expected the plan to be rejected");
    }

    @Test
    void aProfileWithoutVariantsIsOneVariantRunOnce() {
        Plan p = plan("");
        assertThat(p.variants()).extracting(Plan.Variant::label).containsExactly("default");
        assertThat(p.repeat()).isEqualTo(1);
        assertThat(p.compares()).isFalse();
    }

    @Test
    void eachVariantIsTheFileWithItsOwnSettings() {
        Plan p = plan("""
                repeat: 3
                warmup: 1
                variants:
                  - {label: one-thread, set: {stages.square.scheduler: single}}
                  - label: threads-4
                    set: {stages.square.scheduler: {kind: bounded-elastic, threads: 4}, stages.square.concurrency: 4}
                """);
        assertThat(p.repeat()).isEqualTo(3);
        assertThat(p.warmup()).isEqualTo(1);
        assertThat(p.variants()).extracting(Plan.Variant::label).containsExactly("one-thread", "threads-4");
        StageSpec second = p.variants().get(1).profile().stages().getFirst();
        assertThat(second.scheduler()).isEqualTo(new SchedulerSpec.BoundedElastic(4, SchedulerSpec.BoundedElastic.DEFAULT_QUEUE));
        assertThat(second.concurrency()).isEqualTo(4);
        assertThat(p.variants().getFirst().profile().stages().getFirst().scheduler()).isEqualTo(new SchedulerSpec.Single());
    }

    @Test
    void commandLineSetsApplyToEveryVariantAndTheVariantsOwnComeLast() {
        Plan p = plan("""
                variants:
                  - {label: a, set: {stages.square.concurrency: 1}}
                  - {label: b, set: {}}
                """, "stages.square.concurrency=2", "source.range.count=7");
        assertThat(p.variants().get(0).profile().stages().getFirst().concurrency()).isEqualTo(1);
        assertThat(p.variants().get(1).profile().stages().getFirst().concurrency()).isEqualTo(2);
        assertThat(p.variants()).allSatisfy(v -> assertThat(v.profile().source().total()).isEqualTo(7));
    }

    @Test
    void aSweepMakesOneVariantPerValueInOrder() {
        Plan p = plan("""
                sweep: {path: stages.square.scheduler, values: [single, parallel, virtual]}
                """);
        assertThat(p.variants()).extracting(Plan.Variant::label)
                .containsExactly("scheduler=single", "scheduler=parallel", "scheduler=virtual");
        assertThat(p.isSweep()).isTrue();
        assertThat(p.sweptPath()).isEqualTo("stages.square.scheduler");
        assertThat(p.variants().get(2).profile().stages().getFirst().scheduler()).isEqualTo(new SchedulerSpec.Virtual());
    }

    @Test
    void aBadValueInAVariantIsReportedWhereItIsWritten() {
        assertThat(error("""
                variants:
                  - {label: a, set: {stages.square.concurrency: 0}}
                """)).contains("test.yaml:8:").contains("concurrency");
    }

    @Test
    void aMisspeltVariantKeyGetsASuggestion() {
        assertThat(error("""
                variants:
                  - {label: a, sets: {stages.square.concurrency: 2}}
                """)).contains("unknown key 'sets' in variants[0]; did you mean 'set'?");
    }

    @Test
    void labelsMustDifferAndBothVariantsAndSweepIsRefused() {
        assertThat(error("""
                variants:
                  - {label: a, set: {}}
                  - {label: a, set: {}}
                """)).contains("variants[1].label 'a' is used by an earlier variant");
        assertThat(error("""
                variants: [{label: a, set: {}}]
                sweep: {path: stages.square.concurrency, values: [1, 2]}
                """)).contains("a profile takes 'variants' or 'sweep', not both");
    }

    @Test
    void theCommandLineCanSetThePlan() {
        Plan p = plan("variants: [{label: a, set: {}}]\n", "repeat=3", "warmup=2");
        assertThat(p.repeat()).isEqualTo(3);
        assertThat(p.warmup()).isEqualTo(2);
    }

    @Test
    void repeatMustBePositive() {
        assertThat(error("repeat: 0\n")).contains("test.yaml:7:9: repeat must be a whole number >= 1, but was 0");
    }

    @Test
    void loadingTheFileAloneIgnoresThePlanKeys() {
        Profile p = new ProfileLoader(Map.of()).parse(BASE + "repeat: 2\nsweep: {path: x, values: [1]}\n", "test.yaml", List.of());
        assertThat(p.name()).isEqualTo("t");
        assertThatThrownBy(() -> plan("sweep: {path: stages.square.concurrency}\n"))
                .isInstanceOf(ProfileException.class).hasMessageContaining("sweep needs 'values'");
    }

    @Test
    void aShortWarmUpRunsTheFirstItemsOfTheSource() {
        Plan p = plan("warmup: 1\nwarmup-items: 2\nvariants: [{label: a, set: {}}, {label: b, set: {}}]\n");
        assertThat(p.warmupItems()).isEqualTo(2);
        assertThat(p.warmupProfile(p.variants().get(1)).source()).isEqualTo(new SourceSpec.Range(0, 2, 1));
        assertThat(p.variants().get(1).profile().source()).isEqualTo(new SourceSpec.Range(0, 3, 1));
        assertThat(plan("warmup: 1\n").warmupProfile(plan("").variants().getFirst()).source().total()).isEqualTo(3);
        // A list's first items run through its repeats, in order.
        SourceSpec list = new SourceSpec.Values(List.of("a", "b"), 10);
        assertThat(list.firstItems(3)).isEqualTo(new SourceSpec.Values(List.of("a", "b", "a"), 1));
        assertThat(list.firstItems(50)).isSameAs(list);
        assertThat(new SourceSpec.Range(5, 4, 10).firstItems(9)).isEqualTo(new SourceSpec.Range(5, 4, 2));
        assertThat(error("warmup-items: -1\n")).isEqualTo("test.yaml:7:15: warmup-items must be a whole number >= 0, but was -1");
        assertThat(error("warmup-item: 5\n")).contains("unknown key 'warmup-item'").contains("did you mean 'warmup-items'?");
    }
}
