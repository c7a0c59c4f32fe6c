package dev.sluice.profile;

import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.errors;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What the loader says about text that is not YAML, not a profile-shaped document, or repeats a key. */
class YamlSyntaxTest {

    @Test
    void reportsUnclosedFlowListWhereTheFileEnds() {
        assertThatThrownBy(() -> parse("""
                name: t
                source: [a
                """))
                .isInstanceOfSatisfying(ProfileException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    ProfileError only = e.errors().get(0);
                    assertThat(only.position()).isEqualTo(new Position("test.yaml", 3, 1));
                    assertThat(only.message()).startsWith("invalid YAML: ")
                            .contains("expected ',' or ']'", "while parsing a flow sequence");
                });
    }

    @Test
    void reportsMisplacedColonAtItsColumn() {
        assertThat(error("""
                name: t
                  bad: x
                """)).isEqualTo("test.yaml:2:6: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void reportsTabIndentationAtTheTab() {
        assertThat(error("name: t\n\tsource: x\n"))
                .startsWith("test.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token")
                .contains("Do not use \\t(TAB) for indentation");
    }

    @Test
    void reportsUnclosedQuoteAsInvalidYaml() {
        assertThat(error("""
                name: "t
                source: {}
                """)).startsWith("test.yaml:3:1: invalid YAML: found unexpected end of stream")
                .contains("while scanning a quoted scalar");
    }

    @Test
    void refusesASecondDocumentWhereItStarts() {
        assertThat(error("""
                name: a
                ---
                name: b
                """)).isEqualTo("test.yaml:2:1: invalid YAML: but found another document"
                        + " (expected a single document in the stream)");
    }

    @Test
    void rejectsEmptyFile() {
        assertThat(error("")).isEqualTo("test.yaml:1:1: the profile is empty; it needs at least name, source and stages");
    }

    @Test
    void rejectsFileOfOnlyCommentsAndBlankLinesAsEmpty() {
        assertThat(error("# nothing here yet\n\n   \n"))
                .isEqualTo("test.yaml:1:1: the profile is empty; it needs at least name, source and stages");
    }

    @Test
    void rejectsTopLevelListWithWhatItWas() {
        assertThat(error("""
                - name: t
                - kind: cpu
                """)).isEqualTo("test.yaml:1:1: the profile must be a mapping (key: value lines), but was a list");
    }

    @Test
    void rejectsTopLevelScalarWithItsValue() {
        assertThat(error("\n\nhello\n"))
                .isEqualTo("test.yaml:3:1: the profile must be a mapping (key: value lines), but was the value 'hello'");
    }

    @Test
    void reportsDuplicateTopLevelKeyAtTheSecondWithTheLineOfTheFirst() {
        assertThat(error("""
                name: t
                source:
                  range: {count: 3}
                name: u
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:4:1: duplicate key 'name' in the profile (first at line 1)");
    }

    @Test
    void reportsDuplicateKeyInAStage() {
        assertThat(error(Loading.ONE_STAGE + "    function: count\n"))
                .isEqualTo("test.yaml:8:5: duplicate key 'function' in 'stages[0]' (first at line 7)");
    }

    @Test
    void reportsDuplicateKeyInsideAFlowMapping() {
        assertThat(error(Loading.ONE_STAGE + "    scheduler: {kind: parallel, kind: single}\n"))
                .isEqualTo("test.yaml:8:33: duplicate key 'kind' in 'stages.square.scheduler' (first at line 8)");
    }

    @Test
    void rejectsComplexKey() {
        assertThat(error("""
                name: t
                ? [a, b]
                : c
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:2:3: keys must be plain words, but the profile has a complex key");
    }
}
