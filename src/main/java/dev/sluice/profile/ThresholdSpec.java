package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass/fail rule on a run's result, written {@code "METRIC OP NUMBER"}, for example
 * {@code "items.failed == 0"} or {@code "stages.square.serviceMs.p99 < 250"}. A failed threshold
 * makes {@code sluice run} exit with 1.
 */
public record ThresholdSpec(String metric, Comparison comparison, double limit) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*");

    /** Metrics of a whole run. Stage metrics are {@code stages.NAME.} followed by {@link #STAGE_METRICS}. */
    public static final List<String> RUN_METRICS = List.of(
            "wallSeconds", "cpuSeconds", "gcSeconds", "itemsPerSecond", "peakThreads", "peakHeapBytes",
            "items.emitted", "items.ok", "items.failed", "items.dropped",
            "latencyMs.p50", "latencyMs.p90", "latencyMs.p99", "latencyMs.p999", "latencyMs.max", "latencyMs.mean",
            "load.achievedRate", "load.droppedOverMaxInFlight");

    public static final List<String> STAGE_METRICS = List.of(
            "count", "errors", "dropped",
            "serviceMs.p50", "serviceMs.p90", "serviceMs.p99", "serviceMs.p999", "serviceMs.max", "serviceMs.mean",
            "queueMs.p50", "queueMs.p90", "queueMs.p99", "queueMs.p999", "queueMs.max", "queueMs.mean");

    public ThresholdSpec {
        requireNonNull(metric, "metric");
        requireNonNull(comparison, "comparison");
        if (!Double.isFinite(limit)) {
            throw new InvalidSpecException("thresholds", "limit must be a finite number, but was " + limit);
        }
    }

    /** Parses {@code "METRIC OP NUMBER"}. */
    public static ThresholdSpec parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a threshold like 'items.failed == 0' or "
                    + "'stages.NAME.serviceMs.p99 < 250' (METRIC OP NUMBER with OP one of < <= > >= == !=), but was '"
                    + text + "'");
        }
        return new ThresholdSpec(m.group(1), Comparison.of(m.group(2)), Double.parseDouble(m.group(3)));
    }

    /** True when the measured value keeps the rule. */
    public boolean holds(double value) {
        return comparison.test(value, limit);
    }

    @Override
    public String toString() {
        String number = limit == Math.rint(limit) && Math.abs(limit) < 1e15
                ? Long.toString((long) limit) : Double.toString(limit);
        return metric + " " + comparison.symbol() + " " + number;
    }

    /** The comparison operators a threshold may use. */
    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown comparison " + symbol);
        }

        boolean test(double value, double limit) {
            return switch (this) {
                case LT -> value < limit;
                case LE -> value <= limit;
                case GT -> value > limit;
                case GE -> value >= limit;
                case EQ -> value == limit;
                case NE -> value != limit;
            };
        }
    }
}
