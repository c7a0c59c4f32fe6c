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
 * connection, one request at a time (never pipelined), times each response, and says who closed the
 * connection. A tick that finds a response still pending is counted late and owed: it is sent as soon
 * as the connection is free, and its latency counts from its tick, not from its send, so a server that
 * cannot keep up shows in the percentiles instead of in a quietly lower rate (coordinated omission, as
 * wrk2 avoids it). In a closed loop ({@link FleetSpec.ClosedLoop}) a connection that holds one of the
 * fleet's user slots sends its next request as soon as the answer to the last is in (after the think
 * time), and the others are only held.
 *
 * <p>Everything here runs on the channel's event loop; {@link #drain} and {@link #close} may be called
 * from any thread and hop onto it.
 */
final class FleetConnection extends ChannelInboundHandlerAdapter implements Runnable {

    /** What every connection of a fleet shares (one reference per connection, to keep them small). */
    record Shared(String path, String host, long intervalNanos, long timeoutNanos, FleetCounters counters,
            FleetLatency latency, ConnectionFleet fleet, FleetSpec.@Nullable ClosedLoop closedLoop) {
    }

    private final Shared shared;
    private final Runnable timeoutTask = this::timedOut;
    private @Nullable ChannelHandlerContext ctx;
    private io.netty.util.concurrent.@Nullable Future<?> tick;
    private io.netty.util.concurrent.@Nullable Future<?> timeout;
    private long sentAt;
    /** When the pending request was due (its tick, or its send in a closed loop): latency counts from here. */
    private long dueAt;
    /** Ticks that found a request pending, sent back to back once the connection is free; the oldest was due at owedFrom. */
    private long owed;
    private long owedFrom;
    /** Closed loop: this connection holds one of the fleet's user slots (written on the event loop). */
    private volatile boolean user;
    private boolean pending;
    /** Whether the server has answered this connection at least once: it took the connection end to end. */
    private boolean answered;
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
        } else if (shared.closedLoop() != null) {
            if (shared.fleet().claimUser()) {
                startUser();
            }
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
            if (owed++ == 0) {
                owedFrom = System.nanoTime();
            }
            return;
        }
        send(System.nanoTime());
    }

    /** Sends the next request, due at {@code due} (nanoTime); the caller has checked that none is pending. */
    private void send(long due) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return;
        }
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, shared.path(),
                Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.HOST, shared.host());
        pending = true;
        status = 0;
        shared.counters().sent();
        sentAt = System.nanoTime();
        dueAt = due;
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
                shared.latency().record(System.nanoTime() - dueAt);
                shared.counters().response(status);
                pending = false;
                if (!answered) {
                    answered = true;
                    shared.fleet().answeredOne(1);
                }
                cancelTimeout();
                if (draining) {
                    closeBy(FleetClose.BY_US);
                } else if (owed > 0) {
                    owed--;
                    long due = owedFrom;
                    owedFrom += shared.intervalNanos();
                    send(due);
                } else if (user) {
                    nextUserRequest();
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
        if (answered) {
            shared.fleet().answeredOne(-1);
        }
        shared.fleet().left(this, closeReason == FleetClose.BY_US);
        if (user) {
            user = false;
            shared.fleet().userLeft();
        }
        context.fireChannelInactive();
    }

    /** Closed loop: whether this connection holds a user slot (any thread). */
    boolean isUser() {
        return user;
    }

    /** Closed loop: takes a user slot freed by a closed connection, if this one is idle and one is still free. */
    void offerUser() {
        Channel channel = channel();
        if (channel != null) {
            channel.eventLoop().execute(() -> {
                if (!user && !draining && closeReason == null && channel.isActive() && shared.fleet().claimUser()) {
                    startUser();
                }
            });
        }
    }

    /** Closed loop: the first request goes at once, or at a random point of the think time so users do not send in step. */
    private void startUser() {
        user = true;
        long think = java.util.Objects.requireNonNull(shared.closedLoop()).thinkTime().toNanos();
        if (think == 0) {
            send(System.nanoTime());
        } else {
            scheduleUserRequest(ThreadLocalRandom.current().nextLong(think));
        }
    }

    private void nextUserRequest() {
        long think = java.util.Objects.requireNonNull(shared.closedLoop()).thinkTime().toNanos();
        if (think == 0) {
            send(System.nanoTime());
        } else {
            scheduleUserRequest(think);
        }
    }

    private void scheduleUserRequest(long delayNanos) {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            tick = c.executor().schedule(() -> {
                tick = null;
                if (!draining && !pending && c.channel().isActive()) {
                    send(System.nanoTime());
                }
            }, delayNanos, TimeUnit.NANOSECONDS);
        }
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
