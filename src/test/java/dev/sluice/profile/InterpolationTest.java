package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${env:NAME}}, {@code ${env:NAME:-default}}, {@code ${var}} from vars:, and names left for run time. */
class InterpolationTest {

    private static String described(String description) {
        return ONE_STAGE + "description: " + description + "\n";
    }

    @Test
    void replacesEnvironmentVariable() {
        assertThat(parse(described("\"http://${env:SLUICE_HOST}/index.html\"")).description())
                .isEqualTo("http://example.test/index.html");
    }

    @Test
    void usesDefaultWhenEnvironmentVariableIsUnset() {
        assertThat(parse(described("${env:SLUICE_NOT_SET:-localhost:8080}")).description()).isEqualTo("localhost:8080");
    }

    @Test
    void usesDefaultWhenEnvironmentVariableIsEmpty() {
        assertThat(parse(described("${env:SLUICE_EMPTY:-fallback}")).description()).isEqualTo("fallback");
    }

    @Test
    void prefersSetEnvironmentVariableOverDefault() {
        assertThat(parse(described("${env:SLUICE_HOST:-localhost}")).description()).isEqualTo("example.test");
    }

    @Test
    void acceptsEmptyDefault() {
        assertThat(parse(described("\"[${env:SLUICE_NOT_SET:-}]\"")).description()).isEqualTo("[]");
    }

    @Test
    void rejectsUnsetEnvironmentVariableAtTheValueNamingIt() {
        assertThat(error(described("\"see ${env:SLUICE_NOT_SET}\"")))
                .isEqualTo("test.yaml:8:14: description: environment variable SLUICE_NOT_SET is not set"
                        + " (${env:SLUICE_NOT_SET}); export it, or give a default: ${env:SLUICE_NOT_SET:-VALUE}");
    }

    @Test
    void rejectsEmptyEnvironmentVariableWithoutDefault() {
        assertThat(error(ONE_STAGE + "    concurrency: ${env:SLUICE_EMPTY}\n"))
                .isEqualTo("test.yaml:8:18: stages.square.concurrency: environment variable SLUICE_EMPTY is not set"
                        + " (${env:SLUICE_EMPTY}); export it, or give a default: ${env:SLUICE_EMPTY:-VALUE}");
    }

    @Test
    void typesAnInterpolatedValueAfterReplacing() {
        Profile profile = new ProfileLoader(Map.of("WORKERS", "12"))
                .parse(ONE_STAGE + "    concurrency: ${env:WORKERS}\n", "test.yaml", List.of());
        assertThat(profile.stages().get(0).concurrency()).isEqualTo(12);
    }

    @Test
    void checksAnInterpolatedValueLikeAWrittenOne() {
        assertThatThrownBy(() -> new ProfileLoader(Map.of("WORKERS", "none"))
                .parse(ONE_STAGE + "    concurrency: ${env:WORKERS}\n", "test.yaml", List.of()))
                .isInstanceOfSatisfying(ProfileException.class, e -> assertThat(e.errors())
                        .extracting(ProfileError::toString)
                        .containsExactly("test.yaml:8:18: stages.square.concurrency: expected a whole number,"
                                + " but was 'none'"));
    }

    @Test
    void replacesVariableFromVars() {
        Profile profile = parse("""
                name: t
                vars:
                  n: 7
                  base: 5000000
                source:
                  range: {from: "${base}", count: "${n}"}
                stages:
                  - kind: identity
                """);
        assertThat(profile.source()).isEqualTo(new SourceSpec.Range(5_000_000, 7, 1));
    }

    @Test
    void letsVarsUseTheEnvironment() {
        Profile profile = parse("""
                name: t
                vars:
                  host: ${env:SLUICE_HOST}
                description: "crawl ${host}"
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """);
        assertThat(profile.description()).isEqualTo("crawl example.test");
    }

    @Test
    void rejectsUnknownVariableWithSuggestion() {
        assertThat(error("""
                name: t
                vars:
                  count: 7
                source:
                  range: {count: "${cont}"}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:5:18: source.range.count: variable 'cont' is not set (did you mean 'count'?);"
                        + " define it under vars:, or use ${env:NAME} for an environment variable");
    }

    @Test
    void rejectsUnknownVariableWhenThereAreNoVars() {
        assertThat(error(described("${host}")))
                .isEqualTo("test.yaml:8:14: description: variable 'host' is not set;"
                        + " define it under vars:, or use ${env:NAME} for an environment variable");
    }

    @Test
    void rejectsVarsThatIsNotAMapping() {
        assertThat(error("""
                name: t
                vars: 3
                source:
                  range: {count: 3}
                stages:
                  - kind: identity
                """)).isEqualTo("test.yaml:2:7: vars must be a mapping (key: value lines), but was the value '3'");
    }

    @Test
    void keepsDoubleDollarAsLiteral() {
        assertThat(parse(described("\"cost $${env:SLUICE_HOST} and $${item}\"")).description())
                .isEqualTo("cost ${env:SLUICE_HOST} and ${item}");
    }

    @Test
    void leavesRuntimeNamesUntouched() {
        assertThat(parse(described("\"${server.url}/page/${item} on ${server.host}:${server.port}\"")).description())
                .isEqualTo("${server.url}/page/${item} on ${server.host}:${server.port}");
    }

    @Test
    void leavesTextWithoutReferencesAlone() {
        assertThat(parse(described("\"$5 and {braces} and $ {spaced}\"")).description())
                .isEqualTo("$5 and {braces} and $ {spaced}");
    }

    @Test
    void replacesEveryReferenceInOneValue() {
        assertThat(parse(described("\"${env:SLUICE_HOST}-${env:SLUICE_NOT_SET:-x}-${env:SLUICE_HOST}\"")).description())
                .isEqualTo("example.test-x-example.test");
    }
}
