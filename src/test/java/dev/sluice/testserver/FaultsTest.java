package dev.sluice.testserver;

import static dev.sluice.testserver.ServerFixture.faults;
import static dev.sluice.testserver.ServerFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.LatencySpec;
import dev.sluice.profile.ServerSpec.FaultSpec;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault, injected at the rate asked, deterministically from the seed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultsTest {

    private static final Duration NONE = Duration.ZERO;
    private final List<TestServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(TestServer::close);
    }

    private TestServer start(String route, LatencySpec latency, FaultSpec faults) {
        TestServer s = TestServer.start(ServerFixture.withRoute(route, latency, faults));
        servers.add(s);
        return s;
    }

    private TestServer start(FaultSpec faults) {
        return start("bytes", new LatencySpec.None(), faults);
    }

    @Test
    void errorsCarryTheirStatusAndRetryAfter() throws Exception {
        TestServer s = start(faults(1.0, 429, Duration.ofMillis(1500), 0, 0, NONE, NONE, 0));
        HttpResponse<String> r = get(s.url() + "/bytes/10");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).hasValue("2");
        assertThat(s.stats().snapshot().faults()).containsEntry("errors", 1L);
        assertThat(s.stats().snapshot().byStatus()).containsEntry("429", 1L);
    }

    @Test
    void theErrorRateIsMetAndTheSameSeedGivesTheSameSequence() throws Exception {
        FaultSpec f = faults(0.3, 503, NONE, 0, 0, NONE, NONE, 0);
        List<Integer> first = statuses(start(f), 400);
        List<Integer> second = statuses(start(f), 400);
        assertThat(first).isEqualTo(second);
        long errors = first.stream().filter(c -> c == 503).count();
        assertThat(errors).isBetween(80L, 160L);
    }

    private static List<Integer> statuses(TestServer s, int n) throws Exception {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(get(s.url() + "/bytes/1").statusCode());
        }
        return out;
    }

    @Test
    void resetsCloseTheConnection() throws Exception {
        TestServer s = start(faults(0, 503, NONE, 1.0, 0, NONE, NONE, 0));
        // A raw socket, because the JDK client quietly retries a GET once after a reset.
        URI uri = URI.create(s.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> {
                if (socket.getInputStream().read() < 0) {
                    throw new IOException("closed without a response");
                }
            }).isInstanceOf(IOException.class);
        }
        assertThat(s.stats().snapshot().faults()).containsEntry("resets", 1L);
        assertThat(s.stats().snapshot().byStatus()).containsEntry("reset", 1L);
    }

    @Test
    void aHungRequestIsNeverAnsweredAndItsConnectionOutlivesTheClientsClose() throws Exception {
        TestServer s = start(ServerFixture.hangs(1.0));
        URI uri = URI.create(s.url());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(300);
            socket.getOutputStream().write("GET /bytes/10 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(java.net.SocketTimeoutException.class);
        }
        // The client has closed; the server, no longer reading, never sees it: the injected leak.
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until) {
            assertThat(s.stats().openConnections()).isEqualTo(1);
            Thread.sleep(50);
        }
        assertThat(s.stats().snapshot().faults()).containsEntry("hangs", 1L);
        assertThat(s.stats().snapshot().byStatus()).containsEntry("hung", 1L);
        s.close();
        assertThat(s.stats().openConnections()).as("closed with the server").isZero();
    }

    @Test
    void closeMidBodySendsHalfTheBodyThenCloses() throws Exception {
        TestServer s = start(faults(0, 503, NONE, 0, 1.0, NONE, NONE, 0));
        assertThatThrownBy(() -> ServerFixture.getBytes(s.url() + "/bytes/100000")).isInstanceOf(IOException.class);
        assertThat(s.stats().snapshot().faults()).containsEntry("closedMidBody", 1L);
    }

    @Test
    void slowBodiesTrickleAtTheRateAsked() throws Exception {
        TestServer s = start(faults(0, 503, NONE, 0, 0, NONE, NONE, 10_000));
        long start = System.nanoTime();
        byte[] body = ServerFixture.getBytes(s.url() + "/bytes/5000").body();
        assertThat(body).hasSize(5000);
        // 5,000 bytes at 10,000 B/s: at least ~0.45 s (the first piece goes at once).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
    }

    @Test
    void aStallHoldsEveryResponseUntilItsWindowEnds() throws Exception {
        TestServer s = start(faults(0, 503, NONE, 0, 0, Duration.ofMillis(600), Duration.ofMillis(300), 0));
        long slowest = 0;
        long fastest = Long.MAX_VALUE;
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            get(s.url() + "/bytes/1");
            long took = System.nanoTime() - t;
            slowest = Math.max(slowest, took);
            fastest = Math.min(fastest, took);
        }
        assertThat(Duration.ofNanos(slowest)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.ofNanos(fastest)).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void fixedLatencyDelaysEveryResponse() throws Exception {
        TestServer s = start("bytes", new LatencySpec.Fixed(Duration.ofMillis(80)), FaultSpec.NONE);
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            get(s.url() + "/bytes/1");
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(Duration.ofMillis(80));
        }
    }

    @Test
    void lognormalLatencyHasItsMedianAndTail() throws Exception {
        TestServer s = start("api", new LatencySpec.LogNormal(Duration.ofMillis(20), Duration.ofMillis(120)),
                FaultSpec.NONE);
        List<Long> millis = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            List<CompletableFuture<Long>> pending = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                long start = System.nanoTime();
                HttpRequest request = HttpRequest.newBuilder(URI.create(s.url() + "/api/items/" + i)).build();
                pending.add(ServerFixture.CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .thenApply(r -> (System.nanoTime() - start) / 1_000_000));
            }
            for (CompletableFuture<Long> f : pending) {
                millis.add(f.get(20, TimeUnit.SECONDS));
            }
        }
        millis.sort(Long::compare);
        long median = millis.get(millis.size() / 2);
        long p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
        // The server draws exactly; the client adds its own noise on a busy 2-core machine: wide bounds.
        assertThat(median).isBetween(15L, 60L);
        assertThat(p99).isBetween(60L, 500L);
    }
}
