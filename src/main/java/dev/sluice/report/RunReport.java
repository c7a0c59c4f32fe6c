package dev.sluice.report;

import java.util.List;

/** Everything {@code result.json} holds: the profile's name and one entry per variant run. */
public record RunReport(
        String profile,
        String description,
        String startedAt,
        String sluiceVersion,
        String javaVersion,
        List<VariantResult> variants) {

    public RunReport {
        variants = List.copyOf(variants);
    }
}
