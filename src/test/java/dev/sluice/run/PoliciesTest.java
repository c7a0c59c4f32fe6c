package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.StageResult;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each Resilience4j policy, applied per item against the run's own server, with its counters. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoliciesTest {

    @TempDir
    Path dir;

    private VariantResult run(String server, String url, int items, int concurrency, String policies) {
        VariantResult r = Profiles.run("""
                name: policies
                server: %s
                source: {range: {count: %d}}
                stages:
                  - name: fetch
                    kind: http
                    url: "%s"
                    scheduler: event-loop
                    concurrency: %d
                    policies: %s
                """.formatted(server, items, url, concurrency, policies), dir);
        Profiles.assertAccounted(r);
        return r;
    }

    @Test
    void retryTurnsFlakyAnswersIntoSuccessesAndCountsEveryTry() {
        VariantResult r = run("{routes: {bytes: {error-rate: 0.4, error-status: 503}}}", "${server.url}/bytes/10", 50, 5,
                "{retry: {attempts: 8, backoff: 1ms, on: [5xx]}}");
        StageResult s = r.stages().getFirst();
        assertThat(r.items().ok()).isEqualTo(50);
        assertThat(s.tallies().get("retries")).isPositive();
        // Every try reached the server: the first of each item plus each retry.
        assertThat(r.server().requests()).isEqualTo(50 + s.tallies().get("retries"));
    }

    @Test
    void retryWaitsWhatRetryAfterSaysThenGivesUp() {
        long start = System.nanoTime();
        VariantResult r = run("{routes: {bytes: {error-rate: 1, error-status: 429, retry-after: 1s}}}",
                "${server.url}/bytes/10", 3, 3, "{retry: {attempts: 2, backoff: 1ms, on: [429], respect-retry-after: true}}");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
        assertThat(r.items().failed()).isEqualTo(3);
        assertThat(r.stages().getFirst().tallies()).containsEntry("retries", 3L);
        assertThat(r.stages().getFirst().errorsByKind()).containsKey("HttpStatusException");
        assertThat(r.server().requests()).isEqualTo(6);
    }

    @Test
    void aRateLimitSpacesItemsAndRejectsThoseThatCannotWait() {
        long start = System.nanoTime();
        VariantResult paced = run("{}", "${server.url}/bytes/1", 20, 20, "{rate-limit: {rate: 20/s, timeout: 5s}}");
        assertThat(paced.items().ok()).isEqualTo(20);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(800));

        VariantResult rejected = run("{}", "${server.url}/bytes/1", 20, 20, "{rate-limit: {rate: 2/s, timeout: 0}}");
        long refused = rejected.stages().getFirst().tallies().getOrDefault("rejected.rate-limit", 0L);
        assertThat(refused).isGreaterThanOrEqualTo(15);
        assertThat(rejected.items().failed()).isEqualTo(refused);
        assertThat(rejected.server().requests()).isEqualTo(20 - refused);
    }

    @Test
    void aTimeoutFailsSlowItems() {
        VariantResult r = run("{}", "${server.url}/delay/1s", 4, 4, "{timeout: 100ms}");
        assertThat(r.items().failed()).isEqualTo(4);
        assertThat(r.stages().getFirst().tallies()).containsEntry("rejected.timeout", 4L);
    }

    @Test
    void anOpenCircuitRejectsWithoutCallingTheServer() {
        VariantResult r = run("{routes: {status: {}}}", "${server.url}/status/500", 30, 1,
                "{circuit-breaker: {failure-rate: 50, window: 5, open-for: 30s}}");
        StageResult s = r.stages().getFirst();
        assertThat(r.items().failed()).isEqualTo(30);
        assertThat(s.tallies()).containsEntry("rejected.circuit-open", 25L).containsEntry("circuit.open", 1L);
        assertThat(r.server().requests()).isEqualTo(5);
    }

    @Test
    void aBulkheadCapsItemsInsideAndRejectsTheRest() {
        VariantResult r = run("{}", "${server.url}/delay/300ms", 10, 10, "{bulkhead: {max-concurrent: 2, max-wait: 0}}");
        long refused = r.stages().getFirst().tallies().getOrDefault("rejected.bulkhead", 0L);
        assertThat(refused).isGreaterThanOrEqualTo(6);
        assertThat(r.items().ok()).isEqualTo(10 - refused);
        assertThat(r.server().clients().get("127.0.0.1").maxConcurrent()).isLessThanOrEqualTo(2);
    }
}
