package dev.sluice.testserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.profile.ServerSpec;
import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.profile.ServerSpec.RouteSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Answers every request: finds the route, draws its latency and fault from the seed (request n of a
 * route always gets the same draw), waits on the connection's own event loop, then responds and
 * records what it did in {@link ServerStats}. Runs on Reactor Netty's event-loop threads.
 */
final class Router {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START = System.nanoTime();

    private final ServerSpec spec;
    private final ServerStats stats;
    private final Responses responses;
    private final AtomicLong[] requestIndex = new AtomicLong[Route.values().length];
    private volatile List<String> baseUrls = List.of();

    Router(ServerSpec spec, ServerStats stats, SiteGraph site) {
        this.spec = spec;
        this.stats = stats;
        this.responses = new Responses(spec, site, stats, this::baseUrl);
        for (int i = 0; i < requestIndex.length; i++) {
            requestIndex[i] = new AtomicLong();
        }
    }

    /** The base URL of every listener, known once they are bound (cross-host links need them). */
    void baseUrls(List<String> urls) {
        this.baseUrls = List.copyOf(urls);
    }

    private String baseUrl(int host) {
        List<String> urls = baseUrls;
        return urls.isEmpty() ? "" : urls.get(host % urls.size());
    }

    Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        String path = req.fullPath();
        if (path.equals("/stats")) {
            return json(res, stats.snapshot());
        }
        if (path.equals("/stats/reset")) {
            ServerStats.Snapshot before = stats.snapshot();
            stats.reset();
            return json(res, before);
        }
        Route route = Route.of(path);
        ServerStats.Request request = stats.started(route.label(), String.valueOf(req.hostAddress()),
                req.remoteAddress() == null ? "?" : req.remoteAddress().getAddress().getHostAddress());
        RouteSpec routeSpec = spec.route(route.label());
        FaultSpec faults = routeSpec.faults();
        long n = requestIndex[route.ordinal()].incrementAndGet();
        long stream = route.ordinal() * 4L;
        long waitNanos = routeSpec.latency().sampleNanos(SeededRandom.unit(spec.seed(), stream, n))
                + stallNanos(faults);
        double faultDraw = SeededRandom.unit(spec.seed(), stream + 1, n);
        if (!spec.connections().keepAlive()) {
            res.keepAlive(false);
        }
        Channel channel = channelOf(req);
        return after(channel.eventLoop(), waitNanos)
                .then(Mono.defer(() -> respond(route, path, res, faults, faultDraw, channel, request)))
                .doFinally(signal -> {
                    request.status(signal == reactor.core.publisher.SignalType.ON_COMPLETE
                            ? Integer.toString(res.status().code()) : "aborted");
                    request.end();
                });
    }

    private Mono<Void> respond(Route route, String path, HttpServerResponse res, FaultSpec faults, double draw,
            Channel channel, ServerStats.Request request) {
        if (draw < faults.errorRate()) {
            stats.fault("errors");
            res.status(faults.errorStatus());
            request.status(Integer.toString(faults.errorStatus()));
            if (!faults.retryAfter().isZero() && (faults.errorStatus() == 429 || faults.errorStatus() == 503)) {
                res.header(HttpHeaderNames.RETRY_AFTER, Long.toString(ceilSeconds(faults.retryAfter())));
            }
            return res.sendString(Mono.just("injected " + faults.errorStatus() + "\n")).then();
        }
        if (draw < faults.errorRate() + faults.resetRate()) {
            stats.fault("resets");
            request.status("reset");
            reset(channel);
            return Mono.empty();
        }
        if (draw < faults.errorRate() + faults.resetRate() + faults.hangRate()) {
            // A server that never answers and never reads the connection again: the client's close goes
            // unseen, so the socket stays open here until the server stops (an injected connection leak).
            stats.fault("hangs");
            request.status("hung");
            channel.config().setOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true);
            channel.pipeline().addFirst("sluice-hang", new Hang());
            channel.config().setAutoRead(false);
            return Mono.never();
        }
        Responses.Body body = responses.body(route, path, res);
        res.header(HttpHeaderNames.CONTENT_TYPE, body.contentType());
        res.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length()));
        return after(channel.eventLoop(), body.waitNanos()).then(Mono.defer(() -> {
            if (draw < faults.errorRate() + faults.resetRate() + faults.hangRate() + faults.closeMidBodyRate()) {
                stats.fault("closedMidBody");
                request.status("closed-mid-body");
                return res.send(Mono.just(Unpooled.wrappedBuffer(body.data(), 0, body.length() / 2))).then()
                        .then(Mono.fromRunnable(() -> closeConnection(channel)));
            }
            request.status(Integer.toString(res.status().code()));
            if (faults.slowBodyBytesPerSecond() > 0 && body.length() > 0) {
                stats.fault("slowBodies");
                return res.send(trickle(body, faults.slowBodyBytesPerSecond(), channel.eventLoop())).then();
            }
            return res.send(Mono.just(Unpooled.wrappedBuffer(body.data(), 0, body.length()))).then();
        }));
    }

    /** The body in pieces, one every 50 ms, at {@code bytesPerSecond}. */
    private static Flux<ByteBuf> trickle(Responses.Body body, long bytesPerSecond, EventLoop loop) {
        int length = body.length();
        int piece = (int) Math.max(1, Math.min(length, bytesPerSecond / 20));
        int pieces = (length + piece - 1) / piece;
        long gapNanos = Math.round(piece * 1e9 / bytesPerSecond);
        return Flux.range(0, pieces).concatMap(i -> after(loop, i == 0 ? 0 : gapNanos)
                .then(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body.data(), i * piece,
                        Math.min(piece, length - i * piece)))));
    }

    /** During a stall window every response waits for the window to end. */
    private static long stallNanos(FaultSpec faults) {
        if (!faults.stalls()) {
            return 0;
        }
        long every = faults.stallEvery().toNanos();
        long phase = (System.nanoTime() - START) % every;
        long stall = faults.stallFor().toNanos();
        return phase < stall ? stall - phase : 0;
    }

    private static long ceilSeconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    private static Channel channelOf(HttpServerRequest req) {
        AtomicReference<Channel> channel = new AtomicReference<>();
        req.withConnection(c -> channel.set(c.channel()));
        return channel.get();
    }

    /** Closes the TCP connection with a reset; on HTTP/2 only the request's stream is reset. */
    private static void reset(Channel channel) {
        if (!(channel instanceof Http2StreamChannel)) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        channel.close();
    }

    /** Closes the whole connection, also under HTTP/2. */
    private static void closeConnection(Channel channel) {
        (channel instanceof Http2StreamChannel stream ? stream.parent() : channel).close();
    }

    /** Completes after {@code nanos} on the given event loop (at once for zero). */
    static Mono<Void> after(EventLoop loop, long nanos) {
        if (nanos <= 0) {
            return Mono.empty();
        }
        return Mono.create(sink -> {
            ScheduledFuture<?> timer = loop.schedule(() -> sink.success(), nanos, TimeUnit.NANOSECONDS);
            sink.onCancel(() -> timer.cancel(false));
        });
    }

    private static Mono<Void> json(HttpServerResponse res, Object value) {
        try {
            byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
            return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                    .send(Mono.just(Unpooled.wrappedBuffer(body))).then();
        } catch (JsonProcessingException e) {
            return res.status(HttpResponseStatus.INTERNAL_SERVER_ERROR).sendString(Mono.just(e.toString()))
                    .then();
        }
    }

    /** The routes, by the first segment of the path. */
    enum Route {
        SITE("site"), BYTES("bytes"), DELAY("delay"), STATUS("status"), API("api"), ROBOTS("robots"), OTHER("default");

        private final String label;

        Route(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Route of(String path) {
            if (path.equals("/robots.txt")) {
                return ROBOTS;
            }
            int end = path.indexOf('/', 1);
            String first = end < 0 ? path.substring(1) : path.substring(1, end);
            return switch (first) {
                case "site" -> SITE;
                case "bytes" -> BYTES;
                case "delay" -> DELAY;
                case "status" -> STATUS;
                case "api" -> API;
                default -> OTHER;
            };
        }
    }

    /**
     * Put first in a hung connection's pipeline: swallows whatever comes in (the client's close, its
     * next request), so nothing behind it can notice and close the channel.
     */
    private static final class Hang extends io.netty.channel.ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object event) {
            io.netty.util.ReferenceCountUtil.release(event);
        }

        @Override
        public void channelReadComplete(io.netty.channel.ChannelHandlerContext ctx) {
        }
    }
}
