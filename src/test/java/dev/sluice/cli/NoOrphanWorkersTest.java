package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sluice process with process-scheduler workers: neither Ctrl-C nor a SIGKILL of sluice itself
 * leaves a worker process behind.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NoOrphanWorkersTest {

    @TempDir
    Path dir;

    private Process startLongRun() throws Exception {
        Path profile = Files.writeString(dir.resolve("long.yaml"), """
                name: long
                source: {range: {count: 100000}}
                stages:
                  - {name: nap, kind: blocking-io, duration: 20ms, scheduler: {kind: process, workers: 2, max-in-flight: 4}}
                sink: count
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.sluice.cli.Main",
                "run", profile.toString(), "--out", dir.resolve("out").toString(), "--quiet"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    /** The run's two workers, once both are up (their start-up is part of the wait). */
    private static List<ProcessHandle> workersOf(Process sluice) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> workers = sluice.descendants().filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().orElse("").contains("-Dsluice.worker=true")).toList();
            if (workers.size() == 2) {
                Thread.sleep(3000); // ready (a JVM worker takes ~1 s to start, more on a busy machine) and busy
                return workers;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run's two workers did not start within 30 s");
    }

    private static void assertAllGone(List<ProcessHandle> workers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && workers.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(50);
        }
        assertThat(workers).as("worker processes left alive").noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void ctrlCStopsTheWorkersAndTheResultAccountsForEveryItem() throws Exception {
        Process sluice = startLongRun();
        try {
            List<ProcessHandle> workers = workersOf(sluice);
            new ProcessBuilder("kill", "-INT", Long.toString(sluice.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(sluice.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(sluice.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
            assertAllGone(workers);
            assertThat(dir.resolve("out/result.json")).as(Files.readString(dir.resolve("stderr.txt"))).exists();
            JsonNode v = new ObjectMapper().readTree(dir.resolve("out/result.json").toFile()).get("variants").get(0);
            assertThat(v.get("status").asText()).isEqualTo("interrupted");
            JsonNode items = v.get("items");
            assertThat(items.get("ok").asLong()).isPositive();
            assertThat(items.get("ok").asLong() + items.get("failed").asLong() + items.get("dropped").asLong())
                    .isEqualTo(items.get("emitted").asLong());
        } finally {
            sluice.destroyForcibly();
        }
    }

    @Test
    void aSigkilledSluiceTakesItsWorkersWithIt() throws Exception {
        Process sluice = startLongRun();
        try {
            List<ProcessHandle> workers = workersOf(sluice);
            sluice.destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertThat(sluice.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertAllGone(workers);
        } finally {
            sluice.destroyForcibly();
        }
    }
}
