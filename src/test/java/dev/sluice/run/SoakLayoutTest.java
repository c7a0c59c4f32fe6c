package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.SoakSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a soak is laid over processes on a machine with 20,000 open files a process and 28,232 ports. */
class SoakLayoutTest {

    private static final long FILES = 20_000;
    private static final int PORTS = 28_232;

    private static SoakSpec spec(int connections, List<String> sources, boolean serverProcess, int shards) {
        return new SoakSpec(connections, Duration.ofSeconds(1), SoakSpec.DEFAULT_URL, Duration.ofSeconds(10),
                Duration.ofMinutes(10), sources, 2000, Duration.ofSeconds(5), Duration.ofSeconds(10), true, serverProcess,
                0.005, 0.1, 1.5, null, null, null, shards);
    }

    @Test
    void autoKeepsAFleetThatFitsInThisJvm() {
        SoakLayout l = SoakLayout.of(spec(10_000, List.of(), true, SoakSpec.AUTO_SHARDS), true, FILES, PORTS);
        assertThat(l.shards()).isEqualTo(1);
        assertThat(l.servers()).isEqualTo(1);
        assertThat(l.connectionsPerShard()).containsExactly(10_000);
    }

    @Test
    void autoSplits60000ConnectionsOverFourClientsAndFourServers() {
        SoakLayout l = SoakLayout.of(spec(60_000, List.of("127.0.0.1"), true, SoakSpec.AUTO_SHARDS), true, FILES, PORTS);
        assertThat(l.shards()).isEqualTo(4);
        assertThat(l.servers()).isEqualTo(4);
        assertThat(l.connectionsPerShard()).containsExactly(15_000, 15_000, 15_000, 15_000);
    }

    @Test
    void anUnevenSplitStillAddsUp() {
        SoakLayout l = SoakLayout.of(spec(10, List.of(), false, 3), false, FILES, PORTS);
        assertThat(l.connectionsPerShard()).containsExactly(4, 3, 3);
        assertThat(l.servers()).isZero();
    }

    @Test
    void tooFewShardsSaysHowMany() {
        assertThatThrownBy(() -> SoakLayout.of(spec(60_000, List.of(), true, 2), true, FILES, PORTS))
                .hasMessageContaining("30,000 each").hasMessageContaining("set soak.shards: 4 or auto");
    }

    @Test
    void aServerInThisJvmBesideTheFleetMustFitToo() {
        assertThatThrownBy(() -> SoakLayout.of(spec(10_000, List.of(), false, SoakSpec.AUTO_SHARDS), true, FILES, PORTS))
                .hasMessageContaining("20,000 sockets").hasMessageContaining("set soak.server-process: true");
        assertThat(SoakLayout.of(spec(9_000, List.of(), false, SoakSpec.AUTO_SHARDS), true, FILES, PORTS).shards()).isEqualTo(1);
    }

    @Test
    void aLimitSearchStaysInOneProcess() {
        SoakSpec search = new SoakSpec(500, Duration.ofSeconds(1), SoakSpec.DEFAULT_URL, Duration.ofSeconds(10),
                Duration.ofMinutes(10), List.of("127.0.0.1", "127.0.0.2"), 2000, Duration.ofSeconds(5), Duration.ofSeconds(10),
                true, true, 0.005, 0.1, 1.5, new SoakSpec.DiscoverLimit(1000, 40_000, Duration.ofSeconds(1)), null, null,
                SoakSpec.AUTO_SHARDS);
        assertThatThrownBy(() -> SoakLayout.of(search, true, FILES, PORTS))
                .hasMessageContaining("set soak.discover-limit.max to at most 19,000");
    }

    @Test
    void onePairOfAddressesHasOnlySoManyPorts() {
        // One outside server: every shard's connections go to the same address and port.
        assertThatThrownBy(() -> SoakLayout.of(spec(40_000, List.of("127.0.0.1"), false, SoakSpec.AUTO_SHARDS), false, FILES,
                PORTS)).hasMessageContaining("28,232 ephemeral ports").hasMessageContaining("list at least 2 addresses");
        assertThat(SoakLayout.of(spec(40_000, List.of("127.0.0.1", "127.0.0.2"), false, SoakSpec.AUTO_SHARDS), false, FILES,
                PORTS).shards()).isEqualTo(3);
    }
}
