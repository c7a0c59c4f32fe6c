package dev.sluice.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.load.ArrivalGenerator.Arrival;
import dev.sluice.metrics.Clock;
import dev.sluice.profile.LoadSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The closed model is driven by items leaving, not by polling: the timer here is virtual and never
 * advanced unless a test says so, so no periodic nudge can stand in for {@code itemLeft()}.
 */
@Timeout(10)
class ClosedLoopTest {

    private final VirtualTimeScheduler timer = VirtualTimeScheduler.create();
    private final AtomicLong inside = new AtomicLong();
    private final List<Object> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean completed = new AtomicBoolean();

    private ArrivalGenerator start(LoadSpec.Concurrency model, int sourceSize) {
        ArrivalGenerator generator = ArrivalGenerator.of(model, Clock.monotonic());
        List<Object> source = IntStream.range(0, sourceSize).mapToObj(i -> (Object) i).toList();
        Disposable run = generator.arrivals(source, inside::get, inside::incrementAndGet, () -> { }, timer)
                .subscribe(a -> sent.add(a.value()), e -> { }, () -> completed.set(true));
        assertThat(run).isNotNull();
        return generator;
    }

    private void leave(ArrivalGenerator generator) {
        inside.decrementAndGet();
        generator.itemLeft();
    }

    @Test
    void fillsEveryUserAtOnceThenSendsOneItemPerItemThatLeaves() {
        ArrivalGenerator generator = start(new LoadSpec.Concurrency(3, Duration.ofMinutes(1), 0), 100);

        assertThat(sent).containsExactly(0, 1, 2);
        generator.itemLeft(); // nothing left: no room, nothing sent
        assertThat(sent).hasSize(3);
        leave(generator);
        assertThat(sent).containsExactly(0, 1, 2, 3);
        leave(generator);
        leave(generator);
        assertThat(sent).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(completed).isFalse();
    }

    @Test
    void theDurationEndsTheLoopOnTheTimer() {
        ArrivalGenerator generator = start(new LoadSpec.Concurrency(2, Duration.ofSeconds(30), 0), 100);
        assertThat(sent).hasSize(2);

        timer.advanceTimeBy(Duration.ofSeconds(30));

        assertThat(completed).isTrue();
        leave(generator);
        assertThat(sent).hasSize(2);
    }

    @Test
    void iterationsBoundTheItems() {
        ArrivalGenerator generator = start(new LoadSpec.Concurrency(2, null, 3), 100);
        for (int i = 0; i < 10; i++) {
            leave(generator);
        }
        assertThat(sent).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(completed).isTrue();
        assertThat(generator.emitted()).isEqualTo(6);
    }

    @Test
    void anItemThatLeavesWithoutNoticeIsPickedUpByThePeriodicNudge() {
        ArrivalGenerator generator = start(new LoadSpec.Concurrency(1, Duration.ofMinutes(1), 0), 100);
        assertThat(sent).containsExactly(0);

        inside.decrementAndGet(); // no itemLeft()
        assertThat(sent).containsExactly(0);
        timer.advanceTimeBy(Duration.ofMillis(10));

        assertThat(sent).containsExactly(0, 1);
        assertThat(generator.model()).isEqualTo("concurrency");
    }

    @Test
    void arrivalsCarryTheirSendTime() {
        List<Arrival> arrivals = new CopyOnWriteArrayList<>();
        ArrivalGenerator generator = ArrivalGenerator.of(new LoadSpec.Concurrency(1, null, 1), Clock.monotonic());
        long before = System.nanoTime();
        generator.arrivals(List.of("x"), inside::get, inside::incrementAndGet, () -> { }, timer).subscribe(arrivals::add);
        assertThat(arrivals).singleElement().satisfies(a -> assertThat(a.dueNanos()).isGreaterThanOrEqualTo(before));
    }
}
