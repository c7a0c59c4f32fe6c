package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.LatencySpec;
import dev.sluice.profile.ServerSpec;
import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.testserver.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short soaks against the real test server: exact accounting on both sides, a leak caught, a clean stop. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SoakRunTest {

    @TempDir
    Path dir;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer serve(double hangRate) {
        ServerSpec d = ServerSpec.defaults();
        FaultSpec faults = new FaultSpec(0, 503, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, 0, hangRate);
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(), d.connections(), d.site(), d.robots(),
                Map.of("bytes", new ServerSpec.RouteSpec(new LatencySpec.None(), faults))));
        return server;
    }

    private FleetSpec fleet(int connections, Duration interval) throws Exception {
        return FleetSpec.of(URI.create(server.url() + "/bytes/100"), connections, interval)
                .withSources(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void aShortSoakAccountsForEveryConnectionAndRequestOnBothSidesAndClosesToZero() throws Exception {
        serve(0);
        SoakRun soak = new SoakRun(SoakRun.Settings.of(fleet(200, Duration.ofMillis(100)), Duration.ofMillis(500),
                Duration.ofSeconds(4)), server.stats()::openConnections);
        SoakRun.Result r = soak.run(dir);

        assertThat(r.stoppedEarly()).isFalse();
        assertThat(r.windows()).as("8 windows and the close").hasSizeBetween(8, 10);
        assertThat(r.totals().opened()).isEqualTo(200);
        assertThat(server.stats().snapshot().connections().accepted()).isEqualTo(200);
        assertThat(r.clientOpenAfter()).isZero();
        assertThat(r.serverOpenAfter()).isZero();
        assertThat(r.totals().closed(FleetClose.BY_US)).isEqualTo(200);
        // Every request the windows counted, the server saw; none failed.
        long sent = (long) Arrays.stream(r.column("sent")).sum();
        assertThat(sent).isEqualTo(r.totals().sent()).isPositive();
        assertThat(server.stats().snapshot().byRoute().get("bytes")).isEqualTo(sent);
        assertThat(r.totals().errorsTotal()).isZero();
        double[] open = r.column("clientOpen");
        assertThat(Arrays.stream(open, 2, open.length - 1).allMatch(n -> n == 200)).isTrue();
        assertThat(open[open.length - 1]).as("after the close").isZero();

        SoakVerdict connections = r.verdict(SoakVerdicts.CONNECTION_LEAK);
        assertThat(connections.passed()).as(connections.text()).isTrue();
        SoakVerdict memory = r.verdict(SoakVerdicts.MEMORY_LEAK);
        assertThat(memory.failed()).as(memory.text()).isFalse();
        TimeSeriesCsv.Table csv = TimeSeriesCsv.read(dir.resolve(TimeSeriesCsv.FILE_NAME));
        assertThat(csv.columns()).isEqualTo(SoakRun.COLUMNS);
        assertThat(csv.rows()).hasSize(r.windows().size());
    }

    @Test
    void aServerThatKeepsTheConnectionsItsClientsGaveUpOnIsCaughtByTheLeakVerdict() throws Exception {
        // 3% of requests hang: the client gives up after 300 ms, closes and replaces the connection; the
        // server, no longer reading it, never sees the close and keeps the socket.
        serve(0.03);
        FleetSpec spec = fleet(100, Duration.ofMillis(100))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300))
                .withReplacement(true);
        SoakRun.Result r = new SoakRun(SoakRun.Settings.of(spec, Duration.ofMillis(500), Duration.ofSeconds(5)),
                server.stats()::openConnections).run(dir);

        SoakVerdict leak = r.verdict(SoakVerdicts.CONNECTION_LEAK);
        assertThat(leak.failed()).as(leak.text()).isTrue();
        assertThat(leak.text()).containsPattern("server connections \\+[1-9]");
        assertThat(r.clientOpenAfter()).isZero();
        assertThat(r.serverOpenAfter()).as("the leaked sockets").isPositive();
        assertThat(r.totals().opened()).isGreaterThan(100);
        // Errors by class in every window, adding up to the totals: the hung requests timed out.
        long timeouts = (long) Arrays.stream(r.column("errorsTimeout")).sum();
        assertThat(timeouts).isPositive().isEqualTo(r.totals().errors(FleetError.TIMEOUT));
        assertThat((long) Arrays.stream(r.column("errors")).sum()).isEqualTo(r.totals().errorsTotal());
        assertThat(Arrays.stream(r.column("responses5xx")).sum()).isZero();
    }

    @Test
    void stoppedEarlyItStillClosesEveryConnectionAndWritesWhatItHas() throws Exception {
        serve(0);
        SoakRun soak = new SoakRun(SoakRun.Settings.of(fleet(50, Duration.ofMillis(100)), Duration.ofMillis(200),
                Duration.ofMinutes(10)), server.stats()::openConnections);
        // Stopped from the run's own window callback after the fifth window: no sleep, no race.
        int[] windows = {0};
        SoakRun.Result r = soak.run(dir, row -> {
            if (++windows[0] == 5) {
                soak.stop();
            }
        });
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.windows()).hasSizeBetween(4, 9);
        assertThat(r.clientOpenAfter()).isZero();
        assertThat(r.serverOpenAfter()).isZero();
        assertThat(TimeSeriesCsv.read(dir.resolve(TimeSeriesCsv.FILE_NAME)).rows()).hasSize(r.windows().size());
        assertThat(r.verdict(SoakVerdicts.LATENCY_DRIFT).judged()).as("too short to judge").isFalse();
    }
}
