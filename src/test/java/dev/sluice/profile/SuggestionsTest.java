package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" picks the closest candidate within a small distance, else lists the candidates. */
class SuggestionsTest {

    private static final List<String> STAGE_KEYS = List.of("name", "kind", "scheduler", "concurrency", "order", "buffer");

    @Test
    void suggestsTheClosestCandidate() {
        assertThat(Suggestions.hint("schedular", STAGE_KEYS)).isEqualTo("; did you mean 'scheduler'?");
        assertThat(Suggestions.hint("concurency", STAGE_KEYS)).isEqualTo("; did you mean 'concurrency'?");
    }

    @Test
    void countsSwappedNeighboursAsOneEdit() {
        assertThat(Suggestions.distance("ordre", "order")).isEqualTo(1);
        assertThat(Suggestions.hint("ordre", STAGE_KEYS)).isEqualTo("; did you mean 'order'?");
    }

    @Test
    void ignoresCase() {
        assertThat(Suggestions.closest("Scheduler", STAGE_KEYS)).contains("scheduler");
    }

    @Test
    void listsTheCandidatesWhenNoneIsClose() {
        assertThat(Suggestions.hint("colour", STAGE_KEYS))
                .isEqualTo("; expected one of: name, kind, scheduler, concurrency, order, buffer");
    }

    @Test
    void allowsFewerEditsForShortWords() {
        assertThat(Suggestions.closest("nme", STAGE_KEYS)).contains("name");
        assertThat(Suggestions.closest("xy", STAGE_KEYS)).isEmpty();
        assertThat(Suggestions.closest("knd", STAGE_KEYS)).contains("kind");
    }

    @Test
    void measuresEditDistance() {
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
