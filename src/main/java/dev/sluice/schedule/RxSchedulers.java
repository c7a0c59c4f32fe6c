package dev.sluice.schedule;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.SchedulerSpec;
import io.reactivex.rxjava3.core.Scheduler;
import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import io.reactivex.rxjava3.schedulers.Schedulers;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * The RxJava schedulers of one run ({@code engine: rxjava}), each a fresh instance of RxJava's own kind
 * where RxJava has one, so nothing is shared with another run or with RxJava's global schedulers:
 *
 * <ul>
 *   <li>{@code single}: RxJava's single scheduler, one per run, shared by the run's single stages.
 *   <li>{@code parallel}: RxJava's computation scheduler (one event loop per core, tasks dealt out
 *       round-robin), or {@code Schedulers.from} a fixed pool when the threads are not one per core.
 *   <li>{@code io}: RxJava's io scheduler, unbounded, reusing idle threads.
 *   <li>{@code bounded-elastic}: {@code Schedulers.from} a fixed pool with a queue, as under Reactor.
 *   <li>{@code virtual}: {@code Schedulers.from} a virtual-thread-per-task executor.
 *   <li>{@code event-loop} and {@code process}: none; items complete on Netty's loops or a worker's reader.
 * </ul>
 *
 * Executors are interruptible, so a stopped run interrupts blocking work. {@link #close()} shuts every
 * scheduler and executor down and waits (bounded) for their threads.
 */
public final class RxSchedulers implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RxSchedulers.class);

    private final List<Scheduler> made = new ArrayList<>();
    private final List<ExecutorService> executors = new ArrayList<>();
    private @Nullable Scheduler single;
    private final Queues queues = new Queues();

    public RxSchedulers() {
        // An error RxJava cannot deliver (a task failing after its stage was cancelled, as a stopped run's
        // interrupted work does) would otherwise be printed as a stack trace. Reactor drops these too.
        if (RxJavaPlugins.getErrorHandler() == null) {
            RxJavaPlugins.setErrorHandler(e -> LOG.debug("dropped after cancellation: {}", e.toString()));
        }
    }

    /** The stage's scheduler; null when the stage adds no hop (event-loop, process). */
    public synchronized @Nullable Scheduler create(String stageName, SchedulerSpec spec) {
        requireNonNull(stageName, "stageName");
        String name = "sluice-rx-" + stageName;
        return switch (spec) {
            case SchedulerSpec.Single s -> {
                if (single == null) {
                    single = made(RxJavaPlugins.createSingleScheduler(SchedulerFactory.threads("sluice-rx-single")));
                }
                yield single;
            }
            case SchedulerSpec.Parallel p -> p.threads() == SchedulerSpec.Parallel.defaultThreads()
                    ? made(RxJavaPlugins.createComputationScheduler(SchedulerFactory.threads(name)))
                    : from(queues.watch(stageName, SchedulerFactory.pool(name, p.threads(), Integer.MAX_VALUE)));
            case SchedulerSpec.Io io -> made(RxJavaPlugins.createIoScheduler(SchedulerFactory.threads(name)));
            case SchedulerSpec.BoundedElastic b -> from(queues.watch(stageName, SchedulerFactory.pool(name, b.threads(), b.queue())));
            case SchedulerSpec.Virtual v ->
                    from(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 1).factory()));
            case SchedulerSpec.EventLoop e -> null;
            case SchedulerSpec.Process p -> null;
        };
    }

    /**
     * Tasks waiting in the queue of the stage's pool now, where it runs on one of sluice's pools
     * (bounded-elastic, parallel other than one per core); 0 for RxJava's own schedulers, whose queues
     * are per worker and cannot be read.
     */
    public LongSupplier queued(String stageName) {
        return queues.of(stageName);
    }

    private Scheduler made(Scheduler scheduler) {
        made.add(scheduler);
        return scheduler;
    }

    private Scheduler from(ExecutorService executor) {
        executors.add(executor);
        // Interruptible, and not fair: a worker runs its tasks back to back, as RxJava's own schedulers do.
        return made(Schedulers.from(executor, true, false));
    }

    @Override
    public synchronized void close() {
        made.forEach(Scheduler::shutdown);
        SchedulerFactory.stopAll(executors);
        made.clear();
        single = null;
    }
}
