package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.LatencySpec;
import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ticks faster than the server answers: each connection falls behind, sends its owed requests back to back as
 * soon as it is free, and their latency counts from their ticks, so the backlog shows in p99.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FleetLateTicksTest {

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
    void lateTicksAreSentOnceFreeAndTheirLatencyCountsFromTheTick() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(), d.connections(), d.site(), d.robots(),
                Map.of("bytes", new ServerSpec.RouteSpec(new LatencySpec.Fixed(Duration.ofMillis(30)),
                        ServerSpec.FaultSpec.NONE))));
        // 2 connections, a tick every 15 ms each (133/s in all); the server answers each in 30 ms, so at most
        // 2 / 30 ms = 67/s: every second tick finds its connection busy.
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/10"), 2, Duration.ofMillis(15)));
        fleet.start().block(Duration.ofSeconds(5));
        fleet.drain();
        Thread.sleep(1_500);
        FleetWindow w = fleet.drain();
        fleet.closeGracefully(Duration.ofSeconds(5)).block(Duration.ofSeconds(15));

        FleetCounts c = fleet.counts();
        assertThat(c.late()).isGreaterThan(20);
        assertThat(w.counts().responsesTotal()).as("the server's pace, not the ticks'").isBetween(40L, 105L);
        Histogram h = w.latencyMicros();
        // Sent when it was 30 ms due, the last owed requests of the window waited ~0.7 s for their connection.
        assertThat(h.getValueAtPercentile(99)).isGreaterThan(300_000L);
        assertThat(h.getValueAtPercentile(1)).isGreaterThanOrEqualTo(29_000L);
        assertThat(c.sent()).isEqualTo(c.responsesTotal() + c.errorsTotal());
        assertThat(c.errorsTotal()).isZero();
    }
}
