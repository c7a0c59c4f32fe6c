package dev.sluice.testserver;

import static dev.sluice.testserver.ServerFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.profile.ServerSpec.ConnectionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** The server's own counts match what the client did, exactly; connection limits hold. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatsAndConnectionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private TestServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void statsCountExactlyWhatWasSent() throws Exception {
        server = TestServer.start(ServerFixture.withSite(100, 5, 1));
        for (int i = 0; i < 20; i++) {
            get(server.url() + "/bytes/10");
        }
        for (int i = 0; i < 7; i++) {
            get(server.url() + "/status/500");
        }
        for (int i = 0; i < 5; i++) {
            get(server.url() + "/site/" + i);
        }
        JsonNode stats = JSON.readTree(get(server.url() + "/stats").body());
        assertThat(stats.path("requests").asLong()).isEqualTo(32);
        assertThat(stats.path("byRoute").path("bytes").asLong()).isEqualTo(20);
        assertThat(stats.path("byRoute").path("status").asLong()).isEqualTo(7);
        assertThat(stats.path("byRoute").path("site").asLong()).isEqualTo(5);
        assertThat(stats.path("byStatus").path("200").asLong()).isEqualTo(25);
        assertThat(stats.path("byStatus").path("500").asLong()).isEqualTo(7);
        assertThat(stats.path("duplicates").asLong()).isZero();
        assertThat(stats.path("connections").path("accepted").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode client = stats.path("clients").path("127.0.0.1");
        assertThat(client.path("requests").asLong()).isEqualTo(32);

        JsonNode before = JSON.readTree(get(server.url() + "/stats/reset").body());
        assertThat(before.path("requests").asLong()).isEqualTo(32);
        JsonNode after = JSON.readTree(get(server.url() + "/stats").body());
        assertThat(after.path("requests").asLong()).isZero();
        assertThat(after.path("byRoute").size()).isZero();
    }

    @Test
    void concurrencyAndGapsArePerClient() throws Exception {
        server = TestServer.start(ServerFixture.spec());
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pending.add(ServerFixture.CLIENT.sendAsync(java.net.http.HttpRequest.newBuilder(
                    URI.create(server.url() + "/delay/400ms")).build(), java.net.http.HttpResponse.BodyHandlers.discarding()));
        }
        for (CompletableFuture<?> f : pending) {
            f.get(20, TimeUnit.SECONDS);
        }
        ServerStats.Peer client = server.stats().snapshot().clients().get("127.0.0.1");
        assertThat(client.maxConcurrent()).isEqualTo(6);
        assertThat(client.requests()).isEqualTo(6);

        server.stats().reset();
        for (int i = 0; i < 3; i++) {
            long next = System.nanoTime() + Duration.ofMillis(150).toNanos();
            get(server.url() + "/bytes/1");
            while (System.nanoTime() < next) {
                Thread.onSpinWait();
            }
        }
        ServerStats.Peer spaced = server.stats().snapshot().clients().get("127.0.0.1");
        assertThat(spaced.minGapMs()).isGreaterThanOrEqualTo(140.0);
        assertThat(spaced.maxConcurrent()).isEqualTo(1);
    }

    @Test
    void keepAliveOffClosesEveryConnection() throws Exception {
        server = TestServer.start(ServerFixture.withConnections(new ConnectionSpec(false, Duration.ofSeconds(60), 0,
                ConnectionSpec.Beyond.REFUSE)));
        assertThat(get(server.url() + "/bytes/1").headers().firstValue("connection")).hasValue("close");
        for (int i = 0; i < 5; i++) {
            Socket s = open();
            request(s, "/bytes/1");
            s.setSoTimeout(10_000);
            // The server closes after the response: the stream ends without the client closing it.
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
        }
        assertThat(server.stats().snapshot().connections().accepted()).isEqualTo(6);
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        server = TestServer.start(ServerFixture.withConnections(new ConnectionSpec(true, Duration.ofMillis(300), 0,
                ConnectionSpec.Beyond.REFUSE)));
        Socket s = open();
        request(s, "/bytes/1");
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        // Read the response, then wait for the server to close the idle connection (read returns -1).
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // draining until the server closes
        }
        // The server counts the close on its event loop just after the client sees it: wait for it, bounded.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.stats().openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.stats().snapshot().connections().open()).isZero();
    }

    @Test
    void beyondMaxConnectionsNewOnesAreRefused() throws Exception {
        server = TestServer.start(ServerFixture.withConnections(new ConnectionSpec(true, Duration.ofSeconds(60), 2,
                ConnectionSpec.Beyond.REFUSE)));
        Socket a = open();
        Socket b = open();
        request(a, "/bytes/1");
        request(b, "/bytes/1");
        assertThat(readStatusLine(a)).contains("200");
        assertThat(readStatusLine(b)).contains("200");
        Socket c = open();
        c.setSoTimeout(10_000);
        assertThatThrownBy(() -> {
            request(c, "/bytes/1");
            if (c.getInputStream().read() < 0) {
                throw new IOException("closed");
            }
        }).isInstanceOf(IOException.class);
        ServerStats.Connections conns = server.stats().snapshot().connections();
        assertThat(conns.refused()).isEqualTo(1);
        assertThat(conns.accepted()).isEqualTo(2);
        assertThat(conns.maxOpen()).isEqualTo(2);
    }

    @Test
    void beyondMaxConnectionsNewOnesWaitInTheAcceptQueue() throws Exception {
        server = TestServer.start(ServerFixture.withConnections(new ConnectionSpec(true, Duration.ofSeconds(60), 1,
                ConnectionSpec.Beyond.HOLD)));
        Socket first = open();
        request(first, "/bytes/1");
        assertThat(readStatusLine(first)).contains("200");
        Socket second = open();
        request(second, "/bytes/1");
        second.setSoTimeout(500);
        assertThatThrownBy(() -> second.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        first.close();
        second.setSoTimeout(10_000);
        assertThat(readStatusLine(second)).contains("200");
        ServerStats.Connections conns = server.stats().snapshot().connections();
        assertThat(conns.refused()).isZero();
        assertThat(conns.maxOpen()).isEqualTo(1);
        assertThat(conns.accepted()).isEqualTo(2);
    }

    @Test
    void speaksH2cWithPriorKnowledgeAndHttp11() {
        server = TestServer.start(ServerFixture.spec());
        String version = HttpClient.create().protocol(HttpProtocol.H2C).get().uri(server.url() + "/bytes/10")
                .responseSingle((res, body) -> body.asByteArray().map(b -> res.version() + " " + b.length))
                .block(Duration.ofSeconds(10));
        assertThat(version).isEqualTo("HTTP/2.0 10");
        String http11 = HttpClient.create().get().uri(server.url() + "/bytes/10")
                .responseSingle((res, body) -> Mono.just(res.version().toString()))
                .block(Duration.ofSeconds(10));
        assertThat(http11).isEqualTo("HTTP/1.1");
    }

    private Socket open() throws IOException {
        URI uri = URI.create(server.url());
        Socket s = new Socket(uri.getHost(), uri.getPort());
        sockets.add(s);
        return s;
    }

    private static void request(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static String readStatusLine(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        // Drain the rest of this small response so the connection is ready for reuse.
        in.skipNBytes(Math.min(in.available(), 4096));
        return line.toString();
    }
}
