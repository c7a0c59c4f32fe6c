package dev.sluice.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The per-host gate on virtual time: limit, delay, pauses for 429/503 and AIMD, without a sleep. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostGateTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<HostGate.Permit> granted = new ArrayList<>();
    private final List<Long> grantedAtMs = new ArrayList<>();

    @AfterEach
    void stop() {
        time.dispose();
    }

    private HostGate gate(int max, Duration delay, boolean adaptive) {
        return new HostGate("127.0.0.1:8080", max, delay.toNanos(), adaptive, Duration.ofSeconds(2).toNanos(),
                () -> time.now(TimeUnit.NANOSECONDS), time);
    }

    private Disposable ask(HostGate gate) {
        return gate.acquire().subscribe(p -> {
            granted.add(p);
            grantedAtMs.add(time.now(TimeUnit.MILLISECONDS));
        });
    }

    private void advance(long ms) {
        time.advanceTimeBy(Duration.ofMillis(ms));
    }

    @Test
    void grantsNoMorePermitsAtOnceThanTheLimit() {
        HostGate gate = gate(2, Duration.ZERO, false);
        for (int i = 0; i < 5; i++) {
            ask(gate);
        }
        assertThat(granted).hasSize(2);
        granted.get(0).release(HostGate.Outcome.OK, 0);
        assertThat(granted).hasSize(3);
        granted.get(0).release(HostGate.Outcome.OK, 0); // a second release changes nothing
        assertThat(granted).hasSize(3);
        assertThat(gate.inUse()).isEqualTo(2);
        assertThat(gate.view().maxConcurrent()).isEqualTo(2);
    }

    @Test
    void withADelayGivesOneRequestAtATimeSpacedFromWhenTheHostBeganToAnswer() {
        HostGate gate = gate(4, Duration.ofMillis(100), false);
        ask(gate);
        ask(gate);
        ask(gate);
        assertThat(grantedAtMs).containsExactly(0L);
        advance(30);
        granted.get(0).answered(); // answer begins at 30 ms
        advance(99);
        assertThat(granted).hasSize(1);
        advance(1); // 130 ms: 100 ms after the answer began
        assertThat(grantedAtMs).containsExactly(0L, 130L);
        granted.get(0).release(HostGate.Outcome.OK, 0);
        // The second has no answer yet: the third waits however long.
        advance(1000);
        assertThat(granted).hasSize(2);
        granted.get(1).release(HostGate.Outcome.FAILED, 0); // no answer at 1130 ms
        advance(99);
        assertThat(granted).hasSize(2);
        advance(1);
        assertThat(grantedAtMs).containsExactly(0L, 130L, 1230L);
        // The first was still being read when the second started: one waits for an answer at a time.
        assertThat(gate.view().maxConcurrent()).isEqualTo(2);
    }

    @Test
    void aThrottledAnswerPausesTheHostAndHalvesItsLimit() {
        HostGate gate = gate(8, Duration.ZERO, true);
        for (int i = 0; i < 8; i++) {
            ask(gate);
        }
        for (int i = 1; i < 8; i++) {
            granted.get(i).release(HostGate.Outcome.OK, 0);
        }
        granted.get(0).answered();
        granted.get(0).release(HostGate.Outcome.THROTTLED, Duration.ofSeconds(1).toNanos());
        ask(gate);
        ask(gate);
        advance(999);
        assertThat(granted).hasSize(8);
        advance(1);
        assertThat(granted).hasSize(10);
        assertThat(grantedAtMs.get(8)).isEqualTo(1000L);
        assertThat(gate.view().limit()).isEqualTo(4);
        assertThat(gate.view().throttled()).isEqualTo(1);
    }

    @Test
    void theLimitGrowsBackByOneAfterThatManyCleanAnswers() {
        HostGate gate = gate(4, Duration.ZERO, true);
        ask(gate);
        granted.getFirst().release(HostGate.Outcome.THROTTLED, 0);
        assertThat(gate.view().limit()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            ask(gate);
            granted.getLast().release(HostGate.Outcome.OK, 0);
        }
        assertThat(gate.view().limit()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            ask(gate);
            granted.getLast().release(HostGate.Outcome.OK, 0);
        }
        assertThat(gate.view().limit()).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            ask(gate);
            granted.getLast().release(HostGate.Outcome.OK, 0);
        }
        assertThat(gate.view().limit()).as("never past max-connections").isEqualTo(4);
        assertThat(gate.view().lowestLimit()).isEqualTo(2);
        assertThat(gate.view().limitHistory()).extracting(change -> change[1]).containsExactly(4L, 2L, 3L, 4L);
    }

    @Test
    void slowAnswersHalveTheLimitOncePerLatencyBound() {
        HostGate gate = gate(8, Duration.ZERO, true);
        for (int i = 0; i < 3; i++) {
            ask(gate);
        }
        advance(2500); // every answer slower than the 2 s bound
        for (int i = 0; i < 3; i++) {
            granted.get(i).release(HostGate.Outcome.OK, 0);
        }
        assertThat(gate.view().limit()).isEqualTo(4);
        assertThat(gate.view().slow()).isEqualTo(3);
    }

    @Test
    void withoutAdaptiveTheLimitStaysButPausesAreStillHonoured() {
        HostGate gate = gate(4, Duration.ZERO, false);
        ask(gate);
        granted.getFirst().release(HostGate.Outcome.THROTTLED, Duration.ofMillis(500).toNanos());
        ask(gate);
        advance(499);
        assertThat(granted).hasSize(1);
        advance(1);
        assertThat(granted).hasSize(2);
        assertThat(gate.view().limit()).isEqualTo(4);
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndHoldsNoPermit() {
        HostGate gate = gate(1, Duration.ZERO, false);
        ask(gate);
        Disposable waiting = ask(gate);
        ask(gate);
        waiting.dispose();
        granted.getFirst().release(HostGate.Outcome.OK, 0);
        assertThat(granted).hasSize(2);
        assertThat(gate.inUse()).isEqualTo(1);
        granted.get(1).release(HostGate.Outcome.OK, 0);
        assertThat(gate.inUse()).isZero();
    }

    @Test
    void aLongerDelayFromRobotsTxtTakesOver() {
        HostGate gate = gate(1, Duration.ofMillis(10), false);
        ask(gate);
        gate.atLeast(Duration.ofMillis(250).toNanos());
        ask(gate);
        granted.getFirst().answered();
        granted.getFirst().release(HostGate.Outcome.OK, 0);
        advance(249);
        assertThat(granted).hasSize(1);
        advance(1);
        assertThat(grantedAtMs).containsExactly(0L, 250L);
        assertThat(gate.view().delayMs()).isEqualTo(250.0);
    }
}
