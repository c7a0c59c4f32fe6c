package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.bridge.WorkerStartException;
import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process scheduler with real worker processes: sluice's JVM worker and the Python example worker.
 * Every test ends with no worker process left alive.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessSchedulerTest {

    static final String PYTHON_WORKER = Path.of("examples/workers/python/worker.py").toAbsolutePath().toString();

    @TempDir
    Path dir;

    @AfterEach
    void noWorkerIsLeft() throws InterruptedException {
        assertThat(Workers.alive(5)).as("worker processes still alive after the test").isEmpty();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    @Test
    void orderedKeepsInputOrderWhileCompletionOrderLetsTheQuickOnesOut() throws IOException {
        // Item 0 is slow (a long count), the rest are instant: with two workers, item 1 is done first.
        String profile = """
                name: order
                source: {list: [150000000, 1, 2, 3]}
                stages:
                  - {name: count, kind: cpu, function: count, scheduler: {kind: process, workers: 2}, order: %s}
                sink: {kind: jsonl, path: out.jsonl}
                """;
        VariantResult ordered = Profiles.run(profile.formatted("ordered"), dir.resolve("ordered"));
        assertThat(ordered.items().ok()).isEqualTo(4);
        assertThat(lines(dir.resolve("ordered/out.jsonl")))
                .containsExactly("{\"value\":150000000}", "{\"value\":1}", "{\"value\":2}", "{\"value\":3}");

        VariantResult completion = Profiles.run(profile.formatted("completion"), dir.resolve("completion"));
        assertThat(completion.items().ok()).isEqualTo(4);
        assertThat(lines(dir.resolve("completion/out.jsonl")))
                .containsExactlyInAnyOrder("{\"value\":150000000}", "{\"value\":1}", "{\"value\":2}", "{\"value\":3}")
                .first().isNotEqualTo("{\"value\":150000000}");
    }

    @Test
    void manySmallItemsTravelInBatchesAndNoWorkerHoldsMoreThanMaxInFlight() {
        VariantResult r = Profiles.run("""
                name: batches
                source: {range: {count: 20000}}
                stages:
                  - {name: pass, kind: identity, scheduler: {kind: process, workers: 2, max-in-flight: 100, batch: 50}}
                sink: count
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(20000);
        StageResult s = r.stages().getFirst();
        assertThat(s.tallies()).containsEntry("items.sent", 20000L).containsEntry("workers.started", 2L);
        // At most 50 a frame: at least 400 frames, and far fewer than one per item.
        assertThat(s.tallies().get("frames.sent")).isBetween(400L, 10000L);
        assertThat(s.tallies().get("worker.held.peak")).isBetween(1L, 100L);
        assertThat(s.tallies().get("workers.cpu.ms")).isPositive();
        assertThat(r.cpuSeconds()).isGreaterThanOrEqualTo(s.tallies().get("workers.cpu.ms") / 1000.0);
    }

    @Test
    void aWorkerKilledMidRunIsReplacedAndItsItemsGoElsewhereWithNothingLost() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        // Items only complete once the workers are ready: kill one when both are busy, however long they took to start.
        CountDownLatch flowing = new CountDownLatch(1);
        Thread killer = new Thread(() -> {
            try {
                if (!flowing.await(30, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            List<ProcessHandle> workers = Workers.of(ProcessHandle.current());
            if (workers.size() == 2) {
                workers.getFirst().destroyForcibly();
                killed.set(true);
            }
        });
        killer.setDaemon(true);
        killer.start();
        VariantResult r = new Runner().run(Profiles.parse("""
                name: crash
                source: {range: {count: 400}}
                stages:
                  - {name: nap, kind: blocking-io, duration: 20ms, scheduler: {kind: process, workers: 2, max-in-flight: 10}}
                sink: count
                """), "default", dir, progress -> {
                    if (progress.counts().ok() >= 20) {
                        flowing.countDown();
                    }
                });
        killer.join(5000);
        assertThat(killed).isTrue();
        Profiles.assertAccounted(r);
        assertThat(r.items().emitted()).isEqualTo(400);
        assertThat(r.items().ok()).isEqualTo(400);
        StageResult s = r.stages().getFirst();
        assertThat(s.tallies()).containsEntry("workers.crashes", 1L).containsEntry("workers.restarts", 1L)
                .containsEntry("workers.started", 3L);
        // The items it held (up to max-in-flight) were tried again, one at a time.
        assertThat(s.tallies().get("items.retried-after-crash")).isBetween(1L, 10L);
    }

    @Test
    void aPoisonItemThatKillsEveryWorkerFailsWithTheExitStatusAfterItsRetryAndTheRestGetThrough() {
        VariantResult r = Profiles.run("""
                name: poison
                source: {range: {count: 30}}
                stages:
                  - name: pass
                    kind: identity
                    scheduler: {kind: process, workers: 2, command: [env, SLUICE_WORKER_TEST_EXIT_ON=13, python3, %s]}
                sink: count
                """.formatted(PYTHON_WORKER), dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(29);
        assertThat(r.items().failed()).isEqualTo(1);
        StageResult s = r.stages().getFirst();
        assertThat(s.errorsByKind()).containsOnlyKeys("WorkerCrashedException");
        // Once with its batch (no blame), then alone twice: the retry, and the last straw.
        assertThat(s.firstErrors().get("WorkerCrashedException")).contains("exit status 3").contains("killed 2 workers");
        assertThat(s.tallies()).containsEntry("workers.crashes", 3L);
        assertThat(s.tallies().get("workers.restarts")).isBetween(2L, 3L);
    }

    @Test
    void aWorkerThatHangsPastTheItemTimeoutIsKilledAndItsItemFails() {
        VariantResult r = Profiles.run("""
                name: hang
                source: {range: {count: 20}}
                stages:
                  - name: pass
                    kind: identity
                    scheduler:
                      kind: process
                      workers: 2
                      item-timeout: 1s
                      command: [env, SLUICE_WORKER_TEST_HANG_ON=7, python3, %s]
                sink: count
                """.formatted(PYTHON_WORKER), dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(19);
        assertThat(r.items().failed()).isEqualTo(1);
        StageResult s = r.stages().getFirst();
        assertThat(s.errorsByKind()).containsOnlyKeys("ItemTimeoutException");
        assertThat(s.firstErrors().get("ItemTimeoutException")).contains("item-timeout");
        // The run may end before the replacement is ready (every other item is done by then).
        // Killed once holding the item with others (all go back, untried), then once holding it alone.
        assertThat(s.tallies().get("workers.hung")).isBetween(1L, 2L);
        assertThat(s.tallies()).containsEntry("workers.crashes", 0L);
        assertThat(s.tallies().get("workers.restarts")).isBetween(0L, 1L);
    }

    @Test
    void aCommandThatIsNotThereFailsTheRunWithOneLineNamingIt() {
        assertThatThrownBy(() -> Profiles.run("""
                name: nothing
                source: {range: {count: 3}}
                stages:
                  - {name: pass, kind: identity, scheduler: {kind: process, workers: 1, command: [/no/such/worker, --fast]}}
                """, dir))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageStartingWith("stage 'pass': worker 0 (/no/such/worker --fast) ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aWorkerThatDiesBeforeItIsReadyIsReportedWithItsExitStatusAndStderr() {
        assertThatThrownBy(() -> Profiles.run("""
                name: dies
                source: {range: {count: 3}}
                stages:
                  - name: pass
                    kind: identity
                    scheduler: {kind: process, workers: 2, command: [sh, -c, "echo cannot load the model >&2; exit 4"]}
                """, dir))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("exit status 4")
                .hasMessageContaining("cannot load the model");
    }

    @Test
    void aFailingInitializerIsReportedAsFatal() {
        assertThatThrownBy(() -> Profiles.run("""
                name: init
                source: {range: {count: 3}}
                stages:
                  - name: pass
                    kind: identity
                    scheduler: {kind: process, workers: 1, init: {fail: no licence for the model}}
                """, dir))
                .isInstanceOf(WorkerStartException.class)
                .hasMessageContaining("reported a fatal error: no licence for the model");
    }

    @Test
    void thePythonWorkerComputesTheSameSumsOfSquaresAsTheJvmWorker() throws IOException {
        String profile = """
                name: squares
                source: {range: {from: 3000000, count: 4}}
                stages:
                  - name: square
                    kind: cpu
                    function: sum-of-squares
                    order: ordered
                    scheduler: {kind: process, workers: 2%s}
                sink: {kind: jsonl, path: out.jsonl}
                """;
        VariantResult py = Profiles.run(profile.formatted(", command: [python3, " + PYTHON_WORKER + "], init: {delay: 100ms}"),
                dir.resolve("py"));
        VariantResult jvm = Profiles.run(profile.formatted(""), dir.resolve("jvm"));
        assertThat(py.items().ok()).isEqualTo(4);
        assertThat(jvm.items().ok()).isEqualTo(4);
        assertThat(lines(dir.resolve("py/out.jsonl"))).isEqualTo(lines(dir.resolve("jvm/out.jsonl")))
                .first().isEqualTo("{\"value\":8999995500000500000}");
        assertThat(py.stages().getFirst().tallies().get("workers.startup.mean.ms")).isGreaterThanOrEqualTo(100L);
    }

    @Test
    void httpItemsOnWorkersAreTalliedByStatusAsInProcess() {
        VariantResult r = Profiles.run("""
                name: http-workers
                server: {routes: {bytes: {latency: 0}}}
                source: {list: [10, 20, nope]}
                stages:
                  - {name: fetch, kind: http, url: "${server.url}/bytes/${item}", scheduler: {kind: process, workers: 2}}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(3);
        assertThat(r.server().requests()).isEqualTo(3);
        assertThat(r.stages().getFirst().tallies()).containsEntry("status.2xx", 2L).containsEntry("status.4xx", 1L);
    }
}
