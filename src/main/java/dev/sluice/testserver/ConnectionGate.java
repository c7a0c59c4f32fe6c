package dev.sluice.testserver;

import dev.sluice.profile.ServerSpec.ConnectionSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts connections as the listeners accept them and enforces {@code max-connections}: beyond it a
 * new connection is either closed at once with a reset (refuse) or left in the kernel's accept queue
 * (hold: the listeners stop accepting until a connection closes). Runs on the listeners' accept
 * threads, before Reactor Netty sees the connection, so the count is exact.
 */
final class ConnectionGate {

    private final ConnectionSpec spec;
    private final ServerStats stats;
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    /** The connections open now, so that stopping the server closes every one of them. */
    private final java.util.Set<Channel> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ConnectionGate(ConnectionSpec spec, ServerStats stats) {
        this.spec = spec;
        this.stats = stats;
    }

    /**
     * Puts the gate in front of a listener's acceptor and returns once it is in force. Added from the
     * listener's own event loop: added from elsewhere, Netty would skip the handler until a later loop
     * turn, and a connection accepted meanwhile would slip past uncounted.
     */
    void attach(Channel listener) {
        listeners.add(listener);
        listener.eventLoop().submit(() -> listener.pipeline().addFirst("sluice-connection-gate",
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        if (msg instanceof Channel child && !admit(child)) {
                            return;
                        }
                        ctx.fireChannelRead(msg);
                    }
                })).syncUninterruptibly();
    }

    private boolean admit(Channel child) {
        int limit = spec.maxConnections();
        if (limit > 0 && stats.openConnections() >= limit && spec.beyondMax() == ConnectionSpec.Beyond.REFUSE) {
            stats.connectionRefused();
            child.config().setOption(ChannelOption.SO_LINGER, 0);
            child.unsafe().closeForcibly();
            return false;
        }
        stats.connectionAccepted();
        open.add(child);
        child.closeFuture().addListener(f -> {
            open.remove(child);
            stats.connectionClosed();
            if (limit > 0 && stats.openConnections() < limit) {
                listeners.forEach(l -> l.config().setAutoRead(true));
            }
        });
        if (limit > 0 && spec.beyondMax() == ConnectionSpec.Beyond.HOLD && stats.openConnections() >= limit) {
            listeners.forEach(l -> l.config().setAutoRead(false));
        }
        return true;
    }

    /**
     * Closes every connection still open (kept alive by a client, or hung by hang-rate), waiting up to
     * {@code timeout} for each.
     */
    void closeAll(java.time.Duration timeout) {
        for (Channel channel : open) {
            channel.close().awaitUninterruptibly(timeout.toMillis());
        }
    }
}
