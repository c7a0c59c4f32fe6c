package dev.sluice.bridge;

import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The {@code process} scheduler: a fixed number of worker slots, each holding a live worker process.
 * Items wait in the pool until a worker has room (fewer than {@code max-in-flight} unanswered), then
 * go to the worker that holds the fewest. A worker that dies is replaced (with {@code restart:
 * on-crash}); the items it held go to another worker, each at most {@code crashRetries} times. A
 * worker that answers nothing for {@code item-timeout} while it holds items is killed.
 *
 * <p>Thread-safe. Callbacks run on a worker's reader thread (or the caller's, for an item that fails
 * at once), never while the pool's lock is held.
 */
public final class ProcessPool implements AutoCloseable {

    /** Where an item's answer goes. */
    public interface Callback {
        void done(@Nullable Object value);

        void failed(Throwable error);
    }

    /** What the pool did over its life. */
    public record Stats(int workers, int started, int restarts, int crashes, int hung, long retried,
            double startupMeanMs, double startupMaxMs, double cpuSeconds, long itemsSent, long framesSent,
            int peakHeld) {
    }

    /** The work a worker may hold at once, in ns of its measured pace (see {@link #holdLimit}). */
    static final long HOLD_NANOS = 20_000_000;

    private final String stage;
    private final SchedulerSpec.Process spec;
    private final Map<String, Object> work;
    private final List<List<String>> commands;
    private final int crashRetries;
    private final PrintStream log;
    private final WorkerProcess[] slots;
    private final List<WorkerProcess> everyWorker = new ArrayList<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    /** Starts every worker, and stays alive for the run: it is the parent the kernel watches. */
    private final ExecutorService launcher;
    private final ScheduledExecutorService watchdog;
    private final WorkerProcess.Listener listener = new Listener();
    private boolean closing;
    private int restartsPending;
    private @Nullable String lastStartFailure;
    private int started;
    private int restarts;
    private int crashes;
    private int hung;
    private long retried;
    private long itemsSent;
    private int peakHeld;

    private ProcessPool(String stage, SchedulerSpec.Process spec, Map<String, Object> work, int crashRetries,
            PrintStream log) {
        this.stage = stage;
        this.spec = spec;
        this.work = Map.copyOf(work);
        List<List<String>> perSlot = new ArrayList<>();
        for (int slot = 0; slot < spec.workers(); slot++) {
            perSlot.add(WorkerCommandLine.of(spec, slot));
        }
        this.commands = List.copyOf(perSlot);
        this.crashRetries = crashRetries;
        this.log = log;
        this.slots = new WorkerProcess[spec.workers()];
        this.launcher = Executors.newSingleThreadExecutor(r -> daemon(r, "sluice-" + stage + "-launcher"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sluice-" + stage + "-watchdog"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts every worker and waits until each is ready. Throws {@link WorkerStartException} (one line:
     * the command, the reason, its stderr) when one cannot start; nothing is left running then.
     */
    public static ProcessPool start(String stage, SchedulerSpec.Process spec, Map<String, Object> work,
            int crashRetries, PrintStream log) {
        ProcessPool pool = new ProcessPool(stage, spec, work, crashRetries, log);
        try {
            List<WorkerProcess> starting = new ArrayList<>();
            for (int slot = 0; slot < spec.workers(); slot++) {
                starting.add(pool.spawn(slot));
            }
            for (WorkerProcess w : starting) {
                pool.awaitReady(w);
            }
            synchronized (pool) {
                for (WorkerProcess w : starting) {
                    pool.slots[w.slot] = w;
                    w.lastHeardNanos = System.nanoTime();
                }
            }
        } catch (WorkerStartException e) {
            pool.close();
            throw e;
        }
        long tick = Math.max(10, Math.min(500, spec.itemTimeout().toMillis() / 4));
        pool.watchdog.scheduleWithFixedDelay(pool::watch, tick, tick, TimeUnit.MILLISECONDS);
        return pool;
    }

    /** Spawns a worker on the launcher thread (from any other thread). */
    private WorkerProcess spawn(int slot) {
        try {
            return launcher.submit(() -> spawnHere(slot)).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof WorkerStartException w ? w
                    : new WorkerStartException(startFailure(slot, "could not be started: " + e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerStartException(startFailure(slot, "was interrupted while it started"));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new WorkerStartException(startFailure(slot, "was not started: the stage is closing"));
        }
    }

    /** Spawns a worker on this thread, which must be the launcher (the parent the kernel watches). */
    private WorkerProcess spawnHere(int slot) {
        try {
            WorkerProcess w = WorkerProcess.start(commands.get(slot), slot, stage, work, spec.init(), spec.batch(),
                    listener, log);
            synchronized (this) {
                everyWorker.add(w);
            }
            return w;
        } catch (IOException e) {
            throw new WorkerStartException(startFailure(slot, "could not be started: " + e.getMessage()));
        }
    }

    private void awaitReady(WorkerProcess w) {
        try {
            w.awaitReady(spec.startTimeout());
            synchronized (this) {
                started++;
            }
        } catch (WorkerStartException e) {
            throw new WorkerStartException(startFailure(w.slot, e.getMessage()));
        }
    }

    private String startFailure(int slot, String why) {
        return "stage '" + stage + "': worker " + slot + " (" + String.join(" ", shown(commands.get(slot))) + ") " + why;
    }

    /** The command as a user wrote it: without the setpriv prefix, the long class path shortened. */
    private static List<String> shown(List<String> command) {
        List<String> out = new ArrayList<>();
        int from = command.size() > 4 && command.get(0).endsWith("setpriv") ? 4 : 0;
        for (int i = from; i < command.size(); i++) {
            String word = command.get(i);
            out.add(word.length() > 80 ? word.substring(0, 40) + "..." : word);
        }
        return out;
    }

    /** Hands an item to the pool; the returned action cancels it (best effort, any thread). */
    public Runnable submit(Object value, Callback callback) {
        Pending p = new Pending(ids.getAndIncrement(), value, callback);
        String refused;
        synchronized (this) {
            refused = closing ? "the stage's worker pool is closed"
                    : liveWorkers() == 0 && restartsPending == 0 ? noWorkerLeft() : null;
            if (refused == null) {
                waiting.addLast(p);
                dispatch();
            }
        }
        if (refused != null) {
            callback.failed(new WorkerCrashedException(refused));
        }
        return () -> cancel(p);
    }

    private void cancel(Pending p) {
        p.cancelled = true;
        synchronized (this) {
            WorkerProcess w = p.worker;
            if (w == null) {
                waiting.remove(p);
            } else if (w.inFlight.remove(p.id) != null) {
                w.held--;
                w.cancel(List.of(p.id));
                dispatch();
            }
        }
    }

    /**
     * Moves waiting items to workers with room. An item back from a worker that died is a suspect: it
     * goes alone to an idle worker, which gets nothing more until it answers, so that a worker that
     * dies again can be blamed on that item only. Holds the lock.
     */
    private void dispatch() {
        while (!waiting.isEmpty()) {
            Pending p = waiting.peekFirst();
            if (p.cancelled) {
                waiting.pollFirst();
                continue;
            }
            WorkerProcess best = null;
            for (WorkerProcess w : slots) {
                boolean room = p.suspect ? w != null && w.held == 0 : w != null && w.held < holdLimit(w);
                if (room && !w.dead && !w.isolating && (best == null || w.held < best.held)) {
                    best = w;
                }
            }
            if (best == null) {
                return;
            }
            waiting.pollFirst();
            if (best.held == 0) {
                best.lastHeardNanos = System.nanoTime(); // idle time does not count towards item-timeout
            }
            best.isolating = p.suspect;
            best.held++;
            peakHeld = Math.max(peakHeld, best.held);
            itemsSent++;
            best.inFlight.put(p.id, p);
            p.worker = best;
            best.send(p);
        }
    }

    /**
     * How many items a worker may hold now: max-in-flight, but no more than ~{@link #HOLD_NANOS} of its
     * work at the pace it answers (at least 2, so it never waits for the next item). Slow items are
     * thus dealt out a few at a time, and no worker is left with a long queue while another runs dry
     * at the end of a run (a fixed deep queue cost 10 ms items ~10% against in-process threads).
     */
    private int holdLimit(WorkerProcess w) {
        if (w.itemNanos <= 0) {
            return spec.maxInFlight();
        }
        long pace = HOLD_NANOS / w.itemNanos;
        return (int) Math.max(2, Math.min(spec.maxInFlight(), pace));
    }

    private int liveWorkers() {
        int n = 0;
        for (WorkerProcess w : slots) {
            if (w != null && !w.dead) {
                n++;
            }
        }
        return n;
    }

    private String noWorkerLeft() {
        return "stage '" + stage + "': no worker is left to take the item"
                + (lastStartFailure == null ? " (restart: never)" : "; the last restart failed: " + lastStartFailure);
    }

    private final class Listener implements WorkerProcess.Listener {
        @Override
        public void onResults(WorkerProcess worker, List<Object[]> results) {
            List<Object[]> answered = new ArrayList<>(results.size());
            synchronized (ProcessPool.this) {
                long now = System.nanoTime();
                int known = 0;
                for (Object[] r : results) {
                    Pending p = worker.inFlight.remove((Long) r[0]);
                    if (p != null) {
                        known++;
                        answered.add(new Object[] {p, r[1], r[2]});
                    }
                }
                if (known > 0) {
                    // Its pace: the time since it last answered (or got busy), per item answered now.
                    long perItem = Math.max(1, (now - worker.lastHeardNanos) / known);
                    worker.itemNanos = worker.itemNanos <= 0 ? perItem : (worker.itemNanos * 3 + perItem) / 4;
                    worker.held -= known;
                    worker.isolating = false;
                    worker.lastHeardNanos = now;
                }
                dispatch();
            }
            for (Object[] a : answered) {
                Pending p = (Pending) a[0];
                if (p.cancelled) {
                    continue;
                }
                if ((Boolean) a[1]) {
                    p.callback.done(a[2]);
                } else {
                    p.callback.failed(new WorkerItemException(String.valueOf(a[2])));
                }
            }
        }

        @Override
        public void onExit(WorkerProcess worker, String why) {
            List<Object[]> failures = new ArrayList<>();
            synchronized (ProcessPool.this) {
                if (slots[worker.slot] != worker) {
                    return; // one that never became ready: its start reported it
                }
                worker.dead = true;
                worker.sampleCpu();
                slots[worker.slot] = null;
                boolean expected = closing || worker.stopping() || worker.hung;
                if (!expected) {
                    crashes++;
                }
                boolean replaced = !closing && spec.restart() == SchedulerSpec.Process.Restart.ON_CRASH;
                // Which of its items killed it cannot be told when it held several (a worker may answer in
                // batches): they all go back as suspects, without counting a try, and are then tried one
                // at a time. A worker that dies holding a single suspect is blamed on that item.
                boolean alone = worker.isolating || worker.inFlight.size() == 1;
                List<Pending> back = new ArrayList<>();
                for (Pending p : worker.inFlight.values()) {
                    p.worker = null;
                    if (p.cancelled || closing) {
                        continue;
                    }
                    if (!alone) {
                        p.suspect = true;
                        retried++;
                        back.add(p);
                    } else if (worker.hung) {
                        failures.add(new Object[] {p, new ItemTimeoutException("no answer from " + worker.describe()
                                + " for " + Units.format(spec.itemTimeout()) + " (item-timeout) while it worked on the"
                                + " item alone; the worker was killed" + (replaced ? " and replaced" : ""))});
                    } else if (p.crashes++ < crashRetries) {
                        retried++;
                        back.add(p);
                    } else {
                        failures.add(new Object[] {p, new WorkerCrashedException(worker.describe()
                                + " died while it worked on the item alone: " + why + " (the item killed " + p.crashes
                                + (p.crashes == 1 ? " worker" : " workers") + ")")});
                    }
                }
                for (int i = back.size() - 1; i >= 0; i--) {
                    waiting.addFirst(back.get(i));
                }
                worker.inFlight.clear();
                worker.held = 0;
                if (replaced) {
                    restartsPending++;
                    launcher.execute(() -> restart(worker.slot));
                }
                if (!expected) {
                    log.println("[" + stage + " worker " + worker.slot + " pid " + worker.pid() + "] died: " + why
                            + (replaced ? "; starting a new one" : ""));
                }
                dispatch();
                if (liveWorkers() == 0 && restartsPending == 0) {
                    failWaiting(failures);
                }
            }
            for (Object[] f : failures) {
                ((Pending) f[0]).callback.failed((Throwable) f[1]);
            }
        }

        @Override
        public void onBye(WorkerProcess worker, double cpuSeconds) {
        }
    }

    /** Every waiting item fails: no worker is left and none is coming. Holds the lock. */
    private void failWaiting(List<Object[]> failures) {
        Pending p;
        while ((p = waiting.pollFirst()) != null) {
            if (!p.cancelled) {
                failures.add(new Object[] {p, new WorkerCrashedException(noWorkerLeft())});
            }
        }
    }

    /** Starts a replacement in a slot, on the launcher thread. */
    private void restart(int slot) {
        WorkerProcess w = null;
        String failure = null;
        try {
            w = spawnHere(slot); // restart runs on the launcher thread already
            awaitReady(w);
        } catch (WorkerStartException e) {
            failure = e.getMessage();
        }
        List<Object[]> failures = new ArrayList<>();
        synchronized (this) {
            restartsPending--;
            if (failure == null && !closing) {
                restarts++;
                slots[slot] = w;
                w.lastHeardNanos = System.nanoTime();
                dispatch();
            } else {
                if (failure != null) {
                    lastStartFailure = failure;
                    log.println("[" + stage + " worker " + slot + "] could not be restarted: " + failure);
                }
                if (w != null) {
                    w.kill();
                }
                if (liveWorkers() == 0 && restartsPending == 0) {
                    failWaiting(failures);
                }
            }
        }
        for (Object[] f : failures) {
            ((Pending) f[0]).callback.failed((Throwable) f[1]);
        }
    }

    /** Kills workers that hold items and answered nothing for item-timeout; samples CPU times. */
    private void watch() {
        List<WorkerProcess> hungWorkers = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            long limit = spec.itemTimeout().toNanos();
            for (WorkerProcess w : slots) {
                if (w != null && !w.dead && w.held > 0 && now - w.lastHeardNanos >= limit) {
                    w.dead = true; // no more items go to it; onExit finishes the bookkeeping
                    w.hung = true;
                    hung++;
                    hungWorkers.add(w);
                }
            }
        }
        for (WorkerProcess w : hungWorkers) {
            log.println("[" + stage + " worker " + w.slot + " pid " + w.pid() + "] answered nothing for "
                    + Units.format(spec.itemTimeout()) + " (item-timeout): killing it");
            w.kill();
        }
        for (WorkerProcess w : snapshot()) {
            w.sampleCpu();
        }
    }

    private synchronized List<WorkerProcess> snapshot() {
        return List.copyOf(everyWorker);
    }

    public synchronized Stats stats() {
        double sum = 0;
        double max = 0;
        int n = 0;
        double cpu = 0;
        long frames = 0;
        for (WorkerProcess w : everyWorker) {
            frames += w.framesSent();
            double ms = w.startupMillis();
            if (ms >= 0) {
                sum += ms;
                max = Math.max(max, ms);
                n++;
            }
            cpu += w.cpuSeconds();
        }
        return new Stats(spec.workers(), started, restarts, crashes, hung, retried, n == 0 ? 0 : sum / n, max, cpu,
                itemsSent, frames, peakHeld);
    }

    /**
     * Asks every worker to finish ({@code shutdown}), waits up to shutdown-timeout, then terminates and
     * finally kills what is left. Afterwards no worker of this pool is alive.
     */
    @Override
    public void close() {
        List<WorkerProcess> workers;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            workers = List.copyOf(everyWorker);
            waiting.clear();
        }
        watchdog.shutdownNow();
        for (WorkerProcess w : workers) {
            w.sampleCpu();
            w.shutdown();
        }
        long deadline = System.nanoTime() + spec.shutdownTimeout().toNanos();
        try {
            for (WorkerProcess w : workers) {
                if (!w.waitFor(Math.max(0, deadline - System.nanoTime()))) {
                    log.println("[" + stage + " worker " + w.slot + " pid " + w.pid() + "] did not exit within "
                            + Units.format(spec.shutdownTimeout()) + " (shutdown-timeout): terminating it");
                    w.terminate();
                }
            }
            long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            for (WorkerProcess w : workers) {
                if (!w.waitFor(Math.max(0, killAt - System.nanoTime()))) {
                    w.kill();
                    w.waitFor(TimeUnit.SECONDS.toNanos(5));
                }
            }
        } catch (InterruptedException e) {
            workers.forEach(WorkerProcess::kill);
            Thread.currentThread().interrupt();
        }
        launcher.shutdownNow();
    }
}
