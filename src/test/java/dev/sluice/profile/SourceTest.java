package dev.sluice.profile;

import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The source section: a range of numbers or a list of values, repeated. */
class SourceTest {

    private static String withSource(String source) {
        return "name: t\nsource:\n" + source + "stages:\n  - kind: identity\n";
    }

    @Test
    void readsRangeWithDefaultStartAndRepeat() {
        SourceSpec source = parse(withSource("  range: {count: 5}\n")).source();
        assertThat(source).isEqualTo(new SourceSpec.Range(0, 5, 1));
        assertThat(source.total()).isEqualTo(5);
    }

    @Test
    void readsRangeWithStartAndRepeat() {
        SourceSpec source = parse(withSource("""
                  range:
                    from: 5_000_000
                    count: 20
                  repeat: 3
                """)).source();
        assertThat(source).isEqualTo(new SourceSpec.Range(5_000_000, 20, 3));
        assertThat(source.total()).isEqualTo(60);
    }

    @Test
    void acceptsEmptyRange() {
        assertThat(parse(withSource("  range: {count: 0}\n")).source().total()).isZero();
    }

    @Test
    void keepsPlainNumbersAsNumbersAndEverythingElseAsText() {
        SourceSpec source = parse(withSource("  list: [1, \"2\", abc, -5, 1.5, 'x y']\n")).source();
        assertThat(source).isInstanceOfSatisfying(SourceSpec.Values.class, v -> assertThat(v.values())
                .containsExactly(1L, "2", "abc", -5L, "1.5", "x y"));
    }

    @Test
    void rejectsBothRangeAndList() {
        assertThat(error(withSource("  range: {count: 3}\n  list: [1, 2]\n")))
                .isEqualTo("test.yaml:3:3: source needs exactly one of 'range' or 'list'");
    }

    @Test
    void rejectsNeitherRangeNorList() {
        assertThat(error(withSource("  repeat: 2\n")))
                .isEqualTo("test.yaml:3:3: source needs exactly one of 'range' or 'list'");
    }

    @Test
    void rejectsSourceWrittenAsAWord() {
        assertThat(error("name: t\nsource: numbers\nstages:\n  - kind: identity\n"))
                .isEqualTo("test.yaml:2:9: source must be a mapping (key: value lines), but was the value 'numbers'");
    }

    @Test
    void rejectsListThatIsNotAList() {
        assertThat(error(withSource("  list: 3\n")))
                .isEqualTo("test.yaml:3:9: source.list must be a list of values, but was the value '3'");
    }

    @Test
    void rejectsNestedListItemAtTheItem() {
        assertThat(error(withSource("  list: [1, [2, 3]]\n")))
                .isEqualTo("test.yaml:3:13: source.list[1] must be a single value, but was a list");
    }

    @Test
    void rejectsRangeThatRunsPastTheLargestNumber() {
        assertThat(error(withSource("  range: {from: 9223372036854775807, count: 2}\n")))
                .isEqualTo("test.yaml:3:45: source.range.count runs past the largest number (9223372036854775807)");
    }

    @Test
    void valuesAreImmutable() {
        SourceSpec.Values values = new SourceSpec.Values(new java.util.ArrayList<>(List.of("a")), 1);
        assertThat(values.values()).isUnmodifiable();
    }
}
