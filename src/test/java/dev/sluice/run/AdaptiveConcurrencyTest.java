package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** concurrency: adaptive grows while the server keeps up and backs off when it says it is overloaded. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdaptiveConcurrencyTest {

    @TempDir
    Path dir;

    private VariantResult run(String server, String url, int items) {
        VariantResult r = Profiles.run("""
                name: adaptive
                server: %s
                source: {range: {count: %d}}
                stages:
                  - {name: fetch, kind: http, url: "%s", scheduler: event-loop, concurrency: adaptive}
                """.formatted(server, items, url), dir);
        Profiles.assertAccounted(r);
        return r;
    }

    @Test
    void theLimitGrowsWhileLatencyHolds() {
        VariantResult r = run("{routes: {delay: {}}}", "${server.url}/delay/30ms", 300);
        StageResult s = r.stages().getFirst();
        assertThat(r.items().ok()).isEqualTo(300);
        assertThat(s.tallies().get("concurrency.limit.peak")).isGreaterThan(4L);
        assertThat(s.concurrencyLimits()).hasSizeGreaterThan(1);
        assertThat(s.concurrencyLimits().getFirst()).containsExactly(0L, 4L);
    }

    @Test
    void theLimitShrinksOn429s() {
        VariantResult r = run("{routes: {bytes: {error-rate: 1, error-status: 429}}}", "${server.url}/bytes/1", 100);
        StageResult s = r.stages().getFirst();
        assertThat(s.concurrency()).as("the final limit").isEqualTo(1);
        assertThat(s.tallies()).containsEntry("status.4xx", 100L);
        assertThat(r.server().clients().get("127.0.0.1").maxConcurrent()).isLessThanOrEqualTo(5);
    }
}
