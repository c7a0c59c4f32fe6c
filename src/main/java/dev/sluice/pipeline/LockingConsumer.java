package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.WorkSpec;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.scheduler.Scheduler;

/**
 * Seed experiment 4, the threaded version: the start flag and the shared counter sit behind one lock.
 * A consumer checks the flag under the lock every {@code poll} until it is set, then counts, holding
 * its thread through each pause and taking the lock for each count. Tallies: {@code polls} (flag checks
 * that found it unset), {@code lock.waits} (times the lock was already held), {@code start.lag.max.us}
 * (longest time from the signal to a consumer seeing it) and {@code shared.count} (the counter).
 */
final class LockingConsumer implements StageLogic.Sync {

    private final WorkSpec.Consumer spec;
    private final StageMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private final Producer producer;
    private boolean started; // guarded by lock
    private long shared; // guarded by lock

    LockingConsumer(WorkSpec.Consumer spec, Scheduler timer, StageMetrics metrics) {
        this.spec = spec;
        this.metrics = metrics;
        this.producer = new Producer(spec.startAfter(), timer, () -> {
            locked();
            try {
                started = true;
            } finally {
                lock.unlock();
            }
        });
        metrics.tally("polls", 0);
        metrics.tally("lock.waits", 0);
    }

    @Override
    public Object apply(Object value) throws InterruptedException {
        producer.consumerArrived();
        long polls = 0;
        while (true) {
            locked();
            try {
                if (started) {
                    break;
                }
            } finally {
                lock.unlock();
            }
            polls++;
            Thread.sleep(spec.poll());
        }
        metrics.peak("start.lag.max.us", producer.microsSinceSignal());
        metrics.tally("polls", polls);
        for (int i = 0; i < spec.counts(); i++) {
            Thread.sleep(spec.pause());
            long now;
            locked();
            try {
                now = ++shared;
            } finally {
                lock.unlock();
            }
            metrics.peak("shared.count", now);
        }
        return (long) spec.counts();
    }

    /** Takes the lock, counting the times another thread held it. */
    private void locked() {
        if (!lock.tryLock()) {
            metrics.tally("lock.waits", 1);
            lock.lock();
        }
    }
}
