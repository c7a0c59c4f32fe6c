package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The concurrency (closed) model: N users, each waiting for its item before sending the next. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedModelTest {

    @TempDir
    Path dir;

    @Test
    void usersTimesIterationsItemsAndNeverMoreThanUsersAtOnce() {
        VariantResult r = Profiles.run("""
                name: closed
                server: {}
                source: {list: [a, b, c]}
                stages:
                  - {name: get, kind: http, url: "${server.url}/delay/60ms", scheduler: event-loop, concurrency: 50}
                load: {model: concurrency, users: 5, iterations: 4}
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isEqualTo(20);
        assertThat(r.server().requests()).isEqualTo(20);
        // The server saw as many requests at once as there are users. It stops counting a request when
        // its write completes, which can come just after the client has the answer and sent the next:
        // so one more is possible, never more.
        assertThat(r.server().clients().get("127.0.0.1").maxConcurrent()).isBetween(5, 6);
        assertThat(r.load().model()).isEqualTo("concurrency");
        assertThat(r.latencyMs().p50()).isGreaterThanOrEqualTo(60.0);
    }

    @Test
    void aDurationBoundsTheRunAndTheSourceStartsOver() {
        VariantResult r = Profiles.run("""
                name: timed
                source: {list: [1, 2]}
                stages: [{name: wait, kind: blocking-io, duration: 50ms, scheduler: virtual}]
                load: {model: concurrency, users: 4, duration: 1s}
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.items().ok()).isBetween(8L, 90L);
        assertThat(r.wallSeconds()).isLessThan(5.0);
    }
}
