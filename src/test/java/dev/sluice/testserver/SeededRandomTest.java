package dev.sluice.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Seeded uniform numbers: range, determinism, spread and independent streams. */
class SeededRandomTest {

    private static final int DRAWS = 100_000;

    @Test
    void unitLiesInZeroToOne() {
        for (long i = 0; i < DRAWS; i++) {
            assertThat(SeededRandom.unit(1, 2, i)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
        assertThat(SeededRandom.unit(-1, -1, -1)).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }

    @Test
    void sameInputsGiveTheSameNumber() {
        for (long i = 0; i < 1_000; i++) {
            assertThat(SeededRandom.unit(42, 7, i)).isEqualTo(SeededRandom.unit(42, 7, i));
            assertThat(SeededRandom.mix(42, 7, i)).isEqualTo(SeededRandom.mix(42, 7, i));
        }
    }

    @Test
    void drawsSpreadEvenlyOverHundredBuckets() {
        int[] buckets = new int[100];
        for (long i = 0; i < DRAWS; i++) {
            buckets[(int) (SeededRandom.unit(3, 0, i) * 100)]++;
        }
        double chiSquare = 0;
        double expected = DRAWS / 100.0;
        for (int count : buckets) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        // 99 degrees of freedom: the 99.99th percentile is about 160.
        assertThat(chiSquare).isLessThan(160);
        assertThat(IntStream.of(buckets).min().orElseThrow()).isGreaterThan(850);
        assertThat(IntStream.of(buckets).max().orElseThrow()).isLessThan(1_150);
    }

    @Test
    void consecutiveSeedsAndStreamsAreUncorrelated() {
        double sum = 0;
        for (long i = 0; i < DRAWS; i++) {
            sum += (SeededRandom.unit(i, 0, 0) - 0.5) * (SeededRandom.unit(i + 1, 0, 0) - 0.5);
        }
        // The covariance of independent uniforms is 0; its standard error here is about 0.00026.
        assertThat(sum / DRAWS).isBetween(-0.0015, 0.0015);
    }

    @Test
    void differentStreamsGiveDifferentSequences() {
        int same = 0;
        for (long i = 0; i < 10_000; i++) {
            if (SeededRandom.mix(9, 1, i) == SeededRandom.mix(9, 2, i)) {
                same++;
            }
        }
        assertThat(same).isZero();
        assertThat(SeededRandom.unit(9, 1, 0)).isNotEqualTo(SeededRandom.unit(9, 2, 0));
        assertThat(SeededRandom.unit(9, 1, 0)).isNotEqualTo(SeededRandom.unit(10, 1, 0));
    }

    @Test
    void bitsAreBalanced() {
        int[] ones = new int[64];
        for (long i = 0; i < 20_000; i++) {
            long bits = SeededRandom.mix(0, 0, i);
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) ((bits >>> b) & 1);
            }
        }
        assertThat(IntStream.of(ones).min().orElseThrow()).isGreaterThan(9_500);
        assertThat(IntStream.of(ones).max().orElseThrow()).isLessThan(10_500);
    }
}
