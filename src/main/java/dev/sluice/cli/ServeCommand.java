package dev.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sluice.profile.ProfileException;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.TestServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice serve}: the test server in the foreground, until Ctrl-C (or {@code --duration}). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Starts the test server: a synthetic site, /bytes/N, /delay/D, /status/C, /api/items,",
            "/robots.txt, /stats and /stats/reset, with the latency and faults the config asks for.",
            "The first line is 'listening on http://HOST:PORT'. Ctrl-C stops it and prints its stats."},
        footer = {"", "Example: sluice serve --port 8080 --set site.pages=1000 --set routes.site.latency=5ms",
            "", ExitCodes.HELP})
final class ServeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Console console;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to listen on (default 127.0.0.1).")
    private @Nullable String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default 0: any free port, printed).")
    private @Nullable Integer port;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML file with the server settings (the same keys as a profile's server: block).")
    private @Nullable Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a setting, e.g. --set site.pages=1000 or --set routes.site.error-rate=0.05.")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--duration", paramLabel = "DURATION", hidden = true,
            description = "Stop by itself after this long (for scripts and tests).")
    private @Nullable String duration;

    ServeCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        List<String> all = new ArrayList<>(sets);
        if (host != null) {
            all.add("host=" + host);
        }
        if (port != null) {
            all.add("port=" + port);
        }
        ServerSpec spec;
        Duration stopAfter;
        try {
            spec = new ProfileLoader().loadServer(config, all);
            stopAfter = duration == null ? null : dev.sluice.profile.Units.duration(duration);
        } catch (ProfileException e) {
            e.errors().forEach(error -> console.err().println(error));
            return ExitCodes.INVALID_INPUT;
        } catch (IllegalArgumentException e) {
            console.err().println("sluice serve: --duration: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        }
        if (!isLoopback(spec.host())) {
            console.err().println("warning: listening on " + spec.host()
                    + ", which is not a loopback address: other machines may reach this server");
        }
        TestServer server;
        try {
            server = TestServer.start(spec);
        } catch (IllegalStateException e) {
            console.err().println("sluice serve: " + e.getMessage());
            return ExitCodes.RUN_FAILED;
        }
        for (String url : server.urls()) {
            console.out().println("listening on " + url);
        }
        console.out().flush();

        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch printed = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                stopped.countDown();
                server.close();
                printStats(server);
                printed.countDown();
            }
        };
        if (console.handlesSignals()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.run();
                awaitQuietly(printed);
            }, "sluice-serve-shutdown"));
        }
        if (stopAfter != null) {
            stopped.await(stopAfter.toNanos(), TimeUnit.NANOSECONDS);
            stop.run();
            awaitQuietly(printed);
            return ExitCodes.OK;
        }
        stopped.await();
        awaitQuietly(printed);
        return ExitCodes.INTERRUPTED;
    }

    private void printStats(TestServer server) {
        try {
            console.out().println("stats: " + JSON.writeValueAsString(server.stats().snapshot()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            console.out().println("stats: unavailable (" + e.getMessage() + ")");
        }
        console.out().flush();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
