package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.Profile;
import dev.sluice.report.VariantResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** emitted = ok + failed + dropped, for runs that succeed, fail per item, fail whole, or are cancelled. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountingTest {

    @TempDir
    Path dir;

    @Test
    void aCleanRunHasNothingAborted() {
        VariantResult r = Profiles.run("""
                name: clean
                source: {range: {count: 10000}, repeat: 3}
                stages:
                  - {name: a, kind: identity}
                  - {name: b, kind: identity, scheduler: parallel, concurrency: 4, order: completion}
                  - {name: c, kind: identity, scheduler: virtual, concurrency: 16}
                """, dir);
        assertThat(r.items()).isEqualTo(new dev.sluice.report.ItemCounts(30000, 30000, 0, 0, 0));
        assertThat(r.stages()).extracting(s -> s.count()).containsExactly(30000L, 30000L, 30000L);
    }

    @Test
    void itemsThatFailInAStageAreCountedFailedAndTheRunGoesOn() {
        VariantResult r = Profiles.run("""
                name: bad-items
                source: {list: [10, abc, 20, -5, 30]}
                stages:
                  - {name: square, kind: cpu, function: sum-of-squares, scheduler: parallel}
                """, dir);
        Profiles.assertAccounted(r);
        assertThat(r.status()).isEqualTo("ok");
        assertThat(r.items().ok()).isEqualTo(3);
        assertThat(r.items().failed()).isEqualTo(2);
        assertThat(r.items().aborted()).isZero();
        assertThat(r.stages().getFirst().errorsByKind()).containsEntry("IllegalArgumentException", 2L);
    }

    @Test
    void aCancelledRunAccountsForWhatWasInFlight() {
        Profile profile = Profiles.parse("""
                name: cancel
                source: {range: {count: 1000}}
                stages:
                  - {name: wait, kind: blocking-io, duration: 20ms, scheduler: {kind: bounded-elastic, threads: 4}}
                """);
        Runner runner = new Runner();
        // The listener runs on the run's own thread every tick: cancel once items are flowing.
        VariantResult r = runner.run(profile, "default", dir, progress -> {
            if (progress.counts().ok() >= 8) {
                runner.cancel();
            }
        });
        Profiles.assertAccounted(r);
        assertThat(r.status()).isEqualTo("interrupted");
        assertThat(r.items().ok()).isGreaterThanOrEqualTo(8).isLessThan(1000);
        // Items cut short by the stop are aborted, not stage errors.
        assertThat(r.stages().getFirst().errors()).isZero();
        assertThat(r.items().aborted()).isEqualTo(r.items().failed());
        assertThat(r.items().emitted()).isGreaterThan(r.items().ok());
    }

    @Test
    void cancelWorksEvenWhenTheFirstStageTakesEverythingAtOnce() {
        // A dropping buffer asks the source for all of its items: the source must not run on the
        // thread that watches the run, or cancel could not get in until two billion items were pushed.
        Profile profile = Profiles.parse("""
                name: flood
                source: {range: {count: 2000000000}}
                stages:
                  - {name: slow, kind: blocking-io, duration: 1ms, buffer: {size: 50, overflow: drop-newest}}
                """);
        Runner runner = new Runner();
        VariantResult r = runner.run(profile, "default", dir, progress -> {
            if (progress.counts().ok() >= 5) {
                runner.cancel();
            }
        });
        Profiles.assertAccounted(r);
        assertThat(r.status()).isEqualTo("interrupted");
        assertThat(r.items().emitted()).isLessThan(2_000_000_000L);
    }

    @Test
    void nothingOfACancelledRunOutlivesItAndLateItemsAreNotDelivered() throws Exception {
        Profile profile = Profiles.parse("""
                name: busy
                source: {list: [2000000000, 2000000000, 2000000000, 2000000000]}
                stages:
                  - {name: count, kind: cpu, function: count, scheduler: parallel, concurrency: 4}
                sink: {kind: jsonl, path: out.jsonl}
                """);
        Runner runner = new Runner();
        VariantResult r = runner.run(profile, "default", dir, progress -> runner.cancel());
        Profiles.assertAccounted(r);
        assertThat(r.status()).isEqualTo("interrupted");
        assertThat(r.stages().getFirst().errors()).isZero();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("out.jsonl"))).hasSize((int) r.items().ok());
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("sluice-") && t.isAlive());
    }

    @Test
    void errorsKeepTheirFirstMessage() {
        VariantResult r = Profiles.run("""
                name: msgs
                source: {list: [a, 2]}
                stages: [{name: sq, kind: cpu, function: sum-of-squares}]
                """, dir);
        assertThat(r.stages().getFirst().firstErrors())
                .containsEntry("IllegalArgumentException", "a cpu stage needs a whole number, but the item was 'a'");
    }

    @Test
    void oneFastStageIsTimedOnASampleAndCountedExactly() {
        VariantResult r = Profiles.run("""
                name: sample
                source: {range: {count: 200000}}
                stages:
                  - {name: fast, kind: identity}
                """, dir);
        var stage = r.stages().getFirst();
        assertThat(stage.count()).isEqualTo(200000);
        assertThat(stage.sampleInterval()).isGreaterThan(1);
        assertThat(stage.serviceMs().samples()).isLessThan(200000).isGreaterThan(0);
    }

    @Test
    void shortThresholdFormsAreCheckedWithTheirUnits() {
        VariantResult r = Profiles.run("""
                name: rules
                source: {list: [1, 2, x, 4]}
                stages: [{name: sq, kind: cpu, function: sum-of-squares}]
                thresholds:
                  - error-rate < 30%
                  - error-rate <= 0.2
                  - p99(sq) < 10s
                  - rate(sq) >= 1/s
                  - rate() > 0/s
                """, dir);
        assertThat(r.thresholds()).extracting(t -> t.expr() + " " + t.passed()).containsExactly(
                "error-rate < 30% true", "error-rate <= 0.2 false", "p99(sq) < 10s true", "rate(sq) >= 1/s true",
                "rate() > 0/s true");
        assertThat(r.thresholds().getFirst().actual()).isEqualTo(0.25);
        assertThat(r.thresholdsPassed()).isFalse();
    }
}
