package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendTest {

    private static double[] windows(int n, double seconds) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * seconds;
        }
        return x;
    }

    @Test
    void exactLineIsRecoveredByBoth() {
        double[] x = windows(20, 10);
        double[] y = new double[20];
        for (int i = 0; i < y.length; i++) {
            y[i] = 5 + 0.5 * x[i];
        }
        for (Trend.Fit fit : new Trend.Fit[] {Trend.leastSquares(x, y), Trend.theilSen(x, y)}) {
            assertThat(fit.slope()).isCloseTo(0.5, within(1e-12));
            assertThat(fit.intercept()).isCloseTo(5, within(1e-9));
            assertThat(fit.rSquared()).isCloseTo(1, within(1e-12));
            assertThat(fit.span()).isEqualTo(190);
            assertThat(fit.rise()).isCloseTo(95, within(1e-9));
            assertThat(fit.at(100)).isCloseTo(55, within(1e-9));
            assertThat(fit.points()).isEqualTo(20);
        }
    }

    @Test
    void flatNoisySeriesHasNoSlope() {
        Random random = new Random(1);
        double[] x = windows(360, 10);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1000 + random.nextGaussian() * 20;
        }
        Trend.Fit robust = Trend.theilSen(x, y);
        Trend.Fit ls = Trend.leastSquares(x, y);
        // Over the hour, the fitted rise stays well inside the noise (sd 20).
        assertThat(Math.abs(robust.rise())).isLessThan(10);
        assertThat(Math.abs(ls.rise())).isLessThan(10);
        assertThat(robust.rSquared()).isLessThan(0.05);
    }

    @Test
    void linearLeakWithNoiseIsFoundPerWindow() {
        Random random = new Random(2);
        double[] x = windows(120, 1); // x in windows: slope per window
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 500 + 10 * i + random.nextGaussian() * 15;
        }
        Trend.Fit robust = Trend.theilSen(x, y);
        assertThat(robust.slope()).isCloseTo(10, within(0.3));
        assertThat(Trend.leastSquares(x, y).slope()).isCloseTo(10, within(0.3));
        assertThat(robust.rSquared()).isGreaterThan(0.95);
    }

    @Test
    void singleSpikeMakesNoRobustTrend() {
        Random random = new Random(3);
        double[] x = windows(60, 10);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 200 + random.nextGaussian() * 2;
        }
        y[58] = 5000; // a full GC / reconnect storm near the end
        assertThat(Trend.leastSquares(x, y).rise()).as("least squares follows the spike").isGreaterThan(100);
        assertThat(Math.abs(Trend.theilSen(x, y).rise())).as("Theil-Sen does not").isLessThan(5);
    }

    @Test
    void missingWindowsAreLeftOut() {
        double[] x = windows(6, 10);
        double[] y = {0, 1, Double.NaN, 3, Double.NaN, 5};
        Trend.Fit fit = Trend.theilSen(x, y);
        assertThat(fit.points()).isEqualTo(4);
        assertThat(fit.slope()).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void longSeriesAreSubsampledReproducibly() {
        Random random = new Random(4);
        double[] x = windows(2880, 10); // 8 hours of 10 s windows: 4.1 million pairs
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = 100 + 0.01 * x[i] + random.nextGaussian() * 30;
        }
        Trend.Fit first = Trend.theilSen(x, y);
        assertThat(first.slope()).isCloseTo(0.01, within(0.001));
        assertThat(Trend.theilSen(x, y)).isEqualTo(first);
    }

    @Test
    void flatConstantSeriesHasNoRSquared() {
        Trend.Fit fit = Trend.theilSen(windows(5, 10), new double[] {7, 7, 7, 7, 7});
        assertThat(fit.slope()).isZero();
        assertThat(fit.rise()).isZero();
        assertThat(fit.rSquared()).isNaN();
    }

    @Test
    void invalidInputsAreNamed() {
        assertThatThrownBy(() -> Trend.theilSen(new double[] {0, 1}, new double[] {1}))
                .hasMessage("x and y must have the same length, but x has 2 values and y 1");
        assertThatThrownBy(() -> Trend.leastSquares(new double[] {0, Double.NaN}, new double[] {1, 2}))
                .hasMessage("x must be finite, but x[1] was NaN");
        assertThatThrownBy(() -> Trend.theilSen(new double[] {0, 1}, new double[] {1, Double.NaN}))
                .hasMessageContaining("at least 2 points").hasMessageContaining("there were 1");
        assertThatThrownBy(() -> Trend.theilSen(new double[] {3, 3}, new double[] {1, 2}))
                .hasMessageContaining("there were 2 all at x = 3.0");
    }
}
