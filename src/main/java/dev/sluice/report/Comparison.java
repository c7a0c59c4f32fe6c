package dev.sluice.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The variants side by side: per variant its median wall time over its runs (with min and max), the
 * median run's CPU, utilisation, throughput, main-stage latency, threads and heap, and its speedup
 * against the first variant. {@code best} is the ok variant with the lowest median wall time.
 * {@code swept} is the swept path when the variants come from a sweep.
 */
public record Comparison(List<Row> rows, @Nullable String best, @Nullable String swept, @Nullable Verdict verdict) {

    /**
     * One variant's line. {@code mainStage} is the stage that took the most time (service time x items);
     * {@code mainStageOnCpu} its items' share of time on the CPU, where that can be read.
     */
    public record Row(String label, String status, int runs, double wallSeconds, double wallMin, double wallMax,
            double cpuSeconds, double cpuUtilisation, double speedup, double itemsPerSecond, String mainStage,
            @Nullable Double mainStageOnCpu, double p50Ms, double p99Ms, int peakThreads, long peakHeapBytes, boolean best) {
    }

    public Comparison {
        rows = List.copyOf(rows);
    }


    /** Every run of one variant, in the order they ran. */
    public record Runs(String label, List<VariantResult> results) {
        public Runs {
            results = List.copyOf(results);
            if (results.isEmpty()) {
                throw new IllegalArgumentException("variant " + label + " has no runs");
            }
        }

        /** The run with the median wall time (the lower middle one for an even count). */
        public VariantResult median() {
            List<VariantResult> sorted = new ArrayList<>(results);
            sorted.sort(Comparator.comparingDouble(VariantResult::wallSeconds));
            return sorted.get((sorted.size() - 1) / 2);
        }
    }

    /** Builds the comparison; the first variant is the baseline for speedups. */
    public static Comparison of(List<Runs> variants, @Nullable String swept) {
        double baseline = variants.isEmpty() ? 0 : variants.getFirst().median().wallSeconds();
        String best = null;
        double bestWall = Double.MAX_VALUE;
        for (Runs r : variants) {
            VariantResult m = r.median();
            if (VariantResult.OK.equals(m.status()) && m.wallSeconds() < bestWall) {
                bestWall = m.wallSeconds();
                best = r.label();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Runs r : variants) {
            VariantResult m = r.median();
            double min = r.results().stream().mapToDouble(VariantResult::wallSeconds).min().orElse(0);
            double max = r.results().stream().mapToDouble(VariantResult::wallSeconds).max().orElse(0);
            StageResult main = mainStage(m);
            rows.add(new Row(r.label(), m.status(), r.results().size(), m.wallSeconds(), min, max, m.cpuSeconds(),
                    m.cpuUtilisation(), m.wallSeconds() > 0 ? round(baseline / m.wallSeconds()) : 0, m.itemsPerSecond(),
                    main == null ? "" : main.name(), main == null ? null : main.onCpuShare(),
                    main == null ? 0 : main.serviceMs().p50(),
                    main == null ? 0 : main.serviceMs().p99(), m.peakThreads(), m.peakHeapBytes(), r.label().equals(best)));
        }
        return new Comparison(rows, best, swept, Verdict.of(rows));
    }

    private static @Nullable StageResult mainStage(VariantResult v) {
        return v.stages().stream()
                .max(Comparator.comparingDouble(s -> s.serviceMs().mean() * s.count()))
                .orElse(null);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
