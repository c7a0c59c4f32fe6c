package dev.sluice.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The verdict's classification and its winner, from the comparison's numbers. */
class VerdictTest {

    private static Comparison.Row row(String label, double wall, double cpu, @Nullable Double onCpu, double speedup,
            boolean best) {
        return new Comparison.Row(label, "ok", 1, wall, wall, wall, cpu, cpu / wall / 2, speedup, 100 / wall, "work",
                onCpu, 50, 90, 20, 1 << 20, best);
    }

    @Test
    void aColdShortBaselineThatWaitsIsIoBoundWhateverTheJitCost() {
        // 2 s of downloads with 1.6 s of process CPU (JIT, server start-up): cores busy 0.8, but its items
        // spent 3% of their time on the CPU.
        Verdict v = Verdict.of(java.util.List.of(row("sequential", 2, 1.6, 0.03, 1, false),
                row("virtual", 0.2, 0.3, null, 10, true)));
        assertThat(v.bound()).isEqualTo("io");
        assertThat(v.basis()).isEqualTo("main-stage-cpu-share");
        assertThat(v.baselineCoresBusy()).isEqualTo(0.8);
        assertThat(v.text()).startsWith("I/O-bound: in the baseline (sequential) the work stage's items spent 3% "
                + "of their time on the CPU and 97% waiting.").contains("virtual won: 10.00x");
    }

    @Test
    void computingItemsMakeItCpuBound() {
        Verdict v = Verdict.of(java.util.List.of(row("single", 4, 4, 0.97, 1, false),
                row("parallel", 2.1, 4.1, 0.95, 1.9, true)));
        assertThat(v.bound()).isEqualTo("cpu");
        assertThat(v.text()).contains("only more cores help");
    }

    @Test
    void withoutAStageShareTheProcessCpuDecides() {
        Verdict v = Verdict.of(java.util.List.of(row("workers", 4, 7.6, null, 1, false),
                row("parallel", 2, 3.9, null, 2, true)));
        assertThat(v.bound()).isEqualTo("cpu");
        assertThat(v.basis()).isEqualTo("process-cpu");
        assertThat(v.baselineOnCpu()).isNull();
    }

    @Test
    void variantsWithinFivePercentTieAndTheirCostsAreCompared() {
        Verdict v = Verdict.of(java.util.List.of(row("threads", 10.4, 0.2, 0.01, 1, false),
                row("loop", 10.1, 0.04, null, 1.03, true), row("virtual", 10.3, 0.11, null, 1.01, false)));
        assertThat(v.tie()).isTrue();
        assertThat(v.text()).contains("loop and virtual tie: 10.10 s against 10.30 s")
                .contains("loop used 40 ms of CPU and 20 threads");
        Verdict clear = Verdict.of(java.util.List.of(row("threads", 10.4, 0.2, 0.01, 1, false),
                row("loop", 5, 0.04, null, 2.08, true)));
        assertThat(clear.tie()).isFalse();
        assertThat(clear.marginOverRunnerUp()).isEqualTo(2.08);
    }
}
