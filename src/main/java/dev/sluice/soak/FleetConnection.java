package dev.sluice.soak;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One connection of the fleet: sends {@code GET path} every interval on a keep-alive HTTP/1.1
 * connection, one request at a time (a tick that finds a response still pending is skipped and
 * counted late, never pipelined), times each response, and says who closed the connection.
 *
 * <p>Everything here runs on the channel's event loop; {@link #drain} and {@link #close} may be called
 * from any thread and hop onto it.
 */
final class FleetConnection extends ChannelInboundHandlerAdapter implements Runnable {

    /** What every connection of a fleet shares (one reference per connection, to keep them small). */
    record Shared(String path, String host, long intervalNanos, long timeoutNanos, FleetCounters counters,
            FleetLatency latency, ConnectionFleet fleet) {
    }

    private final Shared shared;
    private final Runnable timeoutTask = this::timedOut;
    private @Nullable ChannelHandlerContext ctx;
    private io.netty.util.concurrent.@Nullable Future<?> tick;
    private io.netty.util.concurrent.@Nullable Future<?> timeout;
    private long sentAt;
    private boolean pending;
    private int status;
    private boolean draining;
    private @Nullable FleetClose closeReason;

    FleetConnection(Shared shared) {
        this.shared = shared;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        shared.counters().opened();
        shared.fleet().joined(this);
        if (shared.fleet().closing()) {
            closeBy(FleetClose.BY_US);
        } else if (shared.intervalNanos() > 0) {
            // A random first send within the interval, so the fleet's requests do not come in bursts.
            long first = ThreadLocalRandom.current().nextLong(shared.intervalNanos());
            tick = context.executor().scheduleAtFixedRate(this, first, shared.intervalNanos(), TimeUnit.NANOSECONDS);
        }
        context.fireChannelActive();
    }

    /** A tick: sends the next request unless one is still pending (then the tick is late). */
    @Override
    public void run() {
        ChannelHandlerContext c = ctx;
        if (c == null || draining || !c.channel().isActive()) {
            return;
        }
        if (pending) {
            shared.counters().late();
            return;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, shared.path(),
                Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, shared.host());
        pending = true;
        status = 0;
        shared.counters().sent();
        sentAt = System.nanoTime();
        timeout = c.executor().schedule(timeoutTask, shared.timeoutNanos(), TimeUnit.NANOSECONDS);
        // A failed write closes the channel; the pending request is then counted by channelInactive.
        c.writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                endRequest(FleetError.OTHER);
                closeBy(FleetClose.ON_ERROR);
                return;
            }
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
            }
            if (msg instanceof LastHttpContent) {
                if (!pending) {
                    // A response nobody asked for: the connection can no longer be trusted.
                    shared.counters().error(FleetError.OTHER);
                    closeBy(FleetClose.ON_ERROR);
                    return;
                }
                shared.latency().record(System.nanoTime() - sentAt);
                shared.counters().response(status);
                pending = false;
                cancelTimeout();
                if (draining) {
                    closeBy(FleetClose.BY_US);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            // A reset or a broken pipe: the peer's doing; the transport closes the channel.
            context.close();
            return;
        }
        endRequest(FleetError.OTHER);
        closeBy(FleetClose.ON_ERROR);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        cancelTick();
        if (pending) {
            endRequest(closeReason == FleetClose.BY_US ? FleetError.ABANDONED : FleetError.CLOSED);
        }
        shared.counters().closed(closeReason == null ? FleetClose.BY_PEER : closeReason);
        shared.fleet().left(this, closeReason == FleetClose.BY_US);
        context.fireChannelInactive();
    }

    /** Stops sending; closes the connection now if no response is pending, else once it arrives. */
    void drain() {
        Channel channel = channel();
        if (channel != null) {
            channel.eventLoop().execute(() -> {
                draining = true;
                cancelTick();
                if (!pending) {
                    closeBy(FleetClose.BY_US);
                }
            });
        }
    }

    /** Closes the connection now; a pending request is counted abandoned. */
    void close() {
        Channel channel = channel();
        if (channel != null) {
            channel.eventLoop().execute(() -> {
                draining = true;
                closeBy(FleetClose.BY_US);
            });
        }
    }

    private @Nullable Channel channel() {
        ChannelHandlerContext c = ctx;
        return c == null ? null : c.channel();
    }

    private void timedOut() {
        if (pending) {
            endRequest(FleetError.TIMEOUT);
            closeBy(FleetClose.ON_ERROR);
        }
    }

    private void endRequest(FleetError error) {
        if (pending) {
            pending = false;
            cancelTimeout();
            shared.counters().error(error);
        }
    }

    private void closeBy(FleetClose reason) {
        cancelTick();
        if (closeReason == null) {
            closeReason = reason;
        }
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.close();
        }
    }

    private void cancelTick() {
        var t = tick;
        if (t != null) {
            t.cancel(false);
            tick = null;
        }
    }

    private void cancelTimeout() {
        var t = timeout;
        if (t != null) {
            t.cancel(false);
            timeout = null;
        }
    }
}
