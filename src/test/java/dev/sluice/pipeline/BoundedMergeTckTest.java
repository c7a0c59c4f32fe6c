package dev.sluice.pipeline;

import dev.sluice.tck.TckRules;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Publisher;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.TestEnvironment;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BoundedMerge, sluice's own merging operator, passes the Reactive Streams TCK in both orders. */
@Timeout(120)
class BoundedMergeTckTest {

    /** 1, 2, ..., n, for any n up to Long.MAX_VALUE (the TCK asks for that many). */
    private static Flux<Long> upTo(long n) {
        return Flux.generate(() -> 0L, (i, sink) -> {
            if (i >= n) {
                sink.complete();
            } else {
                sink.next(i + 1);
            }
            return i + 1;
        });
    }

    static final class Verification extends PublisherVerification<Long> {
        private final boolean ordered;

        Verification(boolean ordered) {
            super(new TestEnvironment(300, 50));
            this.ordered = ordered;
        }

        @Override
        public Publisher<Long> createPublisher(long elements) {
            // Each item's task completes on another thread, as a stage's do.
            return BoundedMerge.of(upTo(elements), v -> Mono.just(v).publishOn(Schedulers.parallel()), 8, ordered);
        }

        @Override
        public Publisher<Long> createFailedPublisher() {
            return BoundedMerge.of(Flux.error(new IllegalStateException("failed upstream")), Mono::just, 8, ordered);
        }
    }

    @TestFactory
    Stream<DynamicTest> inInputOrder() {
        return TckRules.of(new Verification(true));
    }

    @TestFactory
    Stream<DynamicTest> asTheyComplete() {
        return TckRules.of(new Verification(false));
    }
}
