package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.crawl.Crawl;
import dev.sluice.crawl.CrawlTarget;
import dev.sluice.crawl.FetchedPage;
import dev.sluice.crawl.FilterReason;
import dev.sluice.crawl.HostGate;
import dev.sluice.crawl.RobotsRules;
import dev.sluice.crawl.UrlNormalizer;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.CrawlSpec;
import dev.sluice.profile.WorkSpec;
import dev.sluice.resilience.HttpStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * A crawl's fetch stage on the event loop: for each target, the host's robots.txt (fetched once per
 * host, when obeyed), then a permit from the host's {@link HostGate}, then the request. The body is kept
 * (up to {@code max-page-size}) only for a successful answer of an allowed content type; a 429 or 503, or
 * no answer, is tried again after the answer's Retry-After or a doubling back-off, for which the whole host
 * pauses. The result is a {@link FetchedPage} for the link stage.
 */
final class CrawlFetchWork implements StageLogic.Async, AutoCloseable {

    private final Crawl crawl;
    private final CrawlSpec spec;
    private final StageMetrics metrics;
    private final ConnectionProvider pool;
    private final HttpClient client;
    private final Map<String, Mono<RobotsRules>> robots = new ConcurrentHashMap<>();

    CrawlFetchWork(String stage, WorkSpec.Http http, int concurrency, Crawl crawl, StageMetrics metrics) {
        this.crawl = requireNonNull(crawl, "crawl");
        this.spec = crawl.spec();
        this.metrics = requireNonNull(metrics, "metrics");
        int perHost = spec.perHost().maxConnections();
        // One pool per host, as large as the host's gate lets requests be: the gate, not the pool, queues.
        this.pool = ConnectionProvider.builder("sluice-crawl-" + stage)
                .maxConnections(perHost)
                .pendingAcquireMaxCount(Math.max(2 * perHost, concurrency))
                .pendingAcquireTimeout(http.client().pendingAcquireTimeout())
                .build();
        AtomicInteger open = new AtomicInteger();
        metrics.gauge("connections.open", open::get);
        this.client = HttpClient.create(pool)
                .disableRetry(true)
                .followRedirect(false)
                .keepAlive(http.client().keepAlive())
                .responseTimeout(http.timeout())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
                        (int) Math.min(Integer.MAX_VALUE, http.client().connectTimeout().toMillis()))
                .httpResponseDecoder(decoder -> decoder.validateHeaders(false))
                .headers(h -> {
                    h.set(HttpHeaderNames.USER_AGENT, spec.userAgent());
                    http.headers().forEach(h::set);
                })
                .doOnChannelInit((observer, channel, address) -> {
                    metrics.tally("connections.opened", 1);
                    metrics.peak("connections.peak", open.incrementAndGet());
                    channel.closeFuture().addListener(f -> open.decrementAndGet());
                });
    }

    @Override
    public Publisher<?> apply(Object value) {
        CrawlTarget target = (CrawlTarget) value;
        String host = UrlNormalizer.host(target.url());
        HostGate gate = crawl.gate(host);
        Mono<FetchedPage> fetch = Mono.defer(() -> attempt(target, gate, 1));
        if (!spec.obeyRobots()) {
            return fetch;
        }
        return robots.computeIfAbsent(host, h -> robotsTxt(target.url(), h, gate).cache())
                .flatMap(rules -> {
                    if (rules.allowed(target.url())) {
                        return fetch;
                    }
                    crawl.stats().filtered(FilterReason.ROBOTS, 1);
                    return Mono.error(new ItemDroppedException("robots"));
                });
    }

    /** One try at the page; a 429/503 or no answer tries again (after the host's pause) while attempts remain. */
    private Mono<FetchedPage> attempt(CrawlTarget target, HostGate gate, int attempt) {
        return gate.acquire().flatMap(permit -> client.get().uri(target.url())
                .response((response, body) -> {
                    permit.answered();
                    return read(target, response, body);
                })
                .single()
                .doOnCancel(() -> permit.release(HostGate.Outcome.CANCELLED, 0))
                // Either the answer or what went wrong, so both lead on to a retry below.
                .<Object>map(answer -> answer)
                .onErrorResume(e -> Mono.just(e))
                .flatMap(outcome -> {
                    if (outcome instanceof Throwable e) {
                        permit.release(HostGate.Outcome.FAILED, 0);
                        if (attempt >= spec.retry().attempts()) {
                            return Mono.error(e);
                        }
                        crawl.stats().retried();
                        return Mono.delay(backoff(attempt, null)).then(attempt(target, gate, attempt + 1));
                    }
                    Answer answer = (Answer) outcome;
                    boolean throttled = answer.page.status() == 429 || answer.page.status() == 503;
                    if (!throttled) {
                        permit.release(HostGate.Outcome.OK, 0);
                        return Mono.just(answer.page);
                    }
                    Duration pause = backoff(attempt, answer.retryAfter);
                    permit.release(HostGate.Outcome.THROTTLED, pause.toNanos());
                    if (attempt >= spec.retry().attempts()) {
                        return Mono.just(answer.page);
                    }
                    crawl.stats().retried();
                    // The gate holds every request to this host until the pause is over, this one included.
                    return attempt(target, gate, attempt + 1);
                }));
    }

    /** The server's Retry-After when it gave one, else the back-off doubled per try; never past max-wait. */
    private Duration backoff(int attempt, @Nullable Duration retryAfter) {
        Duration wait = retryAfter != null ? retryAfter
                : spec.retry().backoff().multipliedBy(1L << Math.min(30, attempt - 1));
        return wait.compareTo(spec.retry().maxWait()) > 0 ? spec.retry().maxWait() : wait;
    }

    private Mono<Answer> read(CrawlTarget target, HttpClientResponse response,
            reactor.netty.ByteBufFlux body) {
        int status = response.status().code();
        HttpHeaders headers = response.responseHeaders();
        Duration retryAfter = HttpStatusException.parseRetryAfter(headers.get(HttpHeaderNames.RETRY_AFTER));
        String location = status / 100 == 3 ? headers.get(HttpHeaderNames.LOCATION) : null;
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        Charset charset = charset(type);
        boolean success = status / 100 == 2;
        if (!success || !typeAllowed(type)) {
            if (success) {
                crawl.stats().filtered(FilterReason.CONTENT_TYPE, 1);
            }
            return body.map(ByteBuf::readableBytes).reduce(0L, Long::sum).defaultIfEmpty(0L)
                    .map(bytes -> answer(target, status, bytes, null, charset, location, retryAfter));
        }
        long expected = headers.getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
        PageBuffer page = new PageBuffer((int) spec.maxPageSize(), expected);
        // Past the limit the rest of the body is not read: the connection is closed rather than drained.
        return body.takeWhile(page::append).then(Mono.fromCallable(() -> {
            if (page.tooLarge()) {
                crawl.stats().filtered(FilterReason.TOO_LARGE, 1);
                return answer(target, status, page.seen(), null, charset, location, retryAfter);
            }
            return answer(target, status, page.seen(), page.body(), charset, location, retryAfter);
        }));
    }

    private Answer answer(CrawlTarget target, int status, long bytes, byte @Nullable [] body, Charset charset,
            @Nullable String location, @Nullable Duration retryAfter) {
        HttpTally.record(metrics, null, target.url(), status, bytes, null);
        return new Answer(new FetchedPage(target, status, bytes, body, charset, location), retryAfter);
    }

    private boolean typeAllowed(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return spec.contentTypes().contains(type);
    }

    private static Charset charset(@Nullable String contentType) {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = contentType.substring(at + 8).strip();
                int end = name.indexOf(';');
                name = (end < 0 ? name : name.substring(0, end)).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    // An unknown charset: read the page as UTF-8, as browsers mostly would.
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /**
     * The host's robots.txt, through the host's gate like any request. Per RFC 9309: a 4xx means no rules,
     * a 5xx or 429 or no answer means keep off the host.
     */
    private Mono<RobotsRules> robotsTxt(String pageUrl, String host, HostGate gate) {
        String robotsUrl = origin(pageUrl) + "/robots.txt";
        return gate.acquire().flatMap(permit -> client.get().uri(robotsUrl)
                .responseSingle((response, bytes) -> {
                    permit.answered();
                    int status = response.status().code();
                    return bytes.asByteArray().defaultIfEmpty(new byte[0])
                            .map(content -> status / 100 == 2 ? RobotsRules.parse(content, robotsUrl, spec.userAgent())
                                    : status >= 300 ? RobotsRules.fromStatus(status) : RobotsRules.allowAll());
                })
                .doOnCancel(() -> permit.release(HostGate.Outcome.CANCELLED, 0))
                .doOnSuccess(rules -> permit.release(HostGate.Outcome.OK, 0))
                .onErrorResume(e -> {
                    permit.release(HostGate.Outcome.FAILED, 0);
                    metrics.tally("robots.unreachable", 1);
                    return Mono.just(RobotsRules.fromStatus(503));
                }))
                .doOnNext(rules -> crawl.robotsKnown(host, rules));
    }

    /** {@code scheme://host[:port]} of a normalised URL. */
    static String origin(String url) {
        int hostStart = url.indexOf("://") + 3;
        int pathStart = url.indexOf('/', hostStart);
        return pathStart < 0 ? url : url.substring(0, pathStart);
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    private record Answer(FetchedPage page, @Nullable Duration retryAfter) {
    }
}
