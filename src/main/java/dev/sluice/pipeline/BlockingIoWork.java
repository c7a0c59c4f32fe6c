package dev.sluice.pipeline;

import java.time.Duration;

/** Blocks its thread for a fixed time, standing for a blocking call; on a virtual thread it unmounts. */
final class BlockingIoWork implements StageLogic.Sync {

    private final Duration duration;

    BlockingIoWork(Duration duration) {
        this.duration = duration;
    }

    @Override
    public Object apply(Object value) throws InterruptedException {
        Thread.sleep(duration);
        return value;
    }
}
