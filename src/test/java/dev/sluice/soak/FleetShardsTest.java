package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A soak's fleet split over real shard processes: summed exactly, closed to zero, a dead shard reported. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetShardsTest {

    @TempDir
    Path dir;

    private TestServer server;

    @BeforeEach
    void serve() {
        ServerSpec d = ServerSpec.defaults();
        server = TestServer.start(new ServerSpec(d.host(), 0, 1, 1, d.protocols(), d.connections(), d.site(), d.robots(),
                d.routes()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FleetSpec shard(int connections) throws Exception {
        return FleetSpec.of(URI.create(server.url() + "/bytes/100"), connections, Duration.ofMillis(200))
                .withSources(List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2")))
                .withOpenRate(1000);
    }

    @Test
    void twoShardsAddUpExactlyOnBothSidesAndCloseToZero() throws Exception {
        FleetShards shards = FleetShards.start(List.of(shard(150), shard(150)), dir);
        List<Long> pids = shards.pids();
        assertThat(pids).hasSize(2).doesNotContain(ProcessHandle.current().pid());
        FleetSpec whole = shard(300);
        SoakRun.Result r = new SoakRun(SoakRun.Settings.of(whole, Duration.ofMillis(500), Duration.ofSeconds(3)), shards,
                server.stats()::openConnections).run(dir);

        assertThat(r.problems()).isEmpty();
        assertThat(r.totals().opened()).isEqualTo(300);
        assertThat(server.stats().snapshot().connections().accepted()).isEqualTo(300);
        assertThat(r.clientOpenAfter()).isZero();
        assertThat(r.serverOpenAfter()).isZero();
        assertThat(r.totals().closed(FleetClose.BY_US)).isEqualTo(300);
        long sent = (long) Arrays.stream(r.column("sent")).sum();
        assertThat(sent).as("the windows add up to the totals").isEqualTo(r.totals().sent()).isPositive();
        assertThat(server.stats().snapshot().byRoute().get("bytes")).as("every request sent, the server saw").isEqualTo(sent);
        assertThat(r.totals().responses("2xx")).isEqualTo(sent);
        double[] open = r.column("clientOpen");
        assertThat(open[open.length - 2]).as("both shards' connections, summed").isEqualTo(300);
        double[] fds = r.column("fds");
        assertThat(fds[fds.length - 2]).as("the shards' descriptors, summed").isGreaterThan(300);
        assertThat(r.baseline().rssBytes()).as("two JVMs' RSS before any connection").isPositive();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("shard " + pid + " exited").isFalse();
        }
    }

    @Test
    void aShardThatDiesIsReportedAndTheRestStillCloseCleanly() throws Exception {
        FleetShards shards = FleetShards.start(List.of(shard(100), shard(100)), dir);
        long victim = shards.pids().get(1);
        AtomicInteger windows = new AtomicInteger();
        SoakRun run = new SoakRun(SoakRun.Settings.of(shard(200), Duration.ofMillis(500), Duration.ofSeconds(30)), shards,
                server.stats()::openConnections);
        SoakRun.Result r = run.run(dir, row -> {
            if (windows.incrementAndGet() == 3) {
                ProcessHandle.of(victim).ifPresent(ProcessHandle::destroyForcibly);
            }
        });

        assertThat(r.stoppedEarly()).as("a soak that lost a shard stops").isTrue();
        assertThat(r.windows().size()).isLessThan(10);
        assertThat(r.problems()).singleElement().asString().contains("soak shard 2", "100 connections were closed with it");
        assertThat(r.clientOpenAfter()).isZero();
        assertThat(r.serverOpenAfter()).as("the kernel closed the dead shard's sockets, the live one closed its own").isZero();
        assertThat(r.totals().opened()).as("the dead shard's last totals stay in the sums").isEqualTo(200);
        assertThat(r.totals().closed(FleetClose.BY_US)).isEqualTo(100);
        assertThat(Files.exists(dir.resolve(TimeSeriesCsv.FILE_NAME))).isTrue();
    }
}
