package dev.sluice.schedule;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.SchedulerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Makes the schedulers of one run, each over an executor of its own, with threads named
 * {@code sluice-STAGE-N} so thread dumps say which stage a thread belongs to.
 *
 * <ul>
 *   <li>Every {@code single} stage of a run shares one thread, {@code sluice-single}: the plain loop,
 *       each item going through those stages in turn.
 *   <li>{@code parallel} and {@code bounded-elastic} are fixed pools with one shared queue, like
 *       {@code ThreadPoolExecutor(max_workers=N)}: an idle thread takes the next waiting item. (Reactor's
 *       own parallel and bounded-elastic schedulers pin each task to a thread chosen up front, so a
 *       long item can hold others back while threads sit idle.)
 *   <li>{@code virtual} starts a virtual thread per task.
 *   <li>{@code io} is an unbounded pool: an idle thread takes a task, else a new thread starts.
 *   <li>{@code event-loop} adds no thread: non-blocking I/O runs on Reactor Netty's loops.
 * </ul>
 *
 * Every thread is a daemon. {@link #close()} interrupts them and waits (bounded) until they end, so
 * nothing of a run outlives it.
 */
public final class SchedulerFactory implements AutoCloseable {

    /** Seconds an idle pool thread lives before it is let go. */
    private static final int IDLE_TTL_SECONDS = 60;
    /** How long {@link #close()} waits for the run's threads to end. */
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** The key of the shared single thread's queue (not a valid stage name). */
    private static final String SHARED_SINGLE = "\u0000single";

    private final List<ExecutorService> executors = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();
    private final List<Scheduler> made = new ArrayList<>();
    private @Nullable Scheduler single;
    private final Queues queues = new Queues();

    /** A scheduler for the stage. Called on the assembling thread. */
    public synchronized Scheduler create(String stageName, SchedulerSpec spec) {
        requireNonNull(stageName, "stageName");
        String name = "sluice-" + stageName;
        return switch (spec) {
            case SchedulerSpec.Single s -> {
                if (single == null) {
                    ThreadPoolExecutor loop = (ThreadPoolExecutor) Executors.newScheduledThreadPool(1, threads("sluice-single"));
                    queues.watch(SHARED_SINGLE, loop);
                    single = scheduler("sluice-single", loop);
                }
                queues.share(stageName, SHARED_SINGLE);
                yield single;
            }
            case SchedulerSpec.Parallel p -> scheduler(name, queues.watch(stageName, pool(name, p.threads(), Integer.MAX_VALUE)));
            case SchedulerSpec.BoundedElastic b -> scheduler(name, queues.watch(stageName, pool(name, b.threads(), b.queue())));
            case SchedulerSpec.Virtual v ->
                    scheduler(name, Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 1).factory()));
            case SchedulerSpec.Io io -> scheduler(name, queues.watch(stageName, cached(name)));
            // No hop: the stage runs where its items arrive, and non-blocking I/O completes on Netty's loops.
            case SchedulerSpec.EventLoop e -> Schedulers.immediate();
            // Answers arrive on the workers' reader threads; the item goes on from there.
            case SchedulerSpec.Process p -> Schedulers.immediate();
        };
    }

    /**
     * Tasks waiting in the queue of the stage's scheduler now (for the report's timeline and the metrics
     * endpoint); always 0 for a scheduler without one (virtual, event-loop, process). Stages on
     * {@code single} share its queue.
     */
    public LongSupplier queued(String stageName) {
        return queues.of(stageName);
    }

    /** A single-thread timer for non-blocking delays, shared by the run's sleep stages. */
    public synchronized Scheduler timer() {
        return scheduler("sluice-timer", Executors.newSingleThreadScheduledExecutor(threads("sluice-timer")));
    }

    /**
     * The thread the source emits on. The source gets its own so that the thread that started the run
     * stays free to watch it (progress, Ctrl-C) even when the first stage asks for everything at once.
     */
    public synchronized Scheduler source() {
        return scheduler("sluice-source", Executors.newSingleThreadExecutor(threads("sluice-source")));
    }

    /** Unbounded: an idle thread is reused, else a new one starts; idle threads go after 60 s (RxJava's io()). */
    static ThreadPoolExecutor cached(String name) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_TTL_SECONDS, TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), threads(name));
    }

    static ThreadPoolExecutor pool(String name, int threads, int queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_TTL_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(queue), threads(name));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private Scheduler scheduler(String name, ExecutorService executor) {
        executors.add(executor);
        Scheduler scheduler = Schedulers.fromExecutorService(executor, name);
        made.add(scheduler);
        return scheduler;
    }

    static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Something else of the run to close with its threads, e.g. a stage's HTTP clients. */
    public synchronized void closeWithRun(AutoCloseable resource) {
        others.add(resource);
    }

    /** Interrupts every thread of the run and waits up to 5 s in all for them to end. */
    @Override
    public synchronized void close() {
        for (AutoCloseable resource : others) {
            try {
                resource.close();
            } catch (Exception e) {
                // Closing is best effort: the run is over and its result is what matters.
            }
        }
        others.clear();
        made.forEach(Scheduler::dispose);
        stopAll(executors);
        made.clear();
        single = null;
    }

    /** Interrupts the executors' threads and waits up to 5 s in all for them to end; empties the list. */
    static void stopAll(List<ExecutorService> executors) {
        executors.forEach(ExecutorService::shutdownNow);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
        for (ExecutorService executor : executors) {
            try {
                executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        executors.clear();
    }
}
