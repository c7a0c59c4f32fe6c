package dev.sluice.profile;

/** The standard normal distribution's quantile function (inverse CDF), for latency sampling. */
final class StandardNormal {

    // Rational approximations of the quantile (P. J. Acklam), relative error below 1.2e-9.
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    private static final double LOW = 0.02425;

    private StandardNormal() {
    }

    /** z such that P(Z <= z) = p, for 0 < p < 1; p at the ends is pulled in to stay finite. */
    static double quantile(double p) {
        double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
        if (q < LOW) {
            double r = Math.sqrt(-2 * Math.log(q));
            return (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5])
                    / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1);
        }
        if (q > 1 - LOW) {
            return -quantile(1 - q);
        }
        double r = q - 0.5;
        double s = r * r;
        return (((((A[0] * s + A[1]) * s + A[2]) * s + A[3]) * s + A[4]) * s + A[5]) * r
                / (((((B[0] * s + B[1]) * s + B[2]) * s + B[3]) * s + B[4]) * s + 1);
    }
}
