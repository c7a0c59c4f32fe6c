package dev.sluice.schedule;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;

/** The queues of a run's pools by stage, read live: how many tasks wait for a thread. */
final class Queues {

    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();

    /** Watches {@code pool}'s queue for {@code stage}; returns the pool. */
    ThreadPoolExecutor watch(String stage, ThreadPoolExecutor pool) {
        pools.put(stage, pool);
        return pool;
    }

    /** {@code stage} waits in the queue watched for {@code owner} (stages sharing one thread). */
    void share(String stage, String owner) {
        ThreadPoolExecutor pool = pools.get(owner);
        if (pool != null) {
            pools.put(stage, pool);
        }
    }

    /** The queue length of the stage's pool, read when asked; 0 for a stage without one. */
    LongSupplier of(String stage) {
        return () -> {
            ThreadPoolExecutor pool = pools.get(stage);
            return pool == null ? 0 : pool.getQueue().size();
        };
    }
}
