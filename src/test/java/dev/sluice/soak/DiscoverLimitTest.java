package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The search finds a server's configured connection limit to within one step. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiscoverLimitTest {

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void findsAConfiguredConnectionLimitWithinOneStep() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(),
                new ServerSpec.ConnectionSpec(true, Duration.ofSeconds(60), 700, ServerSpec.ConnectionSpec.Beyond.REFUSE),
                d.site(), d.robots(), d.routes()));
        FleetSpec base = FleetSpec.of(URI.create(server.url() + "/bytes/10"), 1, Duration.ofMillis(200));
        DiscoverLimit.Result r = new DiscoverLimit().run(base, 200, 2000, Duration.ofMillis(500), Duration.ofSeconds(5),
                server.stats()::openConnections);
        assertThat(r.lastGood()).isEqualTo(600);
        assertThat(r.firstBad()).isEqualTo(800);
        assertThat(r.steps()).extracting(DiscoverLimit.Step::connections).containsExactly(200, 400, 600, 800);
        assertThat(r.steps().getLast().refused()).isEqualTo(100);
        assertThat(r.steps().getLast().outcome()).isEqualTo("refused 100");
        assertThat(r.text()).isEqualTo("the limit lies between 600 connections (ok) and 800 (refused 100)");
        assertThat(server.stats().openConnections()).isZero();
    }

    /**
     * A server that stops accepting at its limit (beyond-max: hold) leaves the rest in its accept queue: to the
     * client they look open. A step is judged only once every open connection has been answered or its
     * request has timed out, so the held ones show as timeouts, not as a step that passed.
     */
    @Test
    void connectionsTheServerNeverTookAreNotCountedAsHeld() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(),
                new ServerSpec.ConnectionSpec(true, Duration.ofSeconds(60), 300, ServerSpec.ConnectionSpec.Beyond.HOLD),
                d.site(), d.robots(), d.routes()));
        FleetSpec base = FleetSpec.of(URI.create(server.url() + "/bytes/10"), 1, Duration.ofMillis(100))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1));
        DiscoverLimit.Result r = new DiscoverLimit().run(base, 200, 1000, Duration.ofMillis(300), Duration.ofSeconds(5),
                server.stats()::openConnections);
        assertThat(r.text()).startsWith("the limit lies between 200 connections (ok) and 400 (timeouts ");
        assertThat(r.steps().getLast().timeouts()).isEqualTo(100);
    }

    /**
     * 10 connections, never pipelined, to a route that answers in 20 ms carry at most 10 / 20 ms = 500
     * requests/s. Steps of 200/s: 400/s keeps a fifth of each connection's time spare; at 600/s each
     * connection falls a sixth further behind every second, so after 1.5 s its requests are ~250 ms late,
     * well past the 100 ms bound.
     */
    @Test
    void findsTheRateTheConnectionsCanCarryWithinOneStep() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(), d.connections(), d.site(), d.robots(),
                java.util.Map.of("bytes", new ServerSpec.RouteSpec(new dev.sluice.profile.LatencySpec.Fixed(
                        Duration.ofMillis(20)), ServerSpec.FaultSpec.NONE))));
        FleetSpec base = FleetSpec.of(URI.create(server.url() + "/bytes/10"), 10, Duration.ofSeconds(1));
        DiscoverLimit.Result r = new DiscoverLimit().runByRate(base, 200, 1000, Duration.ofMillis(1500),
                Duration.ofMillis(100), server.stats()::openConnections);
        assertThat(r.by()).isEqualTo("rate");
        assertThat(r.steps()).as(r.steps().toString()).extracting(DiscoverLimit.Step::requestedRate).containsExactly(200.0, 400.0, 600.0);
        assertThat(r.steps()).extracting(DiscoverLimit.Step::connections).containsOnly(10);
        assertThat(r.lastGood()).as(r.steps().toString()).isEqualTo(400);
        assertThat(r.firstBad()).isEqualTo(600);
        DiscoverLimit.Step ok = r.steps().get(1);
        assertThat(ok.achievedRate()).isBetween(340.0, 460.0);
        DiscoverLimit.Step bad = r.steps().getLast();
        assertThat(bad.achievedRate()).as("no more than the connections can carry").isLessThan(540.0);
        assertThat(bad.errors()).isZero();
        assertThat(bad.p99Ms()).isGreaterThan(150.0);
        assertThat(bad.outcome()).matches("p99 \\d+ ms over the 100 ms bound");
        assertThat(r.text()).startsWith("the limit lies between 400/s (ok) and 600/s (p99 ")
                .endsWith(" ms over the 100 ms bound)");
        assertThat(server.stats().openConnections()).isZero();
    }

    @Test
    void saysSoWhenThereIsNoLimitUpToMax() throws Exception {
        server = TestServer.start(ServerSpec.defaults());
        FleetSpec base = FleetSpec.of(URI.create(server.url() + "/bytes/10"), 1, Duration.ofMillis(200));
        DiscoverLimit.Result r = new DiscoverLimit().run(base, 100, 300, Duration.ofMillis(300), Duration.ofSeconds(5),
                server.stats()::openConnections);
        assertThat(r.firstBad()).isEqualTo(-1);
        assertThat(r.lastGood()).isEqualTo(300);
        assertThat(r.text()).isEqualTo("no limit up to 300 connections");
        assertThat(r.by()).isEqualTo("connections");
        assertThat(r.steps().getLast().requestedRate()).as("300 connections, one GET every 200 ms").isEqualTo(1500.0);
    }
}
