package dev.sluice.soak;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import org.jspecify.annotations.Nullable;
import reactor.netty.resources.LoopResources;

/**
 * A fleet of keep-alive HTTP/1.1 connections to one loopback server, held open at a controlled
 * request rate per connection, with exact accounting of what happened to every connection and
 * request (see {@link FleetSpec} and {@link FleetCounts}).
 *
 * <p>Threads: each connection lives on one thread of the fleet's own event loops (Reactor Netty's
 * {@link LoopResources}, one thread per core, native epoll when available, daemon threads named
 * {@code sluice-fleet-*}); its requests, timeouts and counts run there. {@link #start()} paces the
 * opening of connections from Reactor's parallel scheduler. {@link #counts()}, {@link #open()} and
 * {@link #drain()} may be called from any thread at any time. {@link #closeGracefully} does not
 * block; {@link #close()} blocks its caller, so never call it from an event loop.
 *
 * <p>Why a plain Netty {@link Bootstrap} on Reactor Netty's loops rather than {@code TcpClient}: a
 * connection here is one channel with an HTTP codec and one small handler, nothing else; the
 * {@code TcpClient} would add a Reactor {@code Connection}, its operations and a subscription per
 * connection, which costs memory at tens of thousands of connections and hides when exactly a
 * channel opened or closed and who closed it, which is what the fleet must count exactly. The loops
 * themselves are Reactor Netty's, so the transport (epoll or NIO) is chosen as everywhere else.
 */
public final class ConnectionFleet implements AutoCloseable {

    /** How often the opening pacer wakes up to open the connections that are due. */
    private static final Duration OPEN_TICK = Duration.ofMillis(10);
    private static final Duration SETTLE_POLL = Duration.ofMillis(10);

    private final FleetSpec spec;
    private final LoopResources loops;
    private final Bootstrap bootstrap;
    private final InetSocketAddress remote;
    private final FleetCounters counters = new FleetCounters();
    private final FleetLatency latency = new FleetLatency();
    private final Set<FleetConnection> live = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger answeredOpen = new AtomicInteger();
    /** Attempts of the first opening, at most {@code connections}; replacements are counted in {@code issued} only. */
    private final AtomicInteger firstIssued = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();
    private final CompletableFuture<Void> allResolved = new CompletableFuture<>();
    private volatile boolean closing;
    private volatile boolean openingDone;
    private volatile Disposable pacer = () -> { };
    /** When the next replacement may be opened (nanoTime): replacements keep to the open rate. */
    private final java.util.concurrent.atomic.AtomicLong nextReplacement = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE / 2);
    /** Closed loop: user slots no connection holds (none without a closed loop). */
    private final AtomicInteger freeUsers;
    private FleetCounts lastCounts = FleetCounts.zero();
    private Instant lastDrain = Instant.now();

    public ConnectionFleet(FleetSpec spec) {
        this.spec = requireNonNull(spec, "spec");
        this.remote = spec.address();
        this.freeUsers = new AtomicInteger(spec.closedLoop() == null ? 0 : spec.closedLoop().users());
        this.loops = LoopResources.create("sluice-fleet", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
        EventLoopGroup group = loops.onClient(true);
        Class<? extends SocketChannel> channelClass = loops.onChannelClass(SocketChannel.class, group);
        var shared = new FleetConnection.Shared(spec.path(), spec.hostHeader(), spec.interval().toNanos(),
                spec.requestTimeout().toNanos(), counters, latency, this, spec.closedLoop());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(channelClass)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) spec.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(4096, 8192, 8192), new FleetConnection(shared));
                    }
                });
        ChannelOption<Boolean> noPort = bindAddressNoPort(channelClass);
        if (!spec.sources().isEmpty() && noPort != null) {
            // Bound to a source address, the port is chosen at connect time (unique per source and
            // destination, reusing loopback TIME_WAIT ports) instead of at bind time (unique per source).
            b.option(noPort, true);
        }
        this.bootstrap = b;
        // Load what reading and closing need now: at the open-files limit the JVM cannot open a jar
        // to load a class (seen at 19,890 connections: NoClassDefFoundError for FleetWindow).
        drain();
        settled(Duration.ZERO);
    }

    /**
     * Epoll's IP_BIND_ADDRESS_NO_PORT when the loops run on epoll; null on NIO. Looked up by name: the
     * epoll classes are only a runtime dependency of Reactor Netty, not on the compile classpath.
     */
    @SuppressWarnings("unchecked")
    private static @Nullable ChannelOption<Boolean> bindAddressNoPort(Class<?> channelClass) {
        if (!channelClass.getName().startsWith("io.netty.channel.epoll.")) {
            return null;
        }
        try {
            return (ChannelOption<Boolean>) Class.forName("io.netty.channel.epoll.EpollChannelOption", true,
                    channelClass.getClassLoader()).getField("IP_BIND_ADDRESS_NO_PORT").get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    public FleetSpec spec() {
        return spec;
    }

    /**
     * Opens the connections, {@code openRate} per second, bound in turn to each source address.
     * Completes when every attempt has ended (opened or failed: see {@link #counts()}); it does not
     * fail when connections fail to open. Only once per fleet.
     */
    public Mono<Void> start() {
        return Mono.defer(() -> {
            if (closing) {
                return Mono.error(new IllegalStateException("fleet is closed"));
            }
            if (!started.compareAndSet(false, true)) {
                return Mono.error(new IllegalStateException("fleet already started"));
            }
            long t0 = System.nanoTime();
            pacer = Flux.interval(Duration.ZERO, OPEN_TICK, Schedulers.parallel()).subscribe(t -> openDue(t0));
            return Mono.fromFuture(allResolved, true);
        });
    }

    /** The counts since the start; {@code open} is the number open now. */
    public FleetCounts counts() {
        return counters.snapshot();
    }

    /** Connections open now. */
    public int open() {
        return counters.open();
    }

    /**
     * Connections open now that the server has answered at least once. A connection the client counts open
     * may not yet have been taken by the server (still in its accept queue, or about to be refused when it
     * gets there); once answered, it was.
     */
    public int answered() {
        return answeredOpen.get();
    }

    /** A connection's first answer (+1), or the close of one that had one (-1); called on its event loop. */
    void answeredOne(int delta) {
        answeredOpen.addAndGet(delta);
    }

    /**
     * Connections the fleet wants but does not have now: not yet opened by the pacer, connecting, or closed by
     * the server and waiting for their replacement. The fleet's equivalent of a pool's pending acquires: work
     * held up for want of a connection. 0 once closing.
     */
    public int pending() {
        if (closing) {
            return 0;
        }
        // Without replacement a connection that closed or failed is not wanted back: only attempts not yet
        // made or not yet ended are owed.
        int owed = spec.replaceClosed() ? spec.connections() - counters.open() : spec.connections() - resolved.get();
        return Math.max(0, owed);
    }

    /**
     * The counts since the last drain (or the start) and the latencies recorded since then; the next
     * window starts now. Bounded memory: one histogram per window, owned by the caller.
     */
    public synchronized FleetWindow drain() {
        Instant now = Instant.now();
        FleetCounts total = counters.snapshot();
        var window = new FleetWindow(lastDrain, now, total.minus(lastCounts), latency.interval());
        lastCounts = total;
        lastDrain = now;
        return window;
    }

    /**
     * Closes every connection cleanly: stops opening and sending, waits up to {@code grace} for the
     * pending responses (each connection closes once its response is in), then closes whatever is
     * left (their requests counted {@link FleetError#ABANDONED}) and completes once every connection,
     * and every connect attempt still in flight, has ended: then {@link #open()} is 0. Errors if
     * that takes more than the connect timeout plus 5 s longer.
     */
    public Mono<Void> closeGracefully(Duration grace) {
        requireNonNull(grace, "grace");
        return Mono.defer(() -> {
            closing = true;
            stopOpening();
            live.forEach(FleetConnection::drain);
            Duration bound = spec.connectTimeout().plusSeconds(5);
            return settled(grace)
                    .onErrorResume(TimeoutException.class, e -> {
                        live.forEach(FleetConnection::close);
                        return settled(bound);
                    })
                    .onErrorMap(TimeoutException.class, e -> new IllegalStateException("fleet: " + open()
                            + " connections still open and " + (issued.get() - resolved.get())
                            + " connect attempts in flight " + bound + " after the grace period of " + grace, e));
        });
    }

    /** {@link #closeGracefully} with a grace of the request timeout, then stops the event loops. Blocks. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            closeGracefully(spec.requestTimeout()).block();
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
        }
    }

    boolean closing() {
        return closing;
    }

    /** A connection opened (called on its event loop). */
    void joined(FleetConnection connection) {
        live.add(connection);
        resolvedOne();
    }

    /** A connection closed (called on its event loop); with replacement, one not closed by us is opened anew. */
    void left(FleetConnection connection, boolean byUs) {
        live.remove(connection);
        if (!byUs) {
            replace();
        }
    }

    /**
     * With replacement, opens a connection for one the server closed or a timeout ended, and tries again
     * for a connect attempt that failed: a soak keeps its count, as a load generator would.
     */
    private void replace() {
        if (spec.replaceClosed() && !closing) {
            // At the open rate, not at once: a server refusing every connection must not meet a reconnect
            // storm as fast as the event loop can go.
            long gap = 1_000_000_000L / spec.openRate();
            long now = System.nanoTime();
            long slot = nextReplacement.updateAndGet(last -> Math.max(last + gap, now));
            int index = issued.getAndIncrement();
            Schedulers.parallel().schedule(() -> {
                if (closing) {
                    resolvedOne();
                } else {
                    openOne(index);
                }
            }, Math.max(0, slot - now), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Closed loop: takes a user slot if one is free (called on a connection's event loop). */
    boolean claimUser() {
        while (true) {
            int free = freeUsers.get();
            if (free <= 0 || closing) {
                return false;
            }
            if (freeUsers.compareAndSet(free, free - 1)) {
                return true;
            }
        }
    }

    /**
     * Closed loop: a user's connection closed; its slot goes to an idle connection, so the fleet keeps its
     * users while it has connections (a replacement, when one opens, may take it first).
     */
    void userLeft() {
        freeUsers.incrementAndGet();
        if (closing) {
            return;
        }
        for (FleetConnection c : live) {
            if (!c.isUser()) {
                c.offerUser();
                return;
            }
        }
    }

    private void openDue(long t0) {
        long elapsed = System.nanoTime() - t0;
        long due = Math.min(spec.connections(), 1 + (long) (elapsed / 1e9 * spec.openRate()));
        // Counted apart from replacements: a connection replaced during the opening must not stand for one
        // not yet opened (seen: a ramp that met request timeouts stopped 13,000 connections short).
        while (!closing && firstIssued.get() < due) {
            firstIssued.incrementAndGet();
            openOne(issued.getAndIncrement());
        }
        if (firstIssued.get() >= spec.connections()) {
            stopOpening();
        }
    }

    private void openOne(int index) {
        List<InetAddress> sources = spec.sources();
        ChannelFuture connect = sources.isEmpty()
                ? bootstrap.connect(remote)
                : bootstrap.connect(remote, new InetSocketAddress(sources.get(index % sources.size()), 0));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                counters.failed(FleetFailure.of(f.cause()));
                replace();
                resolvedOne();
            }
        });
    }

    private void resolvedOne() {
        resolved.incrementAndGet();
        completeIfResolved();
    }

    private void stopOpening() {
        openingDone = true;
        pacer.dispose();
        completeIfResolved();
    }

    private void completeIfResolved() {
        if (openingDone && resolved.get() == issued.get()) {
            allResolved.complete(null);
        }
    }

    private boolean settled() {
        return resolved.get() == issued.get() && counters.open() == 0 && live.isEmpty();
    }

    private Mono<Void> settled(Duration bound) {
        return Flux.interval(Duration.ZERO, SETTLE_POLL)
                .filter(t -> settled())
                .next()
                .then()
                .timeout(bound);
    }
}
