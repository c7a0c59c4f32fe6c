package dev.sluice.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.metrics.Clock;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.BufferSpec;
import dev.sluice.profile.PolicySpec;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.profile.WorkSpec;
import dev.sluice.schedule.RxSchedulers;
import dev.sluice.schedule.SchedulerFactory;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stage logic is engine-independent: a stage whose work is given as an RxJava publisher runs on the
 * Reactor engine, and one given as a Reactor publisher runs on the RxJava engine, through Reactive Streams.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineInteropTest {

    private static StagePlan plan(String name, StageLogic logic, SchedulerSpec scheduler, int concurrency) {
        StageSpec spec = new StageSpec(name, new WorkSpec.Identity(), scheduler, concurrency, StageSpec.Order.ORDERED,
                BufferSpec.NONE, PolicySpec.NONE, false);
        return new StagePlan(spec, logic, new StageMetrics(name), null, null);
    }

    /** Doubles the number after a wait, written with RxJava. */
    private static final StageLogic.Async RX_DOUBLE = value -> Single.timer(5, TimeUnit.MILLISECONDS)
            .map(t -> 2 * (Long) value).toFlowable();
    /** Adds one after a wait, written with Reactor. */
    private static final StageLogic.Async REACTOR_PLUS_ONE = value -> Mono.delay(Duration.ofMillis(5))
            .map(t -> 1 + (Long) value);
    /** Squares on the stage's thread: blocking logic, the same for both. */
    private static final StageLogic.Sync SQUARE = value -> (Long) value * (Long) value;

    private static List<Item> items() {
        return java.util.stream.LongStream.range(0, 50).mapToObj(Item::new).toList();
    }

    private static List<Object> values(Publisher<Item> out) {
        return Flux.from(out).map(i -> (Object) i.value).collectList().block(Duration.ofSeconds(20));
    }

    private static final List<Object> EXPECTED = java.util.stream.LongStream.range(0, 50)
            .mapToObj(v -> (Object) ((2 * v + 1) * (2 * v + 1))).toList();

    private static List<StagePlan> plans() {
        return List.of(plan("double", RX_DOUBLE, new SchedulerSpec.EventLoop(), 16),
                plan("plus", REACTOR_PLUS_ONE, new SchedulerSpec.Virtual(), 16),
                plan("square", SQUARE, new SchedulerSpec.BoundedElastic(4, 100), 4));
    }

    @Test
    void reactorPublishersAndRxJavaPublishersRunOnTheReactorEngine() {
        try (SchedulerFactory schedulers = new SchedulerFactory()) {
            ReactorStages stages = new ReactorStages(schedulers, new ItemRunner(Clock.monotonic()));
            assertThat(values(stages.assemble(Flux.fromIterable(items()), plans()))).isEqualTo(EXPECTED);
        }
    }

    @Test
    void reactorPublishersAndRxJavaPublishersRunOnTheRxJavaEngine() {
        try (RxSchedulers schedulers = new RxSchedulers()) {
            RxJavaStages stages = new RxJavaStages(schedulers, new ItemRunner(Clock.monotonic()));
            Flowable<Item> out = stages.assemble(Flowable.fromIterable(items()), plans());
            assertThat(values(out)).isEqualTo(EXPECTED);
        }
    }

    @Test
    void aFailingItemIsCountedAndLeavesTheRestAlone() {
        StageLogic.Async failOnSeven = value -> (Long) value == 7
                ? Flowable.error(new IllegalStateException("seven")) : Flowable.just(value);
        for (Function<List<StagePlan>, Publisher<Item>> engine : List.<Function<List<StagePlan>, Publisher<Item>>>of(
                p -> new ReactorStages(new SchedulerFactory(), new ItemRunner(Clock.monotonic()))
                        .assemble(Flux.fromIterable(items()), p),
                p -> new RxJavaStages(new RxSchedulers(), new ItemRunner(Clock.monotonic()))
                        .assemble(Flowable.fromIterable(items()), p))) {
            StagePlan stage = plan("fail", failOnSeven, new SchedulerSpec.EventLoop(), 8);
            assertThat(values(engine.apply(List.of(stage)))).hasSize(49).doesNotContain(7L);
            assertThat(stage.metrics().errorCount()).isEqualTo(1);
        }
    }
}
