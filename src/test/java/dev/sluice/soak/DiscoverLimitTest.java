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

    @Test
    void saysSoWhenThereIsNoLimitUpToMax() throws Exception {
        server = TestServer.start(ServerSpec.defaults());
        FleetSpec base = FleetSpec.of(URI.create(server.url() + "/bytes/10"), 1, Duration.ofMillis(200));
        DiscoverLimit.Result r = new DiscoverLimit().run(base, 100, 300, Duration.ofMillis(300), Duration.ofSeconds(5),
                server.stats()::openConnections);
        assertThat(r.firstBad()).isEqualTo(-1);
        assertThat(r.lastGood()).isEqualTo(300);
        assertThat(r.text()).isEqualTo("no limit up to 300 connections");
    }
}
