package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.profile.ServerSpec.RouteSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A server spec written as a serve config reads back as the same spec, for every key and latency form. */
class ServerConfigWriterTest {

    static Stream<ServerSpec> specs() {
        ServerSpec d = ServerSpec.defaults();
        Map<String, RouteSpec> forms = Map.of(
                "site", new RouteSpec(new LatencySpec.LogNormal(Duration.ofMillis(20), Duration.ofMillis(150)),
                        new FaultSpec(0.02, 503, Duration.ofSeconds(1), 0.001, 0.002, Duration.ofSeconds(30),
                                Duration.ofMillis(1500), 0, 0.003)),
                "api", new RouteSpec(new LatencySpec.Percentiles(List.of(new LatencySpec.Percentiles.Point(50, Duration.ofMillis(2)),
                        new LatencySpec.Percentiles.Point(99.9, Duration.ofMillis(40)))), FaultSpec.NONE),
                "delay", new RouteSpec(new LatencySpec.Uniform(Duration.ofNanos(1500), Duration.ofMillis(9)), FaultSpec.NONE),
                "bytes", new RouteSpec(new LatencySpec.Normal(Duration.ofMillis(10), Duration.ofMillis(2)),
                        new FaultSpec(0, 429, Duration.ofSeconds(2), 0, 0, Duration.ZERO, Duration.ZERO, 10_240, 0)));
        return Stream.of(d, ServerSpecTest.EVERY_KEY_SPEC,
                new ServerSpec("127.0.0.1", 0, 4, 7, d.protocols(), d.connections(), new ServerSpec.SiteSpec(200_000, 40, 8192),
                        new ServerSpec.RobotsSpec(List.of("/site/1", "/a \"quoted\" path"), Duration.ofMillis(100)), forms));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void readsBackAsTheSameSpec(ServerSpec spec) {
        String text = ServerConfigWriter.write(spec);
        assertThat(Loading.server(text)).as(text).isEqualTo(spec);
    }
}
