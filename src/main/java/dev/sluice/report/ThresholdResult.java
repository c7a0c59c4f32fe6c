package dev.sluice.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One threshold rule checked against a variant's result: {@code expr} as written, {@code actual} the
 * measured value (null when the metric is absent), {@code passed}. ({@code rule} and {@code value} repeat
 * {@code expr} and {@code actual} under their first names.)
 */
public record ThresholdResult(String expr, @Nullable Double actual, boolean passed) {

    @JsonProperty("rule")
    public String rule() {
        return expr;
    }

    @JsonProperty("value")
    public @Nullable Double value() {
        return actual;
    }
}
