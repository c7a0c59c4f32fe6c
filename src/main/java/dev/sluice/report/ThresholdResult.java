package dev.sluice.report;

/** One threshold rule checked against a variant's result. {@code value} is null when the metric is absent. */
public record ThresholdResult(String rule, Double value, boolean passed) {
}
