package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoakVerdictsTest {

    private static final int FLEET = 20_000;
    private static final int RAMP = 5;
    private static final int WINDOWS = 360; // an hour of 10-s windows
    private static final double MIB = 1024 * 1024;

    private final Random random = new Random(8);

    /** A run's series: a 5-window ramp to 20,000 connections, then an hour held. */
    private final class Run {
        final double[] times = new double[WINDOWS];
        final double[] client = new double[WINDOWS];
        final double[] server = new double[WINDOWS];
        final double[] fds = new double[WINDOWS];
        final double[] heap = new double[WINDOWS];
        final double[] p99 = new double[WINDOWS];

        Run() {
            for (int i = 0; i < WINDOWS; i++) {
                times[i] = i * 10.0;
                double open = i < RAMP ? FLEET * (i + 1.0) / (RAMP + 1) : FLEET - random.nextInt(4);
                client[i] = open;
                server[i] = i < RAMP ? open * 0.9 : open - random.nextInt(3);
                fds[i] = client[i] + server[i] + 60 + random.nextInt(3);
                // warm-up: heap fills over the ramp, then saw-tooths around 300 MiB
                heap[i] = (i < RAMP ? 100 + 40 * i : 300 + (i % 7) * 6) * MIB + random.nextGaussian() * 4 * MIB;
                p99[i] = 12 + random.nextGaussian();
            }
        }

        Run connectionLeak(double perWindowShare) {
            for (int i = RAMP; i < WINDOWS; i++) {
                double leaked = Math.floor(perWindowShare * FLEET * (i - RAMP));
                server[i] += leaked;
                fds[i] += leaked;
            }
            return this;
        }

        SoakVerdict connections() {
            return SoakVerdicts.connectionLeak(times, client, server, fds, FLEET, SoakVerdicts.DEFAULT_CONNECTION_TOLERANCE);
        }

        SoakVerdict memory() {
            return SoakVerdicts.memoryLeak(times, heap, SoakVerdicts.steadyStateStart(client, FLEET),
                    SoakVerdicts.DEFAULT_MEMORY_TOLERANCE);
        }

        SoakVerdict latency() {
            return SoakVerdicts.latencyDrift(times, p99, SoakVerdicts.steadyStateStart(client, FLEET),
                    SoakVerdicts.DEFAULT_DRIFT_WINDOWS, SoakVerdicts.DEFAULT_DRIFT_WINDOWS, SoakVerdicts.DEFAULT_DRIFT_RATIO);
        }
    }

    @Test
    void flatRunPassesAll() {
        Run run = new Run();
        SoakVerdict connections = run.connections();
        SoakVerdict memory = run.memory();
        SoakVerdict latency = run.latency();
        assertThat(connections.passed()).as(connections.text()).isTrue();
        assertThat(memory.passed()).as(memory.text()).isTrue();
        assertThat(latency.passed()).as(latency.text()).isTrue();
        assertThat(connections.text()).startsWith("no connection leak").contains("allowed 0.5% of 20,000 = 100")
                .contains("steady state from window 6 at 60 s, 354 windows");
        assertThat(memory.text()).startsWith("no memory leak").contains("allowed 10% of");
        assertThat(latency.text()).startsWith("no latency drift");
    }

    @Test
    void injectedConnectionLeakFailsWithItsNumbers() {
        Run run = new Run().connectionLeak(0.01); // +200 connections per window
        SoakVerdict v = run.connections();
        assertThat(v.failed()).as(v.text()).isTrue();
        assertThat(v.name()).isEqualTo("connection-leak");
        assertThat(v.unit()).isEqualTo("connections");
        assertThat(v.limit()).isEqualTo(100);
        // 354 steady windows: 353 × 200 = 70,600 over 3530 s
        assertThat(v.measured()).isBetween(70_000.0, 71_200.0);
        assertThat(v.text()).matches("(server connections|file descriptors) rose by 70,[0-9]{3} over 59 min "
                + "\\(1,20[0-9]/min, R² 1\\.00\\); allowed 0\\.5% of 20,000 = 100 \\(client connections \\+[0-9.]+, .*");
    }

    @Test
    void smallLeakUnderTheToleranceStillPasses() {
        Run run = new Run();
        for (int i = RAMP; i < WINDOWS; i++) {
            run.fds[i] += (i - RAMP) / 5; // about 70 descriptors over the hour
        }
        SoakVerdict v = run.connections();
        assertThat(v.passed()).as(v.text()).isTrue();
        assertThat(v.text()).contains("the largest rise, file descriptors, was 7");
    }

    @Test
    void rampUpWindowsMakeNoLeak() {
        Run run = new Run();
        assertThat(run.connections().passed()).isTrue();
        assertThat(SoakVerdicts.steadyStateStart(run.client, FLEET)).isEqualTo(RAMP + SoakVerdicts.SETTLE_WINDOWS);
        assertThat(run.memory().passed()).as("heap warm-up is skipped too").isTrue();
    }

    @Test
    void rampUpThatDominatesAShortRunMakesNoLeak() {
        // A slow ramp over 30 windows, then 10 steady ones: fitting everything would see +20,000.
        double[] times = new double[40];
        double[] client = new double[40];
        for (int i = 0; i < 40; i++) {
            times[i] = i * 10;
            client[i] = Math.min(FLEET, FLEET * (i + 1) / 30.0);
        }
        SoakVerdict v = SoakVerdicts.connectionLeak(times, client, null, client.clone(), FLEET, 0.005);
        assertThat(v.passed()).as(v.text()).isTrue();
        assertThat(v.text()).contains("steady state from window 30");
        // Judged from the first window, the ramp reads as a leak: that is why it is skipped.
        SoakVerdict withRamp = SoakVerdicts.connectionLeak(times, client, null, client.clone(), FLEET, 0.005, 0);
        assertThat(withRamp.failed()).as(withRamp.text()).isTrue();
        double[] heap = new double[40];
        for (int i = 0; i < 40; i++) {
            heap[i] = Math.min(300, 20 + 10 * i) * MIB;
        }
        assertThat(SoakVerdicts.memoryLeak(times, heap, 0, 0.1).failed()).isTrue();
        assertThat(SoakVerdicts.memoryLeak(times, heap, SoakVerdicts.steadyStateStart(client, FLEET), 0.1).passed()).isTrue();
    }

    @Test
    void memoryLeakFails() {
        Run run = new Run();
        for (int i = RAMP; i < WINDOWS; i++) {
            run.heap[i] += (i - RAMP) * 0.5 * MIB; // 0.5 MiB a window: about 177 MiB over the hour
        }
        SoakVerdict v = run.memory();
        assertThat(v.failed()).as(v.text()).isTrue();
        assertThat(v.unit()).isEqualTo("bytes");
        assertThat(v.measured() / MIB).isBetween(165.0, 190.0);
        assertThat(v.limit() / MIB).isBetween(30.0, 33.0);
        assertThat(v.text()).matches("heap after GC rose by 1[6-9][0-9] MiB over 59 min \\([0-9.]+ MiB/min, R² 0\\.9[0-9]\\); "
                + "allowed 10% of 3[0-9]{2} MiB at the start = 3[0-9] MiB \\(steady state from window 6.*");
        assertThat(SoakVerdicts.memoryLeakBytes(run.times, run.heap, 6, 512L * 1024 * 1024).passed()).isTrue();
    }

    @Test
    void smallHeapGetsTheFloorTolerance() {
        Run run = new Run();
        for (int i = 0; i < WINDOWS; i++) {
            run.heap[i] = 40 * MIB + random.nextGaussian() * MIB;
        }
        SoakVerdict v = run.memory();
        assertThat(v.passed()).as(v.text()).isTrue();
        assertThat(v.limit()).isEqualTo(SoakVerdicts.MIN_MEMORY_TOLERANCE_BYTES);
        assertThat(v.text()).matches(".*allowed 10% of 4[01] MiB at the start, at least 16 MiB = 16 MiB.*");
        assertThat(v.text()).contains("at least 16 MiB = 16 MiB");
    }

    @Test
    void doublingP99FailsLatencyDrift() {
        Run run = new Run();
        for (int i = 0; i < WINDOWS; i++) {
            run.p99[i] = 12 * (1 + (double) i / (WINDOWS - 1)) + random.nextGaussian() * 0.3;
        }
        SoakVerdict v = run.latency();
        assertThat(v.failed()).as(v.text()).isTrue();
        assertThat(v.measured()).isBetween(1.8, 2.05);
        assertThat(v.limit()).isEqualTo(1.5);
        assertThat(v.text()).matches("latency drifted: p99 went from 12\\.[0-9] ms to 2[34]\\.[0-9] ms \\(×[12]\\.[0-9]+\\); "
                + "allowed ×1\\.5 \\(median p99 of the first 6 windows .*");
    }

    @Test
    void twoBadWindowsAtTheEndAreNotDrift() {
        Run run = new Run();
        run.p99[WINDOWS - 1] = 900;
        run.p99[WINDOWS - 3] = 400;
        assertThat(run.latency().passed()).isTrue();
    }

    @Test
    void shortSeriesAreTooShortToJudge() {
        double[] times = {0, 10, 20, 30};
        double[] open = {100, 101, 150, 300};
        SoakVerdict connections = SoakVerdicts.connectionLeak(times, open, null, open, 100, 0.005);
        SoakVerdict memory = SoakVerdicts.memoryLeak(times, new double[] {1e8, 2e8, 3e8, 4e8}, 0, 0.1);
        SoakVerdict latency = SoakVerdicts.latencyDrift(times, new double[] {1, 2, 4, 8}, 1, 1, 1.5);
        for (SoakVerdict v : new SoakVerdict[] {connections, memory, latency}) {
            assertThat(v.status()).as(v.text()).isEqualTo(SoakVerdict.Status.INCONCLUSIVE);
            assertThat(v.passed()).isFalse();
            assertThat(v.failed()).isFalse();
            assertThat(v.measured()).isNaN();
            assertThat(v.text()).startsWith("too short to judge");
        }
        assertThat(connections.text()).isEqualTo("too short to judge: 3 steady-state windows after skipping 1 (need at least 5); "
                + "allowed 0.5% of 100 = 0.50");
        assertThat(memory.text()).startsWith("too short to judge: 4 steady-state windows (need at least 5)");
        // Enough windows in all, but the two ends would overlap.
        SoakVerdict overlapping = SoakVerdicts.latencyDrift(new double[] {0, 1, 2, 3, 4, 5}, new double[] {1, 1, 1, 2, 2, 2}, 4, 4, 1.5);
        assertThat(overlapping.judged()).isFalse();
        assertThat(overlapping.text()).contains("6 steady-state windows, fewer than the first 4 and last 4 compared");
    }

    @Test
    void connectionsThatNeverReachTheTargetAreInconclusive() {
        Run run = new Run();
        for (int i = 0; i < WINDOWS; i++) {
            run.client[i] = Math.min(run.client[i], 15_000);
        }
        SoakVerdict v = run.connections();
        assertThat(v.judged()).isFalse();
        assertThat(v.text()).isEqualTo("too short to judge: connections never reached 99% of 20,000 (peak 15,000), so there is no steady state");
    }

    @Test
    void unknownReadingsAreLeftOut() {
        Run run = new Run();
        java.util.Arrays.fill(run.fds, -1); // no /proc, no Unix MXBean
        run.heap[100] = Double.NaN;
        SoakVerdict v = run.connections();
        assertThat(v.passed()).as(v.text()).isTrue();
        assertThat(v.text()).contains("file descriptors unknown");
        assertThat(run.memory().passed()).isTrue();
    }

    @Test
    void argumentsAreCheckedWithFieldRuleAndValue() {
        double[] t = {0, 10, 20, 30, 40, 50};
        double[] v = {1, 1, 1, 1, 1, 1};
        assertThatThrownBy(() -> SoakVerdicts.connectionLeak(t, v, null, v, 0, 0.005))
                .hasMessage("expectedConnections must be > 0, but was 0");
        assertThatThrownBy(() -> SoakVerdicts.connectionLeak(t, v, null, v, 1, -0.1))
                .hasMessage("tolerance must be a finite number >= 0, but was -0.1");
        assertThatThrownBy(() -> SoakVerdicts.connectionLeak(t, v, new double[3], v, 1, 0.1))
                .hasMessage("serverOpen must have one value per window of times (6), but had 3");
        assertThatThrownBy(() -> SoakVerdicts.memoryLeak(new double[] {0, 10, 10}, new double[3], 0, 0.1))
                .hasMessage("times must be strictly increasing, but times[2] = 10.0 is not after times[1] = 10.0");
        assertThatThrownBy(() -> SoakVerdicts.memoryLeak(t, new double[] {1, 1, Double.POSITIVE_INFINITY, 1, 1, 1}, 0, 0.1))
                .hasMessage("heapAfterGc must be finite (NaN or negative for unknown), but heapAfterGc[2] was Infinity");
        assertThatThrownBy(() -> SoakVerdicts.memoryLeakBytes(t, v, -1, 1))
                .hasMessage("skipWindows must be >= 0, but was -1");
        assertThatThrownBy(() -> SoakVerdicts.latencyDrift(t, v, 0, 3, 1.5))
                .hasMessage("firstWindows must be > 0, but was 0");
        assertThatThrownBy(() -> SoakVerdicts.latencyDrift(t, v, 3, 3, 0.9))
                .hasMessage("allowedRatio must be a finite number >= 1, but was 0.9");
    }

    @Test
    void verdictPrintsItsStatus() {
        SoakVerdict v = new Run().latency();
        assertThat(v.toString()).startsWith("latency-drift: passed — no latency drift: p99 went from");
    }
}
