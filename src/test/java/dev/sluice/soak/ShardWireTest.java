package dev.sluice.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** What the coordinator and a shard say to each other reads back equal, and windows add up exactly. */
class ShardWireTest {

    @Test
    void aFleetSpecReadsBackEqual() throws Exception {
        FleetSpec spec = FleetSpec.of(URI.create("http://127.0.0.1:8080/bytes/100?x=1"), 15_000, Duration.ofMillis(1500))
                .withSources(List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3")))
                .withOpenRate(500).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(2500)).withReplacement(true);
        assertThat(ShardWire.spec(ShardWire.spec(spec))).isEqualTo(spec);
        FleetSpec closed = spec.withClosedLoop(900, Duration.ofMillis(5));
        assertThat(ShardWire.spec(ShardWire.spec(closed))).isEqualTo(closed);
    }

    @Test
    void aWindowReadsBackWithItsHistogramExact() {
        Histogram h = new Histogram(FleetLatency.HIGHEST_MICROS, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 37L);
        }
        FleetCounts counts = counts(5, 2, 1000, 3);
        ClientWindow w = new ClientWindow(new FleetWindow(Instant.parse("2026-12-06T02:00:00Z"),
                Instant.parse("2026-12-06T02:00:10Z"), counts, h), 5, 7, new ProcessGauges.Reading(1, 2, 3, 4, 5, 6));
        ShardWire.ShardWindow back = ShardWire.window(ShardWire.window(w, counts(9, 2, 2000, 4)));

        assertThat(back.window().window().counts()).isEqualTo(counts);
        assertThat(back.totals()).isEqualTo(counts(9, 2, 2000, 4));
        assertThat(back.window().window().latencyMicros()).isEqualTo(h);
        assertThat(back.window().open()).isEqualTo(5);
        assertThat(back.window().pending()).isEqualTo(7);
        assertThat(back.window().gauges()).isEqualTo(new ProcessGauges.Reading(1, 2, 3, 4, 5, 6));
        assertThat(back.window().window().start()).isEqualTo(Instant.parse("2026-12-06T02:00:00Z"));
    }

    @Test
    void countsAndGaugesSumAcrossShards() {
        FleetCounts sum = FleetShards.sumCounts(List.of(counts(5, 2, 1000, 3), counts(7, 0, 10, 1)));
        assertThat(sum).isEqualTo(counts(12, 2, 1010, 4));
        ProcessGauges.Reading g = FleetShards.sum(List.of(new ProcessGauges.Reading(-1, 10, 100, 50, 20_000, 15),
                new ProcessGauges.Reading(64, 20, 200, 60, 20_000, 17)));
        assertThat(g).as("a shard with no collection yet adds no heap after GC")
                .isEqualTo(new ProcessGauges.Reading(64, 30, 300, 110, 40_000, 32));
        assertThat(FleetShards.sum(List.of(new ProcessGauges.Reading(-1, 1, 1, 1, 1, 1))).heapAfterGcBytes()).isEqualTo(-1);
    }

    private static FleetCounts counts(long opened, long refused, long sent, int open) {
        FleetCounts z = FleetCounts.zero();
        Map<FleetFailure, Long> failed = new java.util.EnumMap<>(z.failed());
        failed.put(FleetFailure.REFUSED, refused);
        Map<String, Long> responses = new java.util.TreeMap<>(z.responses());
        responses.put("2xx", sent);
        return new FleetCounts(opened, failed, open, z.closed(), sent, responses, z.errors(), 0);
    }
}
