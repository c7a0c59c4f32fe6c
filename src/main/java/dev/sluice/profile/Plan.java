package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@code sluice run} does with a profile: its variants (from {@code variants:} or a {@code sweep:},
 * else the profile itself, labelled {@code default}), each run {@code warmup} times unmeasured (on only
 * its first {@code warmupItems} items, unless that is 0) and then {@code repeat} times. Each variant is a
 * whole profile, validated like the file.
 */
public record Plan(List<Variant> variants, int repeat, int warmup, long warmupItems, String sweptPath) {

    /** One variant: a label and the profile it runs. */
    public record Variant(String label, Profile profile) {
        public Variant {
            requireNonNull(label, "label");
            requireNonNull(profile, "profile");
        }
    }

    public Plan {
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one variant");
        }
        InvalidSpecException.positive("repeat", repeat);
        InvalidSpecException.notNegative("warmup", warmup);
        InvalidSpecException.notNegative("warmup-items", warmupItems);
        requireNonNull(sweptPath, "sweptPath");
    }

    /** The first variant's profile: the one the file describes when it has no variants. */
    public Profile base() {
        return variants.getFirst().profile();
    }

    /** What a variant's warm-up runs run: its profile, cut to the first warmupItems items when set. */
    public Profile warmupProfile(Variant variant) {
        return warmupItems > 0 ? variant.profile().withFirstItems(warmupItems) : variant.profile();
    }

    /** Whether this plan compares several variants or repeats one. */
    public boolean compares() {
        return variants.size() > 1 || repeat > 1;
    }

    /** Whether the variants come from a sweep (their order is the swept values' order). */
    public boolean isSweep() {
        return !sweptPath.isEmpty();
    }
}
