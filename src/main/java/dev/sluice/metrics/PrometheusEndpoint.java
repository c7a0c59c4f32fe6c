package dev.sluice.metrics;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A Prometheus endpoint for the runs of one {@code sluice run}, on 127.0.0.1 only, through Micrometer:
 * {@code GET /metrics} in the Prometheus text format. Each run re-binds the meters to its own metrics
 * ({@link #bind}), tagged with the variant. Series (all prefixed {@code sluice_}):
 *
 * <ul>
 *   <li>{@code items_emitted_total}, {@code items_ok_total}, {@code items_failed_total},
 *       {@code items_dropped_total}, {@code items_in_flight};
 *   <li>per stage: {@code stage_completed_total}, {@code stage_errors_total}, {@code stage_dropped_total},
 *       {@code stage_service_seconds} and {@code stage_queue_seconds} with a {@code quantile} tag (0.5, 0.99);
 *   <li>per stage, every count the stage kind keeps ({@code stage_tally}, tag {@code key}): an http
 *       stage's connections opened and their peak, the pool's active and pending peaks, answers by status;
 *   <li>per stage, its live values: {@code scheduler_queued} (tasks waiting in its scheduler's queue) and,
 *       for an event-loop http stage, {@code stage_connections_open}.
 * </ul>
 */
public final class PrometheusEndpoint implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServer server;
    private PipelineMetrics metrics;
    private Tags run = Tags.empty();
    private final Set<String> talliesSeen = new HashSet<>();

    private PrometheusEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port). */
    public static PrometheusEndpoint start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            PrometheusEndpoint endpoint = new PrometheusEndpoint(server);
            server.createContext("/metrics", exchange -> {
                byte[] body = endpoint.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.setExecutor(null);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for --metrics-port: "
                    + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    /** Points the meters at a run that is starting (the previous run's series go away). */
    public synchronized void bind(String variant, PipelineMetrics runMetrics) {
        registry.clear();
        talliesSeen.clear();
        this.metrics = requireNonNull(runMetrics, "runMetrics");
        this.run = Tags.of("variant", variant);
        counter("sluice.items.emitted", "Items the source emitted", m -> m.counts().emitted());
        counter("sluice.items.ok", "Items that reached the sink", m -> m.counts().ok());
        counter("sluice.items.failed", "Items that failed in a stage", m -> m.counts().failed());
        counter("sluice.items.dropped", "Items a buffer or the load model dropped", m -> m.counts().dropped());
        Gauge.builder("sluice.items.in.flight", runMetrics, m -> m.counts().inFlight())
                .description("Items inside the pipeline").tags(run).register(registry);
        for (StageMetrics stage : runMetrics.stages()) {
            Tags tags = run.and("stage", stage.name());
            FunctionCounter.builder("sluice.stage.completed", stage, StageMetrics::completedCount).tags(tags)
                    .register(registry);
            FunctionCounter.builder("sluice.stage.errors", stage, StageMetrics::errorCount).tags(tags)
                    .register(registry);
            FunctionCounter.builder("sluice.stage.dropped", stage, StageMetrics::droppedCount).tags(tags)
                    .register(registry);
            for (String key : stage.gauges().keySet()) {
                String name = key.equals("scheduler.queued") ? "sluice.scheduler.queued" : "sluice.stage." + key;
                Gauge.builder(name, stage, s -> s.gauges().getOrDefault(key, 0L)).tags(tags)
                        .description(key.equals("scheduler.queued") ? "Tasks waiting in the stage's scheduler queue"
                                : "A live value of the stage")
                        .register(registry);
            }
            for (double q : new double[] {0.5, 0.99}) {
                Tags quantile = tags.and("quantile", Double.toString(q));
                Gauge.builder("sluice.stage.service", stage, s -> seconds(s.service(), q)).baseUnit("seconds")
                        .description("Service time of the stage's items so far").tags(quantile).register(registry);
                Gauge.builder("sluice.stage.queue", stage, s -> seconds(s.queue(), q)).baseUnit("seconds")
                        .description("Queue wait in front of the stage so far").tags(quantile).register(registry);
            }
        }
    }

    private void counter(String name, String description, ToDoubleFunction<PipelineMetrics> f) {
        FunctionCounter.builder(name, metrics, f).description(description).tags(run).register(registry);
    }

    private static double seconds(LatencyRecorder recorder, double quantile) {
        return recorder.cumulative().getValueAtPercentile(quantile * 100) / 1e9;
    }

    /** The text a scrape gets; a stage's counts that appeared since the last scrape are added first. */
    synchronized String scrape() {
        if (metrics != null) {
            for (StageMetrics stage : metrics.stages()) {
                for (String key : stage.tallies().keySet()) {
                    if (talliesSeen.add(stage.name() + "\u0000" + key)) {
                        Gauge.builder("sluice.stage.tally", stage, s -> s.tallies().getOrDefault(key, 0L))
                                .description("A count the stage kind keeps").tags(run.and("stage", stage.name(), "key", key))
                                .register(registry);
                    }
                }
            }
        }
        return registry.scrape();
    }

    @Override
    public void close() {
        server.stop(0);
        registry.close();
    }
}
