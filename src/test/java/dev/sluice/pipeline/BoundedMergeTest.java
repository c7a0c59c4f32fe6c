package dev.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@Timeout(30)
class BoundedMergeTest {

    /** Completes on another thread after a delay that falls as the value grows (so later items finish first). */
    private static Mono<Integer> slowFirst(int v) {
        return Mono.just(v).delayElement(Duration.ofMillis(Math.max(0, 20 - v)), Schedulers.parallel());
    }

    @Test
    void inputOrderIsKeptWhenAskedFor() {
        StepVerifier.create(BoundedMerge.of(Flux.range(0, 20), BoundedMergeTest::slowFirst, 8, true))
                .expectNextSequence(java.util.stream.IntStream.range(0, 20).boxed().toList())
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void completionOrderLetsQuickItemsOut() {
        List<Integer> out = BoundedMerge.of(Flux.range(0, 4), v -> v == 0
                        ? Mono.just(v).delayElement(Duration.ofMillis(200), Schedulers.parallel())
                        : Mono.just(v).publishOn(Schedulers.parallel()), 4, false)
                .collectList().block(Duration.ofSeconds(10));
        assertThat(out).containsExactlyInAnyOrder(0, 1, 2, 3).last().isEqualTo(0);
    }

    @RepeatedTest(20)
    void neverHoldsMoreThanItsConcurrencyAndEveryItemComesOut() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> out = BoundedMerge.of(Flux.range(0, 2000), v -> Mono.fromCallable(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    return v;
                }).subscribeOn(Schedulers.parallel()).doOnNext(x -> running.decrementAndGet()), 16, false)
                .collectList().block(Duration.ofSeconds(20));
        assertThat(out).hasSize(2000).doesNotHaveDuplicates();
        assertThat(most.get()).isBetween(1, 16);
    }

    @Test
    void downstreamDemandIsRespected() {
        StepVerifier.create(BoundedMerge.of(Flux.range(0, 100), v -> Mono.just(v).publishOn(Schedulers.parallel()), 10, true), 3)
                .expectNext(0, 1, 2)
                .expectNoEvent(Duration.ofMillis(100))
                .thenRequest(97)
                .expectNextCount(97)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anItemThatFailsLeavesWithoutHoldingUpTheRest() {
        // Empty = failed (the task counted it); in input order the next items still come.
        StepVerifier.create(BoundedMerge.of(Flux.range(0, 6), v -> v % 2 == 0
                        ? Mono.<Integer>empty().delaySubscription(Duration.ofMillis(5), Schedulers.parallel())
                        : Mono.just(v).publishOn(Schedulers.parallel()), 3, true))
                .expectNext(1, 3, 5)
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anUpstreamErrorIsPassedOn() {
        StepVerifier.create(BoundedMerge.of(Flux.<Integer>error(new IllegalStateException("boom")), Mono::just, 4, false))
                .expectErrorMessage("boom")
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void anEmptyUpstreamCompletes() {
        StepVerifier.create(BoundedMerge.of(Flux.<Integer>empty(), Mono::just, 4, true))
                .expectComplete()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void inInputOrderASlowHeadItemDoesNotStopTheOthersRunning() {
        // Item 0 takes until the other 40 have run; with concurrency 5 they must still run 5 at a time.
        java.util.concurrent.CountDownLatch othersDone = new java.util.concurrent.CountDownLatch(40);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        StepVerifier.create(BoundedMerge.of(Flux.range(0, 41), v -> v == 0
                        ? Mono.fromCallable(() -> othersDone.await(10, java.util.concurrent.TimeUnit.SECONDS) ? v : -1)
                                .subscribeOn(Schedulers.boundedElastic())
                        : Mono.fromCallable(() -> {
                            most.accumulateAndGet(running.incrementAndGet(), Math::max);
                            Thread.sleep(5);
                            running.decrementAndGet();
                            othersDone.countDown();
                            return v;
                        }).subscribeOn(Schedulers.boundedElastic()), 5, true))
                .expectNextSequence(java.util.stream.IntStream.range(0, 41).boxed().toList())
                .expectComplete()
                .verify(Duration.ofSeconds(20));
        // Four run beside the head item: a merge that counts held items would have let none run.
        assertThat(most.get()).isEqualTo(4);
        assertThat(BoundedMerge.window(5)).isEqualTo(69);
    }

    @Test
    void theReorderWindowBoundsWhatIsHeld() {
        // The head item waits until nothing more is asked for; the stage must stop at its window.
        AtomicInteger started = new AtomicInteger();
        reactor.core.publisher.Sinks.One<Integer> head = reactor.core.publisher.Sinks.one();
        Flux<Integer> merged = BoundedMerge.of(Flux.range(0, 1000).doOnNext(v -> started.incrementAndGet()),
                v -> v == 0 ? head.asMono() : Mono.just(v).publishOn(Schedulers.parallel()), 2, true);
        StepVerifier.create(merged)
                .then(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (started.get() < BoundedMerge.window(2) && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                })
                .expectNoEvent(Duration.ofMillis(100))
                .then(() -> {
                    assertThat(started.get()).isEqualTo((int) BoundedMerge.window(2));
                    head.tryEmitValue(0);
                })
                .expectNextCount(1000)
                .expectComplete()
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void cancellingTheStageCancelsItsRunningTasks() {
        AtomicInteger cancelled = new AtomicInteger();
        reactor.core.Disposable d = BoundedMerge.of(Flux.range(0, 10),
                v -> Mono.<Integer>never().doOnCancel(cancelled::incrementAndGet), 4, true).subscribe();
        d.dispose();
        assertThat(cancelled.get()).isEqualTo(4);
    }
}
