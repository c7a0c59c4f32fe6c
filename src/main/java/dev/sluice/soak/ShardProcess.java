package dev.sluice.soak;

import dev.sluice.bridge.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One shard of a soak's fleet: {@code sluice soak-shard} in a JVM of its own, holding its part of the
 * connections against its own limit of open files. Spoken to one line at a time ({@link ShardWire}); its
 * standard error goes to {@code shard-N.err} in the run's folder. When it dies, {@link #ask} says how,
 * with the last lines it wrote there.
 */
final class ShardProcess implements AutoCloseable {

    private static final String EOF = "\u0000eof";

    private final int index;
    private final Process process;
    private final PrintStream in;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Path errFile;

    private ShardProcess(int index, Process process, Path errFile) {
        this.index = index;
        this.process = process;
        this.errFile = errFile;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "sluice-shard-" + index + "-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts shard {@code index} and sends it its fleet; {@link #awaitReady} waits for it. */
    static ShardProcess start(int index, FleetSpec spec, Path dir) {
        try {
            Files.createDirectories(dir);
            Path err = dir.resolve("shard-" + index + ".err");
            List<String> command = ChildJvm.command(List.of("-Dsluice.shard=" + index, "--enable-native-access=ALL-UNNAMED",
                    // A heap sized to its connections (measured: ~5 kB live each): left to itself, a JVM on a
                    // 24 GiB machine may grow a 6 GiB heap, and its RSS would say nothing about the connections.
                    // The serial collector has the least overhead of its own; a shard's live set is small.
                    "-XX:+UseSerialGC", "-Xmx" + heapMiB(spec.connections()) + "m",
                    // stdout carries the protocol only: the JVM's own chatter goes to stderr.
                    "-Xlog:disable", "-Xlog:all=warning:stderr"), List.of("soak-shard"));
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            ShardProcess shard = new ShardProcess(index, process, err);
            shard.in.println(ShardWire.spec(spec));
            return shard;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start soak shard " + index + " in " + dir + ": " + e, e);
        }
    }

    /** A shard's heap: 64 MiB for the JVM's own, and 16 kB a connection (three times what one holds live). */
    static long heapMiB(int connections) {
        return 64 + (connections * 16L + 1023) / 1024;
    }

    int index() {
        return index;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the shard has made its fleet; returns its gauges then, before any connection. */
    ProcessGauges.Reading awaitReady(Duration timeout) {
        return ShardWire.gauges(expect(ShardWire.READY, timeout));
    }

    /**
     * Sends {@code command} and returns the rest of the reply that starts with {@code answer}.
     *
     * @throws ShardFailedException when the shard dies, says it failed, or does not answer in time
     */
    String ask(String command, String answer, Duration timeout) {
        if (!process.isAlive()) {
            throw failed("it had already ended (" + exit() + ")");
        }
        in.println(command);
        if (in.checkError()) {
            throw failed("it stopped reading (" + exit() + ")");
        }
        return expect(answer, timeout);
    }

    private String expect(String answer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String line = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw failed("it did not answer within " + timeout.toSeconds() + " s");
                }
                if (line.equals(EOF)) {
                    replies.add(EOF);
                    waitForExit();
                    throw failed("it ended (" + exit() + ")");
                }
                if (line.startsWith(ShardWire.FAILED)) {
                    throw failed(line.substring(ShardWire.FAILED.length()).strip());
                }
                if (line.equals(answer) || line.startsWith(answer + " ")) {
                    return line.substring(answer.length()).strip();
                }
                // Anything else on its stdout is not for us (a library printing there): skipped.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for it");
        }
    }

    /** Asks it to exit, then makes sure it has: SIGTERM, then SIGKILL. Blocks for at most ~20 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            in.println(ShardWire.EXIT);
            in.close();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.toHandle().destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                replies.add(line);
            }
        } catch (IOException e) {
            // The process is gone: the end of its output below says so.
        }
        replies.add(EOF);
    }

    private void waitForExit() throws InterruptedException {
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private String exit() {
        return process.isAlive() ? "still running" : "exit " + process.exitValue();
    }

    private ShardFailedException failed(String how) {
        String said = "";
        try {
            if (Files.exists(errFile)) {
                List<String> lines = Files.readAllLines(errFile).stream()
                        .filter(line -> !line.isBlank() && !line.startsWith("WARNING:")).toList();
                said = lines.subList(Math.max(0, lines.size() - 3), lines.size()).stream().collect(Collectors.joining("; "));
            }
        } catch (IOException e) {
            said = "";
        }
        return new ShardFailedException("soak shard " + index + " (pid " + process.pid() + "): " + how
                + (said.isEmpty() ? "" : "; it said: " + said));
    }

    /** A shard died, failed or stopped answering. */
    static final class ShardFailedException extends RuntimeException {
        ShardFailedException(String message) {
            super(message);
        }
    }
}
