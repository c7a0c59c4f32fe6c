package dev.sluice.pipeline;

import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Waits without holding a thread: a timer fires after the duration and the item goes on. */
final class SleepWork implements StageLogic.Async {

    private final Duration duration;
    private final Scheduler timer;

    SleepWork(Duration duration, Scheduler timer) {
        this.duration = duration;
        this.timer = timer;
    }

    @Override
    public Publisher<?> apply(Object value) {
        return Mono.delay(duration, timer).thenReturn(value);
    }
}
