package dev.sluice.profile;

import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Profile names name a run's folder; stage names are addressed by --set and thresholds. */
class NamesTest {

    private static String named(String name) {
        return """
                name: %s
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """.formatted(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"quickstart", "cpu-sum-of-squares", "seed2.v1_b", "2024-run"})
    void acceptsProfileNamesMadeOfLettersDigitsDotsDashesAndUnderscores(String name) {
        assertThat(parse(named(name)).name()).isEqualTo(name);
    }

    @Test
    void rejectsProfileNameWithASpaceAtTheValue() {
        assertThat(error(named("\"my profile\"")))
                .isEqualTo("test.yaml:1:7: name must be letters, digits, '.', '_' or '-' (it names the run's folder),"
                        + " but was 'my profile'");
    }

    @Test
    void rejectsProfileNameThatStartsWithADash() {
        assertThat(error(named("-x")))
                .isEqualTo("test.yaml:1:7: name must be letters, digits, '.', '_' or '-' (it names the run's folder),"
                        + " but was '-x'");
    }

    @Test
    void rejectsProfileNameWithASlash() {
        assertThat(error(named("../escape")))
                .isEqualTo("test.yaml:1:7: name must be letters, digits, '.', '_' or '-' (it names the run's folder),"
                        + " but was '../escape'");
    }

    @Test
    void rejectsStageNameThatStartsWithADigit() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: 1st
                    kind: identity
                """)).isEqualTo("test.yaml:5:11: stages.1st.name must start with a letter and hold only letters,"
                        + " digits, '_' or '-', but was '1st'");
    }

    @Test
    void rejectsStageNameWithADotBecauseItWouldBreakPaths() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: a.b
                    kind: identity
                """)).isEqualTo("test.yaml:5:11: stages.a.b.name must start with a letter and hold only letters,"
                        + " digits, '_' or '-', but was 'a.b'");
    }

    @Test
    void rejectsTwoStagesWithTheSameName() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: work
                    kind: identity
                  - name: work
                    kind: sleep
                    duration: 1ms
                """)).isEqualTo("test.yaml:5:3: stages has two stages named 'work'; give each stage a distinct 'name:'");
    }

    @Test
    void rejectsTwoUnnamedStagesOfTheSameKind() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                  - kind: identity
                """)).isEqualTo("test.yaml:5:3: stages has two stages named 'identity'; give each stage a distinct 'name:'");
    }
}
