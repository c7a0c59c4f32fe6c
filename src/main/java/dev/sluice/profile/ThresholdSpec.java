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
public record ThresholdSpec(String metric, Comparison comparison, double limit, String expr) {

    /** {@code p99(fetch) < 250ms}, {@code error-rate < 1%}, {@code rate(fetch) >= 950/s}. */
    private static final Pattern FUNCTION_FORM = Pattern.compile(
            "\\s*(p50|p90|p99|p999|max|mean|rate)\\(\\s*([A-Za-z][A-Za-z0-9_-]*)?\\s*\\)\\s*(<=|>=|==|!=|<|>)\\s*"
                    + "(-?\\d+(?:\\.\\d+)?)\\s*(ms|s|/s|/m|%)?\\s*");
    private static final Pattern ERROR_RATE_FORM = Pattern.compile(
            "\\s*error-rate\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?)\\s*(%)?\\s*");
    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z][A-Za-z0-9_.-]*)\\s*(<=|>=|==|!=|<|>)\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)\\s*");

    /** Metrics of a whole run. Stage metrics are {@code stages.NAME.} followed by {@link #STAGE_METRICS}. */
    public static final List<String> RUN_METRICS = List.of(
            "wallSeconds", "cpuSeconds", "gcSeconds", "itemsPerSecond", "peakThreads", "peakHeapBytes", "errorRate",
            "items.emitted", "items.ok", "items.failed", "items.dropped",
            "latencyMs.p50", "latencyMs.p90", "latencyMs.p99", "latencyMs.p999", "latencyMs.max", "latencyMs.mean",
            "load.achievedRate", "load.droppedOverMaxInFlight",
            "crawl.pages", "crawl.pagesPerMinute", "crawl.admitted", "crawl.unfetched", "crawl.retries",
            "crawl.serverChecksFailed");

    /**
     * Metrics of a soak: paths into its result.json. Besides these, {@code totals.failed.KIND},
     * {@code totals.closed.KIND}, {@code totals.errors.KIND} and {@code totals.responses.2xx} (and the other classes).
     */
    public static final List<String> SOAK_METRICS = List.of(
            "verdictsFailed", "verdictsInconclusive", "errorRate", "requestsPerSecond", "p99MsMax",
            "clientOpenAfter", "serverOpenAfter", "clientMemory.rssPerConnectionBytes",
            "totals.opened", "totals.sent", "totals.late",
            "verdicts.connection-leak.measured", "verdicts.memory-leak.measured", "verdicts.latency-drift.measured");

    public static final List<String> STAGE_METRICS = List.of(
            "count", "errors", "dropped", "rate",
            "serviceMs.p50", "serviceMs.p90", "serviceMs.p99", "serviceMs.p999", "serviceMs.max", "serviceMs.mean",
            "queueMs.p50", "queueMs.p90", "queueMs.p99", "queueMs.p999", "queueMs.max", "queueMs.mean");

    public ThresholdSpec {
        requireNonNull(metric, "metric");
        requireNonNull(expr, "expr");
        requireNonNull(comparison, "comparison");
        if (!Double.isFinite(limit)) {
            throw new InvalidSpecException("thresholds", "limit must be a finite number, but was " + limit);
        }
    }

    /**
     * Parses a rule. Short forms: {@code pNN(STAGE) OP 250ms} (the stage's service time; {@code pNN(latency)}
     * is the run's latency from intended start), {@code rate(STAGE) OP 950/s} ({@code rate()}: items ok per
     * second), {@code error-rate OP 1%}. Long form: {@code METRIC OP NUMBER} with a path into result.json.
     */
    public static ThresholdSpec parse(String text) {
        String expr = text.strip();
        Matcher f = FUNCTION_FORM.matcher(text);
        if (f.matches()) {
            String fn = f.group(1);
            String arg = f.group(2);
            Comparison op = Comparison.of(f.group(3));
            double number = Double.parseDouble(f.group(4));
            String unit = f.group(5) == null ? "" : f.group(5);
            if (fn.equals("rate")) {
                double perSecond = switch (unit) {
                    case "/s", "" -> number;
                    case "/m" -> number / 60;
                    default -> throw new IllegalArgumentException("rate(...) takes a rate such as 950/s, but the unit was '"
                            + unit + "' in '" + expr + "'");
                };
                return new ThresholdSpec(arg == null ? "itemsPerSecond" : "stages." + arg + ".rate", op, perSecond, expr);
            }
            double millis = switch (unit) {
                case "ms", "" -> number;
                case "s" -> number * 1000;
                default -> throw new IllegalArgumentException(fn + "(...) takes a time such as 250ms or 2s, but the unit was '"
                        + unit + "' in '" + expr + "'");
            };
            if (arg == null) {
                throw new IllegalArgumentException(fn + "() needs a stage name, or 'latency' for the run's latency, e.g. "
                        + fn + "(fetch) < 250ms");
            }
            String metric = arg.equals("latency") ? "latencyMs." + fn : "stages." + arg + ".serviceMs." + fn;
            return new ThresholdSpec(metric, op, millis, expr);
        }
        Matcher e = ERROR_RATE_FORM.matcher(text);
        if (e.matches()) {
            double number = Double.parseDouble(e.group(2));
            return new ThresholdSpec("errorRate", Comparison.of(e.group(1)), e.group(3) != null ? number / 100 : number, expr);
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a threshold like 'p99(fetch) < 250ms', 'error-rate < 1%', "
                    + "'rate(fetch) >= 950/s' or 'items.failed == 0' (OP one of < <= > >= == !=), but was '" + text + "'");
        }
        return new ThresholdSpec(m.group(1), Comparison.of(m.group(2)), Double.parseDouble(m.group(3)), expr);
    }

    /** True when the measured value keeps the rule. */
    public boolean holds(double value) {
        return comparison.test(value, limit);
    }

    /** The rule as written. */
    @Override
    public String toString() {
        return expr;
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
