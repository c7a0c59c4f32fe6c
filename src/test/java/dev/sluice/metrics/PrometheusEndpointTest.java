package dev.sluice.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.report.VariantResult;
import dev.sluice.run.Profiles;
import dev.sluice.run.RunListener;
import dev.sluice.run.Runner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A scrape during a run returns the run's series, with its numbers as they grow. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusEndpointTest {

    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String scrape(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return r.body();
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void aScrapeDuringARunShowsItsStagesAsTheyGo() throws Exception {
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(0)) {
            assertThat(endpoint.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");
            var profile = Profiles.parse("""
                    name: prom
                    server: {}
                    source: {range: {count: 150}}
                    stages:
                      - {name: fetch, kind: http, url: "${server.url}/bytes/100", scheduler: event-loop, concurrency: 4}
                      - {name: wait, kind: blocking-io, duration: 10ms, scheduler: single}
                    sink: count
                    """);
            RunListener listener = new RunListener() {
                @Override
                public void progress(RunListener.Progress progress) {
                }

                @Override
                public void started(String label, PipelineMetrics metrics) {
                    endpoint.bind(label, metrics);
                }
            };
            CompletableFuture<VariantResult> run = CompletableFuture.supplyAsync(
                    () -> new Runner().run(profile, "v1", dir, listener));
            String during = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!run.isDone() && System.nanoTime() < deadline) {
                during = scrape(endpoint.url());
                double done = value(during, "sluice_stage_completed_total{stage=\"wait\",variant=\"v1\"}");
                if (done > 10) {
                    break;
                }
                Thread.sleep(50);
            }
            double waitDone = value(during, "sluice_stage_completed_total{stage=\"wait\",variant=\"v1\"}");
            assertThat(waitDone).as(during).isGreaterThan(10).isLessThan(150);
            assertThat(value(during, "sluice_items_emitted_total{variant=\"v1\"}")).isGreaterThanOrEqualTo(waitDone);
            assertThat(value(during, "sluice_stage_service_seconds{quantile=\"0.5\",stage=\"wait\",variant=\"v1\"}"))
                    .isBetween(0.009, 0.1);
            assertThat(during).contains("sluice_items_in_flight{variant=\"v1\"}")
                    .contains("sluice_stage_tally{key=\"connections.opened\",stage=\"fetch\",variant=\"v1\"}")
                    .contains("sluice_scheduler_queued{stage=\"wait\",variant=\"v1\"}");
            assertThat(value(during, "sluice_stage_connections_open{stage=\"fetch\",variant=\"v1\"}"))
                    .as("connections the fetch stage holds open mid-run").isBetween(1.0, 4.0);
            VariantResult r = run.get(30, TimeUnit.SECONDS);
            String after = scrape(endpoint.url());
            assertThat(value(after, "sluice_items_ok_total{variant=\"v1\"}")).isEqualTo(r.items().ok());
            String url = endpoint.url();
            endpoint.close();
            assertThatThrownBy(() -> scrape(url)).isInstanceOf(java.io.IOException.class);
        }
    }
}
