package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on a real sluice process: exit 130, and the partial result is written with every item counted. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InterruptTest {

    @TempDir
    Path dir;

    @Test
    void sigintStopsTheServerAndPrintsItsStats() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                "dev.sluice.cli.Main", "serve", "--set", "site.pages=100"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            assertThat(first).matches("listening on http://127\\.0\\.0\\.1:\\d+");
            String url = first.substring("listening on ".length());
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/site/0")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String rest = String.join("\n", r.lines().toList());
            assertThat(rest).contains("stats: {").contains("\"requests\" : 1");
            assertThat(p.exitValue()).isEqualTo(ExitCodes.INTERRUPTED);
            int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                    .as("the port is closed after Ctrl-C").isInstanceOf(java.io.IOException.class);
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reactor", "rxjava"})
    void sigintStopsTheRunWritesThePartialResultAndExits130(String engine) throws Exception {
        Path profile = Files.writeString(dir.resolve("long.yaml"), """
                name: long
                engine: %s
                source: {range: {count: 100000}}
                stages:
                  - {name: wait, kind: blocking-io, duration: 10ms, scheduler: {kind: bounded-elastic, threads: 4}}
                sink: {kind: jsonl, path: items.jsonl}
                """.formatted(engine));
        Path out = dir.resolve("out");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.sluice.cli.Main", "run", profile.toString(), "--out", out.toString()))
                .redirectErrorStream(true)
                .start();
        try {
            // Wait until items reach the sink, then press Ctrl-C.
            Path items = out.resolve("items.jsonl");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((!Files.exists(items) || Files.size(items) < 200) && System.nanoTime() < deadline) {
                assertThat(p.isAlive()).as("sluice ended before it was interrupted").isTrue();
                Thread.onSpinWait();
            }
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                output = String.join("\n", r.lines().toList());
            }
            assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(output).contains("INTERRUPTED").doesNotContain("\tat ");
            JsonNode v = new ObjectMapper().readTree(out.resolve("result.json").toFile()).path("variants").get(0);
            assertThat(v.path("status").asText()).isEqualTo("interrupted");
            JsonNode i = v.path("items");
            assertThat(i.path("emitted").asLong())
                    .isEqualTo(i.path("ok").asLong() + i.path("failed").asLong() + i.path("dropped").asLong());
            assertThat(i.path("ok").asLong()).isPositive().isLessThan(100000);
            assertThat(Files.readAllLines(out.resolve("items.jsonl"))).hasSize((int) i.path("ok").asLong());
            assertThat(Files.readString(out.resolve("report.html"))).as("the report of the partial run")
                    .contains("interrupted").endsWith("</html>\n");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigintEndsASoakEarlyAndStillWritesItsResultAndReport() throws Exception {
        Path out = dir.resolve("soak");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.sluice.cli.Main", "run", "load-profiles/soak-connections.yaml", "--out", out.toString(),
                "--set", "soak.connections=100", "--set", "load.duration=60s", "--set", "soak.window=500ms",
                "--set", "soak.server-process=false"))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            // Press Ctrl-C once the first window's line is out.
            StringBuilder before = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null && !line.contains(" s  open ")) {
                before.append(line).append('\n');
            }
            assertThat(line).as("a window's line before the end; got: " + before).isNotNull();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(10, TimeUnit.SECONDS);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String output = String.join("\n", r.lines().toList());
            assertThat(p.exitValue()).as(output).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(output).contains("result: " + out.resolve("result.json"), "report: " + out.resolve("report.html"));
            JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
            assertThat(result.path("stoppedEarly").asBoolean()).isTrue();
            assertThat(Files.readString(out.resolve("report.html"))).as("the report of the soak cut short")
                    .contains("<strong>Stopped early</strong>").endsWith("</html>\n");
        } finally {
            p.destroyForcibly();
        }
    }
}
