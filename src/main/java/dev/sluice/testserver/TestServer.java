package dev.sluice.testserver;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.ServerSpec;
import io.netty.channel.ChannelOption;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;

/**
 * The test server, started in-process: one Reactor Netty listener per host (127.0.0.1, 127.0.0.2, ...
 * when {@code hosts} is more than one), all sharing one router and one set of stats. Loopback unless
 * the spec says otherwise. {@link #close()} stops every listener.
 */
public final class TestServer implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final ServerSpec spec;
    private final List<DisposableServer> listeners;
    private final List<String> urls;
    private final ServerStats stats;
    private final ConnectionGate gate;

    private TestServer(ServerSpec spec, List<DisposableServer> listeners, List<String> urls, ServerStats stats,
            ConnectionGate gate) {
        this.spec = spec;
        this.listeners = listeners;
        this.urls = urls;
        this.stats = stats;
        this.gate = gate;
    }

    /** Binds every listener and returns once they accept connections. */
    public static TestServer start(ServerSpec spec) {
        requireNonNull(spec, "spec");
        ServerStats stats = new ServerStats(spec.site().pages());
        SiteGraph site = new SiteGraph(spec.site(), spec.seed(), spec.hosts());
        Router router = new Router(spec, stats, site);
        ConnectionGate gate = new ConnectionGate(spec.connections(), stats);
        List<DisposableServer> listeners = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        try {
            for (String host : hosts(spec)) {
                DisposableServer server = listener(spec, host, router).bindNow();
                gate.attach(server.channel());
                listeners.add(server);
                urls.add("http://" + hostForUrl(host) + ":" + server.port());
            }
        } catch (RuntimeException e) {
            listeners.forEach(DisposableServer::disposeNow);
            throw new IllegalStateException("cannot start the test server on " + spec.host() + ":" + spec.port()
                    + ": " + rootMessage(e), e);
        }
        router.baseUrls(urls);
        return new TestServer(spec, List.copyOf(listeners), List.copyOf(urls), stats, gate);
    }

    private static HttpServer listener(ServerSpec spec, String host, Router router) {
        HttpProtocol[] protocols = spec.protocols().stream()
                .map(p -> p == ServerSpec.Protocol.H2C ? HttpProtocol.H2C : HttpProtocol.HTTP11)
                .toArray(HttpProtocol[]::new);
        HttpServer server = HttpServer.create()
                .host(host)
                .port(spec.port())
                .protocol(protocols)
                .handle(router::handle);
        if (!spec.connections().idleTimeout().isZero()) {
            server = server.idleTimeout(spec.connections().idleTimeout());
        }
        if (spec.connections().maxConnections() > 0) {
            // One accept per read, so the gate sees every connection before the next is taken.
            server = server.option(ChannelOption.MAX_MESSAGES_PER_READ, 1);
        }
        return server;
    }

    /** {@code host}, then the next loopback addresses up to {@code hosts} of them. */
    static List<String> hosts(ServerSpec spec) {
        List<String> out = new ArrayList<>();
        out.add(spec.host());
        if (spec.hosts() > 1) {
            try {
                byte[] address = InetAddress.getByName(spec.host()).getAddress();
                for (int i = 1; i < spec.hosts(); i++) {
                    address[3]++;
                    if (address[3] == 0) {
                        address[2]++;
                    }
                    out.add(InetAddress.getByAddress(address).getHostAddress());
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot count hosts up from " + spec.host(), e);
            }
        }
        return out;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** The base URL of the first host, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return urls.getFirst();
    }

    /** The base URL of every host, in order. */
    public List<String> urls() {
        return urls;
    }

    public ServerStats stats() {
        return stats;
    }

    public ServerSpec spec() {
        return spec;
    }

    /** Stops every listener and closes their connections. */
    @Override
    public void close() {
        for (DisposableServer listener : listeners) {
            try {
                listener.disposeNow(STOP_TIMEOUT);
            } catch (IllegalStateException timedOut) {
                // Requests still in progress after the grace period (a hung one never ends): closed below.
            }
        }
        // Kept-alive and hung connections are no request in progress to wait for: closed here.
        gate.closeAll(STOP_TIMEOUT);
    }
}
