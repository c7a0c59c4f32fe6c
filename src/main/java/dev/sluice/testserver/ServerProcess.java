package dev.sluice.testserver;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bridge.ChildJvm;
import dev.sluice.profile.ServerConfigWriter;
import dev.sluice.profile.ServerSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The test server in a process of its own: {@code sluice serve} on this JVM's java and class path, with
 * the spec written to a config file in {@code workDir}. A soak needs this: one process may hold only so
 * many sockets (20,000 here), and a client and a server in one JVM would share them. The child stops
 * itself after {@code maxLife} whatever happens to this JVM; {@link #close()} stops it sooner. Its
 * figures come from its {@code /stats}, and after {@link #close()} from the last stats it printed.
 */
public final class ServerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final String LISTENING = "listening on ";
    private static final String STATS = "stats: ";

    private final Process process;
    private final List<String> urls;
    private final CompletableFuture<@Nullable String> lastStats;
    private ServerStats.@Nullable Snapshot finalStats;
    private @Nullable String noFinalStats;

    private ServerProcess(Process process, List<String> urls, CompletableFuture<@Nullable String> lastStats) {
        this.process = process;
        this.urls = List.copyOf(urls);
        this.lastStats = lastStats;
    }

    /**
     * Starts the server and returns once every listener accepts connections.
     *
     * @throws IllegalStateException when it cannot start; the message holds what the child said
     */
    public static ServerProcess start(ServerSpec spec, Path workDir, Duration maxLife) {
        requireNonNull(spec, "spec");
        try {
            Files.createDirectories(workDir);
            Path config = workDir.resolve("server.yaml");
            Files.writeString(config, ServerConfigWriter.write(spec));
            // In a session of its own: a Ctrl-C stops the run, which then stops the server in order.
            List<String> command = ChildJvm.command(List.of("-Dsluice.server=true", "--enable-native-access=ALL-UNNAMED"),
                    List.of("serve", "--config", config.toString(), "--duration", Math.max(1, maxLife.toSeconds()) + "s"));
            Process process = new ProcessBuilder(command)
                    .redirectError(workDir.resolve("server.err").toFile())
                    .start();
            process.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<List<String>> listening = new CompletableFuture<>();
            CompletableFuture<@Nullable String> lastStats = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(out, spec.hosts(), listening, lastStats), "sluice-server-process-out");
            reader.setDaemon(true);
            reader.start();
            try {
                return new ServerProcess(process, listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), lastStats);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                String said = Files.exists(workDir.resolve("server.err"))
                        ? Files.readAllLines(workDir.resolve("server.err")).stream()
                                .filter(line -> !line.startsWith("WARNING:") && !line.isBlank())
                                .collect(Collectors.joining("; ")) : "";
                throw new IllegalStateException("the test server's process did not start"
                        + (said.isEmpty() ? " within " + START_TIMEOUT.toSeconds() + " s" : ": " + said), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test server's process in " + workDir + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the test server's process started", e);
        }
    }

    /** Reads the child's output: its listening lines, then (when it stops) its last stats. */
    private static void read(BufferedReader out, int hosts, CompletableFuture<List<String>> listening,
            CompletableFuture<@Nullable String> lastStats) {
        List<String> urls = new ArrayList<>();
        StringBuilder stats = null;
        try (out) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (stats != null) {
                    // The stats are pretty-printed JSON: the rest of the output.
                    stats.append(line).append('\n');
                } else if (line.startsWith(LISTENING)) {
                    urls.add(line.substring(LISTENING.length()).strip());
                    if (urls.size() == hosts) {
                        listening.complete(List.copyOf(urls));
                    }
                } else if (line.startsWith(STATS)) {
                    stats = new StringBuilder(line.substring(STATS.length())).append('\n');
                }
            }
        } catch (IOException e) {
            // The child is gone; whatever it said before is what there is.
        }
        listening.completeExceptionally(new IllegalStateException("the server's process ended"));
        lastStats.complete(stats == null ? null : stats.toString());
    }

    /** The base URL of the first host. */
    public String url() {
        return urls.getFirst();
    }

    public List<String> urls() {
        return urls;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the server has seen so far, read from its {@code /stats}; after {@link #close()}, its last figures. */
    public ServerStats.Snapshot snapshot() {
        if (finalStats != null) {
            return finalStats;
        }
        if (noFinalStats != null) {
            throw new IllegalStateException("the test server's process stopped without its last stats: " + noFinalStats);
        }
        // A connection of its own, closed after the answer: a kept-alive one would stay open on the server
        // and count among the connections a soak must see closed.
        URI base = URI.create(url());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /stats HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.1 200") || body < 0) {
                throw new IOException("unexpected answer: " + answer.lines().findFirst().orElse(""));
            }
            return JSON.readValue(answer.substring(body + 4), ServerStats.Snapshot.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the test server's /stats at " + url() + ": " + e, e);
        }
    }

    /** Connections open on the server now, not counting the one that asks. */
    public int openConnections() {
        return snapshot().connections().open() - 1;
    }

    /** Stops the server (it closes its connections and prints its last stats), waiting up to 15 s. */
    @Override
    public void close() {
        if (finalStats != null || noFinalStats != null) {
            return;
        }
        // SIGTERM through the handle: Process.destroy() would also close our end of its output, and its
        // last stats would be lost.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            String stats = lastStats.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (stats != null) {
                finalStats = JSON.readValue(stats, ServerStats.Snapshot.class);
            } else {
                noFinalStats = "it printed none (exit " + process.exitValue() + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            noFinalStats = "interrupted while it stopped";
        } catch (ExecutionException | TimeoutException | IOException e) {
            noFinalStats = e.toString();
        }
    }
}
