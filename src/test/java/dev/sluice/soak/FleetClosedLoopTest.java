package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.LatencySpec;
import dev.sluice.profile.ServerSpec;
import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.testserver.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fleet in a closed loop against the real test server: only the users send, each at most one request
 * per server latency, every request accounted for on both sides, and a user whose connection dies hands
 * its slot to an idle connection.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FleetClosedLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

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

    private TestServer serve(LatencySpec latency, double hangRate) {
        ServerSpec d = ServerSpec.defaults();
        FaultSpec faults = new FaultSpec(0, 503, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, 0, hangRate);
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(), d.connections(), d.site(), d.robots(),
                Map.of("bytes", new ServerSpec.RouteSpec(latency, faults))));
        return server;
    }

    @Test
    void onlyTheUsersSendEachAtMostOneRequestPerServerLatency() throws Exception {
        serve(new LatencySpec.Fixed(Duration.ofMillis(20)), 0);
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/10"), 20, Duration.ZERO)
                .withClosedLoop(4, Duration.ZERO));
        fleet.start().block(WAIT);
        long t0 = System.nanoTime();
        awaitTrue(() -> fleet.counts().responsesTotal() >= 100, "100 answers");
        fleet.closeGracefully(Duration.ofSeconds(5)).block(WAIT);
        double seconds = (System.nanoTime() - t0) / 1e9;

        FleetCounts c = fleet.counts();
        assertThat(c.opened()).isEqualTo(20);
        assertThat(c.closed(FleetClose.BY_US)).isEqualTo(20);
        // 4 users, each waiting 20 ms for every answer: at most 4 / 20 ms = 200/s (20 users would do 1,000/s).
        assertThat(c.sent()).isLessThanOrEqualTo((long) (4 * (seconds + 0.1) / 0.020) + 4);
        assertThat(c.late()).as("a closed loop has no ticks to be late for").isZero();
        assertThat(c.errorsTotal()).isZero();
        assertThat(c.sent()).isEqualTo(c.responses("2xx"));
        awaitTrue(() -> server.stats().openConnections() == 0, "the server sees every connection closed");
        assertThat(server.stats().snapshot().requests()).isEqualTo(c.sent());
        // Latency is the server's 20 ms and a little: each request waits for nothing but its own answer.
        assertThat(fleet.drain().latencyMicros().getValueAtPercentile(50)).isBetween(19_000L, 60_000L);
    }

    @Test
    void theThinkTimeSpacesEachUsersRequests() throws Exception {
        serve(new LatencySpec.None(), 0);
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/10"), 3, Duration.ZERO)
                .withClosedLoop(3, Duration.ofMillis(100)));
        fleet.start().block(WAIT);
        long t0 = System.nanoTime();
        awaitTrue(() -> fleet.counts().responsesTotal() >= 15, "15 answers");
        fleet.closeGracefully(Duration.ofSeconds(5)).block(WAIT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        FleetCounts c = fleet.counts();
        // 3 users thinking 100 ms between an answer and the next request: at most 30/s, plus the first ones.
        assertThat(c.sent()).isLessThanOrEqualTo((long) (3 * seconds / 0.100) + 3);
        assertThat(c.sent()).isEqualTo(c.responsesTotal() + c.errorsTotal());
        assertThat(c.errorsTotal()).isZero();
    }

    /**
     * The server never answers 2% of requests; each such request times out and its connection is closed.
     * Without replacement, the users' slots pass to the idle connections, so more connections time out than
     * there are users, and every request ends as an answer or a timeout.
     */
    @Test
    void aDeadUsersSlotPassesToAnIdleConnectionAndEveryRequestIsAccountedFor() throws Exception {
        serve(new LatencySpec.None(), 0.02);
        fleet = new ConnectionFleet(FleetSpec.of(URI.create(server.url() + "/bytes/10"), 10, Duration.ZERO)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(150))
                .withClosedLoop(3, Duration.ofMillis(2)));
        fleet.start().block(WAIT);
        awaitTrue(() -> fleet.counts().errors(FleetError.TIMEOUT) >= 6, () -> "6 timeouts: " + fleet.counts());
        fleet.closeGracefully(Duration.ofSeconds(1)).block(WAIT);

        FleetCounts c = fleet.counts();
        assertThat(c.opened()).as("none replaced").isEqualTo(10);
        assertThat(c.closed(FleetClose.ON_ERROR)).isEqualTo(c.errors(FleetError.TIMEOUT)).isGreaterThan(3);
        assertThat(c.sent()).isEqualTo(c.responsesTotal() + c.errorsTotal());
        assertThat(c.errorsTotal()).isEqualTo(c.errors(FleetError.TIMEOUT));
        assertThat(c.open()).isZero();
    }

    @Test
    void specRejectsAClosedLoopItCannotRun() {
        FleetSpec ten = FleetSpec.of(URI.create("http://127.0.0.1:8080/x"), 10, Duration.ofSeconds(1));
        assertThat(ten.withClosedLoop(10, Duration.ZERO).interval()).isZero();
        assertThat(ten.withClosedLoop(10, Duration.ZERO).totalRate()).isZero();
        assertThatThrownBy(() -> ten.withClosedLoop(11, Duration.ZERO))
                .hasMessage("fleet closedLoop.users must be at most the connections (10), but was 11");
        assertThatThrownBy(() -> ten.withClosedLoop(0, Duration.ZERO))
                .hasMessage("fleet closedLoop.users must be at least 1, but was 0");
        assertThatThrownBy(() -> ten.withClosedLoop(1, Duration.ofMillis(-1)))
                .hasMessage("fleet closedLoop.thinkTime must be zero or positive, but was PT-0.001S");
        assertThat(ten.withTotalRate(20).interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(ten.withTotalRate(20).totalRate()).isEqualTo(20.0);
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
