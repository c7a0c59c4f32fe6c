package dev.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.WorkSpec.CpuFunction;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class CpuWorkTest {

    /** (n-1) n (2n-1) / 6, the closed form of the sum of i*i for i < n. */
    private static BigInteger closedForm(long n) {
        BigInteger big = BigInteger.valueOf(n);
        return big.subtract(BigInteger.ONE).multiply(big).multiply(big.shiftLeft(1).subtract(BigInteger.ONE))
                .divide(BigInteger.valueOf(6));
    }

    @Test
    void sumOfSquaresIsExactPastTheRangeOfALong() throws Exception {
        for (long n : new long[] {0, 1, 2, 10, 1000, 3_000_000, 5_000_000, 5_000_019}) {
            Object result = CpuWork.sumOfSquares(n);
            assertThat(new BigInteger(result.toString())).as("n=" + n).isEqualTo(closedForm(n));
        }
        assertThat(CpuWork.sumOfSquares(5_000_000)).isInstanceOf(BigInteger.class);
        assertThat(CpuWork.sumOfSquares(1000)).isEqualTo(332_833_500L);
    }

    @Test
    void countReturnsItsNumber() throws Exception {
        assertThat(CpuWork.count(12_345)).isEqualTo(12_345L);
    }

    @Test
    void takesNumbersAsLongsOrText() throws Exception {
        CpuWork work = new CpuWork(CpuFunction.SUM_OF_SQUARES);
        assertThat(work.apply(4L)).isEqualTo(14L);
        assertThat(work.apply(" 4 ")).isEqualTo(14L);
        assertThatThrownBy(() -> work.apply("four")).hasMessageContaining("needs a whole number");
        assertThatThrownBy(() -> work.apply(-1L)).hasMessageContaining("n >= 0");
    }
}
