package dev.sluice.report;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Everything {@code result.json} holds: the profile's name, one entry per variant (its median run when
 * it ran several times) and, when the profile compares variants or repeats runs, the comparison.
 */
public record RunReport(
        String profile,
        String description,
        String startedAt,
        String sluiceVersion,
        String javaVersion,
        List<VariantResult> variants,
        @Nullable Comparison comparison) {

    public RunReport {
        variants = List.copyOf(variants);
    }

    /** A report of one run of one variant, with no comparison. */
    public RunReport(String profile, String description, String startedAt, String sluiceVersion, String javaVersion,
            List<VariantResult> variants) {
        this(profile, description, startedAt, sluiceVersion, javaVersion, variants, null);
    }
}
