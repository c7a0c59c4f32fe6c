package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.report.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped profile runs on both engines with the same item accounting: the same items emitted,
 * and, where the profile decides it (no random faults, no clock), the same ok, failed and dropped
 * counts and the same sink checksum. Each profile is shrunk by --set so the suite stays fast.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EnginesTest {

    /** A shipped profile, how it is shrunk, and whether its counts are decided by its items alone. */
    record Shipped(String file, boolean exact, String... sets) {
        @Override
        public String toString() {
            return file;
        }
    }

    static final List<Shipped> SHIPPED = List.of(
            new Shipped("crawl-fanout.yaml", true, "server.site.pages=2000", "crawl.max-pages=2000"),
            new Shipped("crawl-polite.yaml", false, "crawl.max-pages=40", "server.robots.crawl-delay=10ms"),
            new Shipped("engines.yaml", true, "vars.base=200000", "source.range.count=40"),
            new Shipped("quickstart.yaml", true, "source.repeat=5", "server.routes.default.latency=5ms"),
            // 20% 429s at random, and a circuit breaker: counts vary from run to run on one engine too.
            new Shipped("api-rate-limited.yaml", false, "source.range.count=60",
                    "server.routes.api.retry-after=50ms", "stages.get.policies.rate-limit.rate=1000/s"),
            // Bounded by time, not by items.
            new Shipped("closed-model.yaml", false, "load.duration=1s", "load.users=5"),
            new Shipped("open-model.yaml", false, "load.phases=[{rate: 100/s, duration: 1s}]",
                    "server.routes.bytes.stall.every=10s"),
            // What a dropping buffer drops depends on timing.
            new Shipped("examples/backpressure.yaml", false, "source.range.count=300"),
            new Shipped("examples/http-models.yaml", true, "source.range.count=40"),
            new Shipped("examples/processes.yaml", true, "vars.base=200000"),
            new Shipped("examples/sleep-vs-block.yaml", true, "stages.wait.duration=10ms"),
            new Shipped("seeds/count.yaml", true, "source.list=[3000000, 3000000]"),
            new Shipped("seeds/cpu-sum-of-squares.yaml", true, "vars.base=200000"),
            new Shipped("seeds/hello.yaml", true, "vars.wait=50ms"),
            new Shipped("seeds/io-downloads.yaml", true, "source.repeat=5", "server.routes.default.latency=5ms"),
            new Shipped("seeds/io-downloads-threads-sweep.yaml", true, "source.repeat=5",
                    "server.routes.default.latency=5ms"),
            new Shipped("seeds/producer-consumer.yaml", true, "vars.pause=10ms", "vars.consumers=10"));

    @TempDir
    Path dir;

    static Stream<Shipped> shipped() {
        return SHIPPED.stream();
    }

    private VariantResult run(Shipped p, String engine) {
        List<String> sets = new ArrayList<>(List.of(p.sets()));
        sets.add("engine=" + engine);
        Profile profile = new ProfileLoader(Map.of()).load(Path.of("load-profiles", p.file()), sets);
        return new Runner().run(profile, engine, dir.resolve(engine), RunListener.NONE);
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void accountsForEveryItemTheSameWayOnBothEngines(Shipped p) {
        VariantResult reactor = run(p, "reactor");
        VariantResult rxjava = run(p, "rxjava");
        for (VariantResult r : List.of(reactor, rxjava)) {
            assertThat(r.status()).as(r.engine() + ": " + r.error()).isEqualTo("ok");
            Profiles.assertAccounted(r);
            assertThat(r.items().ok()).as(r.engine()).isPositive();
        }
        assertThat(rxjava.engine()).isEqualTo("rxjava");
        assertThat(reactor.engine()).isEqualTo("reactor");
        if (p.exact()) {
            assertThat(rxjava.items()).as("item accounting").isEqualTo(reactor.items());
            if (reactor.server() == null) {
                // Values hold the test server's URL (a new port each run) where there is one.
                assertThat(rxjava.sink().get("checksum")).isEqualTo(reactor.sink().get("checksum"));
            }
            assertThat(rxjava.thresholdsPassed()).isEqualTo(reactor.thresholdsPassed());
        } else if (!p.file().contains("model")) {
            assertThat(rxjava.items().emitted()).isEqualTo(reactor.items().emitted());
        }
    }

    @Test
    void everyShippedProfileIsCovered() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("load-profiles"))) {
            List<String> profiles = files.filter(f -> f.toString().endsWith(".yaml"))
                    .map(f -> Path.of("load-profiles").relativize(f).toString())
                    .filter(f -> !f.startsWith("servers/"))
                    // Soaks have no stages to put on an engine: SoakProfilesTest runs them.
                    .filter(f -> !new ProfileLoader(Map.of()).isSoak(Path.of("load-profiles", f)))
                    .toList();
            assertThat(SHIPPED.stream().map(Shipped::file).toList())
                    .as("add each new profile to SHIPPED, with --sets that keep it short")
                    .containsExactlyInAnyOrderElementsOf(profiles);
        }
    }
}
