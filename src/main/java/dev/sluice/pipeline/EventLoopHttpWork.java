package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.WorkSpec;
import dev.sluice.resilience.StagePolicies;
import org.jspecify.annotations.Nullable;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.netty.resources.ConnectionPoolMetrics;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.netty.http.HttpProtocol;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The asyncio model: each item's request goes out on Reactor Netty's non-blocking client and completes
 * on its event loop; no thread waits. One connection pool per stage (per host), sized from the
 * stage's concurrency unless {@code pool:} says otherwise: the pool, not its pending queue, is the
 * capacity. Counts the connections it opens and the most open at once.
 */
final class EventLoopHttpWork implements StageLogic.Async, AutoCloseable {

    private final WorkSpec.Http spec;
    private final UrlTemplate url;
    private final UrlTemplate body;
    private final HttpMethod method;
    /** The URL parsed once when it does not depend on the item (saves a parse per request). */
    private final @Nullable URI fixedUri;
    /**
     * The whole request when neither URL nor body depends on the item: Reactor Netty's request
     * configuration is immutable, so it is built once rather than copied twice per request.
     */
    private final HttpClient.@Nullable ResponseReceiver<?> fixedRequest;
    private final StageMetrics metrics;
    private final @Nullable StagePolicies policies;
    private final ConnectionProvider pool;
    private final HttpClient client;
    private final List<ConnectionPoolMetrics> hostPools = new CopyOnWriteArrayList<>();

    EventLoopHttpWork(String stage, WorkSpec.Http spec, int concurrency, Map<String, String> runtimeValues,
            StageMetrics metrics, @Nullable StagePolicies policies) {
        this.spec = spec;
        this.url = new UrlTemplate(spec.url(), runtimeValues);
        this.body = new UrlTemplate(spec.body(), runtimeValues);
        this.method = HttpMethod.valueOf(spec.method());
        this.fixedUri = url.perItem() ? null : fixedUri(url.fill(""));
        this.metrics = metrics;
        this.policies = policies;
        WorkSpec.ClientSpec settings = spec.client();
        ConnectionProvider.Builder builder = ConnectionProvider.builder("sluice-" + stage)
                .maxConnections(settings.connections(concurrency))
                .pendingAcquireMaxCount(settings.pending(concurrency))
                .pendingAcquireTimeout(settings.pendingAcquireTimeout())
                .pendingAcquireTimer(EventLoopHttpWork::pendingTimer);
        if (!settings.maxIdleTime().isZero()) {
            builder = builder.maxIdleTime(settings.maxIdleTime());
        }
        if (!settings.maxLifeTime().isZero()) {
            builder = builder.maxLifeTime(settings.maxLifeTime());
        }
        // Our own registrar (no Micrometer needed) keeps each per-host pool's live gauges to sample.
        builder = builder.metrics(true, () -> new ConnectionProvider.MeterRegistrar() {
            @Override
            public void registerMetrics(String poolName, String id, java.net.SocketAddress remote,
                    ConnectionPoolMetrics gauges) {
                hostPools.add(gauges);
            }
        });
        this.pool = builder.build();
        AtomicInteger open = new AtomicInteger();
        metrics.gauge("connections.open", open::get);
        // No silent retry: Reactor Netty would send a request again, once, when a kept-alive connection
        // turns out closed; a load tool counts that failure (a retry policy can retry it, visibly).
        HttpClient base = HttpClient.create(pool).disableRetry(true)
                .protocol(settings.h2c() ? HttpProtocol.H2C : HttpProtocol.HTTP11)
                .keepAlive(settings.keepAlive())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                // A load generator reads answers, it does not police them: header values are not
                // checked character by character (about 1.5% of a one-core client's time).
                .httpResponseDecoder(decoder -> decoder.validateHeaders(false))
                .headers(h -> spec.headers().forEach(h::set))
                // Count the stage's own connections (the server's view is in its stats).
                .doOnChannelInit((observer, channel, address) -> {
                    if (channel.parent() == null) {
                        metrics.tally("connections.opened", 1);
                        metrics.peak("connections.peak", open.incrementAndGet());
                        channel.closeFuture().addListener(f -> open.decrementAndGet());
                    }
                })
                .doOnConnected(connection -> {
                    // Added with Netty's own API, so that it stays for the connection's life (Reactor
                    // Netty removes the handlers it adds when the connection goes back to the pool),
                    // between the HTTP codec and Reactor Netty's bridge to the response.
                    ChannelPipeline pipeline = connection.channel().pipeline();
                    if (!settings.h2c() && pipeline.get(ResponseDeadline.NAME) == null
                            && pipeline.get(NettyPipeline.ReactiveBridge) != null) {
                        pipeline.addBefore(NettyPipeline.ReactiveBridge, ResponseDeadline.NAME,
                                new ResponseDeadline(spec.timeout().toNanos()));
                    }
                });
        // HTTP/2 streams are channels of their own: there Reactor Netty's per-request timeout does it.
        this.client = settings.h2c() ? base.responseTimeout(spec.timeout()) : base;
        boolean fixed = fixedUri != null && !body.perItem();
        this.fixedRequest = fixed ? request(url.fill(""), "") : null;
    }

    @Override
    public Publisher<?> apply(Object value) {
        String target = url.fill(value);
        HttpClient.ResponseReceiver<?> receiver = fixedRequest != null ? fixedRequest : request(target, value);
        // The body is counted chunk by chunk as it arrives (each chunk released at once), never held whole.
        return receiver.response((response, body) -> {
            samplePools();
            return body.map(ByteBuf::readableBytes)
                    .reduce(0L, Long::sum)
                    .map(bytes -> HttpTally.record(metrics, policies, target, response.status().code(), bytes,
                            response.responseHeaders().get("Retry-After")));
        }).single();
        // No per-request Mono.timeout: the client's responseTimeout bounds the wait for the answer,
        // the pool bounds the wait for a connection, and the stage's timeout policy bounds the whole
        // call when asked for. A timer per request cost ~7% of a one-core client's throughput.
    }

    /** A request to {@code target}, with the stage's body filled for the item when it has one. */
    private HttpClient.ResponseReceiver<?> request(String target, Object value) {
        HttpClient.RequestSender request = fixedUri != null ? client.request(method).uri(fixedUri)
                : client.request(method).uri(target);
        return spec.body().isEmpty() ? request
                : request.send(ByteBufFlux.fromString(Mono.just(body.fill(value)), StandardCharsets.UTF_8,
                        io.netty.buffer.ByteBufAllocator.DEFAULT));
    }

    /**
     * The pool's timer for a request waiting for a connection: on the event loop that asks (as the
     * request's own work is), not on Reactor's parallel scheduler, which would take a lock and wake
     * another thread to arm it and again to cancel it, for every request that waits even briefly.
     */
    private static Disposable pendingTimer(Runnable task, Duration delay) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop == null) {
            return Schedulers.parallel().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        io.netty.util.concurrent.ScheduledFuture<?> timer = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> timer.cancel(false);
    }

    /** The URI of a URL that does not change per item, or null when java.net.URI cannot parse it. */
    private static @Nullable URI fixedUri(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && uri.getHost() != null ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Samples the pools as each response arrives: the most connections in use, idle and waiting
     * requests seen during the run (peaks, in the stage's tallies).
     */
    private void samplePools() {
        for (ConnectionPoolMetrics gauges : hostPools) {
            metrics.peak("pool.active.peak", gauges.acquiredSize());
            metrics.peak("pool.idle.peak", gauges.idleSize());
            metrics.peak("pool.pending.peak", gauges.pendingAcquireSize());
        }
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }
}
