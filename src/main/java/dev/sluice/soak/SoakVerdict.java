package dev.sluice.soak;

/**
 * One verdict of a soak run, usable as a threshold: whether it passed, the number measured against the
 * limit, and a sentence naming the numbers, e.g. "server connections rose by 412 over 58 min (7.1/min,
 * R² 0.93); allowed 0.5% of 20,000 = 100".
 *
 * <p>A verdict is {@link Status#INCONCLUSIVE} when the series cannot support one (too few steady-state
 * windows, the fleet never reached its target): a short run neither passes nor fails, and its text says
 * why. A gate that wants a run judged treats inconclusive as a failure; one that only stops regressions
 * lets it through.
 *
 * @param name what was judged: {@code connection-leak}, {@code memory-leak} or {@code latency-drift}
 * @param status passed, failed or inconclusive
 * @param measured the number compared with the limit (NaN when inconclusive)
 * @param limit the largest measured value that passes
 * @param unit the unit of measured and limit, e.g. {@code connections}, {@code bytes}, {@code ratio}
 * @param text the verdict in words, with the numbers
 */
public record SoakVerdict(String name, Status status, double measured, double limit, String unit, String text) {

    /** What the verdict says. */
    public enum Status {
        PASSED, FAILED, INCONCLUSIVE
    }

    /** Whether it passed. */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /** Whether it failed (an inconclusive verdict neither passes nor fails). */
    public boolean failed() {
        return status == Status.FAILED;
    }

    /** Whether the series could be judged at all. */
    public boolean judged() {
        return status != Status.INCONCLUSIVE;
    }

    static SoakVerdict inconclusive(String name, double limit, String unit, String text) {
        return new SoakVerdict(name, Status.INCONCLUSIVE, Double.NaN, limit, unit, text);
    }

    @Override
    public String toString() {
        return name + ": " + status.name().toLowerCase(java.util.Locale.ROOT) + " — " + text;
    }
}
