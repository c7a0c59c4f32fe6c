package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ServerSpec;
import dev.sluice.profile.ServerSpec.ConnectionSpec;
import dev.sluice.testserver.ServerStats;
import dev.sluice.testserver.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A fleet against the real test server: both sides count the same connections and requests, exactly. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ConnectionFleetTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<InetAddress> TWO_SOURCES = FleetSpec.loopbackSources(2);

    private TestServer server;
    private ConnectionFleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shortSoakCountsEveryConnectionAndRequestOnBothSides() throws Exception {
        server = TestServer.start(serverSpec(ConnectionSpec.defaults()));
        FleetSpec spec = FleetSpec.of(URI.create(server.url() + "/bytes/10"), 300, Duration.ofMillis(200))
                .withSources(TWO_SOURCES);
        fleet = new ConnectionFleet(spec);
        fleet.start().block(WAIT);

        FleetCounts opened = fleet.counts();
        assertThat(opened.opened()).isEqualTo(300);
        assertThat(opened.failedTotal()).isZero();
        assertThat(opened.open()).isEqualTo(300);
        awaitTrue(() -> server.stats().snapshot().connections().accepted() == 300, "server accepted 300");
        assertThat(server.stats().openConnections()).isEqualTo(300);

        Thread.sleep(3_000);
        FleetWindow during = fleet.drain();
        fleet.closeGracefully(Duration.ofSeconds(5)).block(Duration.ofSeconds(15));

        FleetCounts end = fleet.counts();
        assertThat(end.open()).isZero();
        assertThat(end.closed(FleetClose.BY_US)).isEqualTo(300);
        assertThat(end.closedTotal()).isEqualTo(300);
        // ~15 ticks per connection in 3 s. The server answers at once, so none fails; a few ticks may
        // find a response still pending while a cold JVM warms up on two cores (late, not sent).
        assertThat(end.sent()).isBetween(300L * 10, 300L * 20);
        assertThat(end.errorsTotal()).isZero();
        assertThat(end.late()).isLessThan(end.sent() / 5);
        assertThat(end.responses("2xx")).isEqualTo(end.sent());
        // Counts and histogram are swapped a moment apart while responses come in: close, not equal.
        assertThat(during.latencyMicros().getTotalCount())
                .isCloseTo(during.counts().responsesTotal(), org.assertj.core.data.Offset.offset(30L));

        awaitTrue(() -> server.stats().openConnections() == 0, "server sees every connection closed");
        ServerStats.Snapshot seen = server.stats().snapshot();
        assertThat(seen.connections().accepted()).isEqualTo(300);
        assertThat(seen.connections().maxOpen()).isEqualTo(300);
        assertThat(seen.byRoute()).containsEntry("bytes", end.sent());
        assertThat(seen.requests()).isEqualTo(end.sent());
    }

    @Test
    void connectionsAreSpreadOverTheSourceAddresses() {
        server = TestServer.start(serverSpec(ConnectionSpec.defaults()));
        FleetSpec spec = FleetSpec.of(URI.create(server.url() + "/bytes/1"), 20, Duration.ofMillis(100))
                .withSources(TWO_SOURCES);
        fleet = new ConnectionFleet(spec);
        fleet.start().block(WAIT);
        awaitTrue(() -> fleet.counts().responsesTotal() >= 40, "two responses per connection");
        fleet.closeGracefully(Duration.ofSeconds(5)).block(Duration.ofSeconds(15));

        var clients = server.stats().snapshot().clients();
        assertThat(clients).containsOnlyKeys("127.0.0.1", "127.0.0.2");
        long sent = fleet.counts().sent();
        assertThat(clients.get("127.0.0.1").requests() + clients.get("127.0.0.2").requests()).isEqualTo(sent);
        assertThat(clients.get("127.0.0.1").requests()).isPositive();
        assertThat(clients.get("127.0.0.2").requests()).isPositive();
    }

    /**
     * The test server refuses beyond max-connections by accepting and resetting at once. The kernel
     * had completed the handshake, so the fleet counts those as opened then closed by the peer, or,
     * when the reset beats the event loop to the connect's completion, as failed to open: refused.
     */
    @Test
    void beyondTheServersMaxConnectionsTheRestAreClosedByThePeer() {
        server = TestServer.start(serverSpec(new ConnectionSpec(true, Duration.ofSeconds(60), 100,
                ConnectionSpec.Beyond.REFUSE)));
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/1"), 150, Duration.ZERO));
        fleet.start().block(WAIT);

        awaitTrue(() -> fleet.open() == 100 && fleet.counts().closedTotal() + fleet.counts().failedTotal() == 50,
                () -> "100 open, 50 refused: " + fleet.counts());
        FleetCounts counts = fleet.counts();
        assertThat(counts.open()).isEqualTo(100);
        assertThat(counts.closed(FleetClose.BY_PEER) + counts.failed(FleetFailure.REFUSED)).isEqualTo(50);
        assertThat(counts.opened() + counts.failed(FleetFailure.REFUSED)).isEqualTo(150);
        ServerStats.Connections conns = server.stats().snapshot().connections();
        assertThat(conns.accepted()).isEqualTo(100);
        assertThat(conns.refused()).isEqualTo(50);
        assertThat(conns.open()).isEqualTo(100);

        fleet.closeGracefully(Duration.ofSeconds(1)).block(Duration.ofSeconds(15));
        assertThat(fleet.counts().closed(FleetClose.BY_US)).isEqualTo(100);
        assertThat(fleet.open()).isZero();
        awaitTrue(() -> server.stats().openConnections() == 0, "server sees every connection closed");
    }

    @Test
    void withReplacementTheFleetKeepsTryingForWhatItLacksAtTheOpenRate() {
        server = TestServer.start(serverSpec(new ConnectionSpec(true, Duration.ofSeconds(60), 100,
                ConnectionSpec.Beyond.REFUSE)));
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/1"), 150, Duration.ZERO)
                .withOpenRate(200).withReplacement(true));
        fleet.start().subscribe();

        // The 50 the server refuses are tried again and again, a few a second, never all at once.
        awaitTrue(() -> server.stats().snapshot().connections().refused() >= 120,
                () -> "refused again and again: " + server.stats().snapshot().connections());
        assertThat(fleet.open()).isEqualTo(100);
        assertThat(fleet.pending()).as("wanted, not open").isEqualTo(50);
        assertThat(server.stats().snapshot().connections().accepted()).isEqualTo(100);

        fleet.closeGracefully(Duration.ofSeconds(1)).block(Duration.ofSeconds(15));
        assertThat(fleet.open()).isZero();
        assertThat(fleet.pending()).isZero();
        long refused = server.stats().snapshot().connections().refused();
        assertThat(refused).as("no retry storm: at most the open rate").isLessThan(50 + 200 * 10);
    }

    @Test
    void withReplacementAFailedConnectIsTriedAgain() {
        TestServer gone = TestServer.start(serverSpec(ConnectionSpec.defaults()));
        String url = gone.url();
        gone.close();
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(url + "/"), 5, Duration.ofMillis(100)).withOpenRate(50)
                .withReplacement(true));
        fleet.start().subscribe();
        awaitTrue(() -> fleet.counts().failed(FleetFailure.REFUSED) >= 20, () -> "tried again: " + fleet.counts());
        assertThat(fleet.counts().opened()).isZero();
        assertThat(fleet.pending()).isEqualTo(5);
    }

    @Test
    void nothingListeningCountsRefused() {
        // A port just freed by a server: nothing listens there any more.
        TestServer gone = TestServer.start(serverSpec(ConnectionSpec.defaults()));
        String url = gone.url();
        gone.close();
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(url + "/"), 5, Duration.ofMillis(100)));
        fleet.start().block(WAIT);
        FleetCounts counts = fleet.counts();
        assertThat(counts.failed(FleetFailure.REFUSED)).isEqualTo(5);
        assertThat(counts.opened()).isZero();
    }

    @Test
    void windowsAddUpToTheTotals() throws Exception {
        server = TestServer.start(serverSpec(ConnectionSpec.defaults()));
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/1"), 10, Duration.ofMillis(50)));
        fleet.start().block(WAIT);
        long sent = 0;
        long responses = 0;
        Histogram all = new Histogram(FleetLatency.HIGHEST_MICROS, 3);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(150);
            FleetWindow w = fleet.drain();
            assertThat(w.length()).isPositive();
            assertThat(w.counts().open()).isEqualTo(10);
            sent += w.counts().sent();
            responses += w.counts().responsesTotal();
            all.add(w.latencyMicros());
        }
        fleet.closeGracefully(Duration.ofSeconds(5)).block(Duration.ofSeconds(15));
        FleetWindow last = fleet.drain();
        sent += last.counts().sent();
        responses += last.counts().responsesTotal();
        all.add(last.latencyMicros());
        assertThat(last.counts().closed(FleetClose.BY_US)).isEqualTo(10);
        assertThat(sent).isEqualTo(fleet.counts().sent()).isPositive();
        assertThat(responses).isEqualTo(fleet.counts().responsesTotal()).isEqualTo(sent);
        assertThat(all.getTotalCount()).isEqualTo(responses);
    }

    @Test
    void specRejectsWhatCannotWork() throws Exception {
        URI ok = URI.create("http://127.0.0.1:8080/x");
        FleetSpec good = FleetSpec.of(ok, 1, Duration.ZERO);
        assertThat(good.path()).isEqualTo("/x");
        assertThat(FleetSpec.of(URI.create("http://127.0.0.1:8080"), 1, Duration.ZERO).path()).isEqualTo("/");
        assertThatThrownBy(() -> FleetSpec.of(ok, 0, Duration.ZERO))
                .hasMessage("fleet connections must be at least 1, but was 0");
        assertThatThrownBy(() -> FleetSpec.of(ok, 1, Duration.ofSeconds(-1)))
                .hasMessage("fleet interval must be zero (hold only) or positive, but was PT-1S");
        assertThatThrownBy(() -> FleetSpec.of(URI.create("http://10.0.0.1:80/"), 1, Duration.ZERO))
                .hasMessage("fleet target must be a loopback address (127.0.0.0/8, ::1 or localhost), "
                        + "but was http://10.0.0.1:80/");
        assertThatThrownBy(() -> FleetSpec.of(URI.create("http://example.com:80/"), 1, Duration.ZERO))
                .hasMessageStartingWith("fleet target must be a loopback address");
        assertThatThrownBy(() -> FleetSpec.of(URI.create("https://127.0.0.1:443/"), 1, Duration.ZERO))
                .hasMessage("fleet target must be an http:// URI, but was https://127.0.0.1:443/");
        assertThatThrownBy(() -> FleetSpec.of(URI.create("http://127.0.0.1/"), 1, Duration.ZERO))
                .hasMessageContaining("must name its port explicitly");
        assertThatThrownBy(() -> good.withSources(List.of(InetAddress.getByName("192.168.1.1"))))
                .hasMessage("fleet sources must all be loopback addresses (127.0.0.0/8 or ::1), but was 192.168.1.1");
        assertThatThrownBy(() -> good.withSources(List.of(InetAddress.getByName("::1"))))
                .hasMessageContaining("must be of the target's address family");
        assertThatThrownBy(() -> good.withSources(FleetSpec.loopbackSources(1).stream()
                .flatMap(a -> java.util.stream.Stream.of(a, a)).toList()))
                .hasMessage("fleet sources must not repeat an address, but was 127.0.0.1");
        assertThatThrownBy(() -> good.withOpenRate(0))
                .hasMessage("fleet openRate must be at least 1 connection per second, but was 0");
        assertThatThrownBy(() -> good.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("fleet connectTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> good.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-5)))
                .hasMessage("fleet requestTimeout must be positive, but was PT-0.005S");
    }

    private static ServerSpec serverSpec(ConnectionSpec connections) {
        ServerSpec d = ServerSpec.defaults();
        return new ServerSpec(d.host(), 0, 1, 1, d.protocols(), connections, d.site(), d.robots(), d.routes());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        awaitTrue(condition, () -> what);
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what.get(), e);
            }
        }
    }
}
