package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.WorkSpec;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The asyncio model: each item's request goes out on Reactor Netty's non-blocking client and completes
 * on its event loop; no thread waits. One connection pool per stage, sized from the stage's
 * concurrency (the pool, not its pending queue, is the capacity).
 */
final class EventLoopHttpWork implements StageLogic.Async, AutoCloseable {

    private final WorkSpec.Http spec;
    private final UrlTemplate url;
    private final UrlTemplate body;
    private final StageMetrics metrics;
    private final ConnectionProvider pool;
    private final HttpClient client;

    EventLoopHttpWork(String stage, WorkSpec.Http spec, int concurrency, Map<String, String> runtimeValues,
            StageMetrics metrics) {
        this.spec = spec;
        this.url = new UrlTemplate(spec.url(), runtimeValues);
        this.body = new UrlTemplate(spec.body(), runtimeValues);
        this.metrics = metrics;
        this.pool = ConnectionProvider.builder("sluice-" + stage)
                .maxConnections(concurrency)
                .pendingAcquireMaxCount(Math.max(1, concurrency) * 2)
                .pendingAcquireTimeout(spec.timeout())
                .build();
        this.client = HttpClient.create(pool)
                .responseTimeout(spec.timeout())
                .headers(h -> spec.headers().forEach(h::set));
    }

    @Override
    public Publisher<?> apply(Object value) {
        String target = url.fill(value);
        HttpClient.RequestSender request = client.request(HttpMethod.valueOf(spec.method())).uri(target);
        HttpClient.ResponseReceiver<?> receiver = spec.body().isEmpty() ? request
                : request.send(ByteBufFlux.fromString(Mono.just(body.fill(value)), StandardCharsets.UTF_8,
                        io.netty.buffer.ByteBufAllocator.DEFAULT));
        return receiver.responseSingle((response, content) -> content.asByteArray()
                        .map(bytes -> bytes.length)
                        .defaultIfEmpty(0)
                        .map(bytes -> HttpTally.record(metrics, target, response.status().code(), bytes)))
                .timeout(spec.timeout().plus(Duration.ofSeconds(1)));
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }
}
