package dev.sluice.run;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.Plan;
import dev.sluice.report.Comparison;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs a plan: each variant in isolation (a new {@link Runner}: fresh schedulers, clients, test server
 * and counts), first its warm-up runs, unmeasured (on the first {@code warmup-items} items when the plan
 * says so), then its measured runs. A variant that ran several
 * times is represented by its median run. {@link #cancel()} (Ctrl-C) stops the current run and every
 * later one; what ran is still reported.
 */
public final class PlanRunner {

    /** What a plan's runs gave: each variant's median run, and the comparison when there is one. */
    public record Outcome(List<VariantResult> variants, @Nullable Comparison comparison, boolean interrupted) {
        public Outcome {
            variants = List.copyOf(variants);
        }
    }

    /** Where a run is about to happen, for a line on the console. */
    public record Step(String label, int run, int runs, boolean warmup) {
    }

    private final AtomicReference<Runner> current = new AtomicReference<>(new Runner());
    private volatile boolean cancelled;

    /** Stops the run under way and the ones after it; safe from any thread (a shutdown hook). */
    public void cancel() {
        cancelled = true;
        current.get().cancel();
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs every variant of the plan; each run's files go to {@code dir} (one variant, one run) or to a
     * folder per run inside it. A run that cannot start throws, as {@link Runner#run} does.
     */
    public Outcome run(Plan plan, Path dir, RunListener listener, Consumer<Step> announce) {
        requireNonNull(plan, "plan");
        List<Comparison.Runs> all = new ArrayList<>();
        boolean interrupted = false;
        for (Plan.Variant variant : plan.variants()) {
            List<VariantResult> measured = new ArrayList<>();
            int runs = plan.warmup() + plan.repeat();
            for (int i = 0; i < runs && !interrupted; i++) {
                boolean warmup = i < plan.warmup();
                int number = warmup ? i + 1 : i - plan.warmup() + 1;
                Runner runner = new Runner();
                current.set(runner);
                if (cancelled) {
                    interrupted = true;
                    break;
                }
                announce.accept(new Step(variant.label(), number, warmup ? plan.warmup() : plan.repeat(), warmup));
                Path runDir = plan.compares() ? dir.resolve(folder(variant.label(), warmup, number, plan)) : dir;
                VariantResult result = runner.run(warmup ? plan.warmupProfile(variant) : variant.profile(),
                        variant.label(), runDir, listener);
                if (VariantResult.INTERRUPTED.equals(result.status()) || cancelled) {
                    measured.add(result);
                    interrupted = true;
                } else if (!warmup) {
                    measured.add(result);
                }
            }
            if (!measured.isEmpty()) {
                all.add(new Comparison.Runs(variant.label(), measured));
            }
            if (interrupted) {
                break;
            }
        }
        List<VariantResult> medians = all.stream().map(Comparison.Runs::median).toList();
        Comparison comparison = plan.compares() && !all.isEmpty()
                ? Comparison.of(all, plan.isSweep() ? plan.sweptPath() : null) : null;
        return new Outcome(medians, comparison, interrupted);
    }

    /** A folder name for one run: the label made safe, and which run it was when there are several. */
    private static String folder(String label, boolean warmup, int number, Plan plan) {
        String safe = label.replaceAll("[^A-Za-z0-9._=-]", "_").toLowerCase(Locale.ROOT);
        if (warmup) {
            return safe + "-warmup-" + number;
        }
        return plan.repeat() > 1 ? safe + "-run-" + number : safe;
    }
}
