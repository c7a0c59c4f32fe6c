package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice serve}: first line, config file, --set, stats printed at the end, bad input. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CompletableFuture<Integer> serve(String... args) {
        Console console = Console.of(new PrintWriter(out, true), new PrintWriter(err, true));
        return CompletableFuture.supplyAsync(() -> SluiceCommand.execute(console, args));
    }

    private String awaitFirstLine() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString().contains("\n") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return out.toString().lines().findFirst().orElseThrow();
    }

    @Test
    void printsWhereItListensServesAndPrintsItsStatsWhenItStops() throws Exception {
        Path config = Files.writeString(dir.resolve("server.yaml"), """
                site: {pages: 50, out-degree: 3}
                routes:
                  status: {latency: 1ms}
                """);
        CompletableFuture<Integer> exit = serve("serve", "--config", config.toString(), "--set", "seed=9",
                "--duration", "2s");
        String first = awaitFirstLine();
        assertThat(first).matches("listening on http://127\\.0\\.0\\.1:\\d+");
        String url = first.substring("listening on ".length());
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url + "/site/0")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(client.send(HttpRequest.newBuilder(URI.create(url + "/site/" + Long.toString(50, 36))).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(exit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("stats: {").contains("\"requests\" : 2");
    }

    @Test
    void aBadSettingIsInvalidInputWithItsPosition() throws Exception {
        assertThat(serve("serve", "--set", "site.pagez=10").get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.toString()).contains("--set site.pagez:1:1:").contains("did you mean 'pages'?");
    }

    @Test
    void aPortInUseIsReportedInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int code = serve("serve", "--port", Integer.toString(taken.getLocalPort()), "--duration", "1s")
                    .get(20, TimeUnit.SECONDS);
            assertThat(code).isEqualTo(ExitCodes.RUN_FAILED);
            assertThat(err.toString()).contains("cannot start the test server").doesNotContain("\tat ");
        }
    }
}
