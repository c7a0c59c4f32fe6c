package dev.sluice.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run over time, as columns of equal length ({@code t} first; see {@code metrics.Timeline} for the
 * keys): what the report's charts draw. {@code intervalSeconds} is the most time one point covers
 * (1 for runs under half an hour; doubled each time a long run's points are merged).
 */
public record TimeSeries(double intervalSeconds, Map<String, List<Double>> columns) {

    public static final TimeSeries EMPTY = new TimeSeries(1, Map.of());

    public TimeSeries {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        // Not List.copyOf: a column holds nulls where a figure is missing (a stage that timed nothing).
        columns.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new java.util.ArrayList<>(v))));
        columns = Collections.unmodifiableMap(copy);
    }
}
