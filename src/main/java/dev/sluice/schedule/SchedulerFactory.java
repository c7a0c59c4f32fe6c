package dev.sluice.schedule;

import static java.util.Objects.requireNonNull;

import dev.sluice.profile.SchedulerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Makes the Reactor schedulers of one run, named {@code sluice-STAGE} so thread dumps and metrics say
 * which stage a thread belongs to. Every {@code single} stage of a run shares one thread,
 * {@code sluice-single}: that is the plain loop, each item going through those stages in turn (a stage
 * that wants a thread of its own says {@code {kind: parallel, threads: 1}}). Every thread is a daemon;
 * {@link #close()} disposes them all, so nothing outlives the run.
 */
public final class SchedulerFactory implements AutoCloseable {

    /** Seconds an idle bounded-elastic thread lives before it is let go. */
    private static final int IDLE_TTL_SECONDS = 60;

    private final List<Scheduler> made = new ArrayList<>();
    private @Nullable Scheduler single;

    /** A fresh scheduler for the stage. Called on the assembling thread. */
    public synchronized Scheduler create(String stageName, SchedulerSpec spec) {
        requireNonNull(stageName, "stageName");
        String name = "sluice-" + stageName;
        Scheduler scheduler = switch (spec) {
            case SchedulerSpec.Single s -> {
                if (single == null) {
                    single = Schedulers.newSingle("sluice-single", true);
                    made.add(single);
                }
                yield single;
            }
            case SchedulerSpec.Parallel p -> Schedulers.newParallel(name, p.threads(), true);
            case SchedulerSpec.BoundedElastic b ->
                    Schedulers.newBoundedElastic(b.threads(), b.queue(), name, IDLE_TTL_SECONDS, true);
            case SchedulerSpec.Virtual v -> virtual(name);
        };
        if (!made.contains(scheduler)) {
            made.add(scheduler);
        }
        return scheduler;
    }

    /** A single-thread timer for non-blocking delays, shared by the run's sleep stages. */
    public synchronized Scheduler timer() {
        Scheduler timer = Schedulers.newSingle("sluice-timer", true);
        made.add(timer);
        return timer;
    }

    /**
     * One new virtual thread per task. Reactor's own virtual-thread bounded-elastic caps itself at
     * 10 x cores threads; here the stage's concurrency is the only bound, as the profile says.
     */
    private static Scheduler virtual(String name) {
        ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-", 1).factory());
        return Schedulers.fromExecutorService(executor, name);
    }

    @Override
    public synchronized void close() {
        made.forEach(Scheduler::dispose);
        made.clear();
        single = null;
    }
}
