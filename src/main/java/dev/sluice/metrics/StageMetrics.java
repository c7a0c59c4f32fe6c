package dev.sluice.metrics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything measured about one stage: items completed, failed and dropped, service time and queue
 * wait (sampled, see {@link Sampler}), and the threads it ran on.
 */
public final class StageMetrics {

    /** Distinct platform threads are remembered up to this many; virtual threads only set a flag. */
    static final int MAX_THREADS_TRACKED = 4096;

    private final String name;
    private final SerialCounter completed = new SerialCounter();
    private final LongAdder errors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LatencyRecorder service = new LatencyRecorder();
    private final LatencyRecorder queue = new LatencyRecorder();
    private final Sampler sampler;
    private final LongAdder samples = new LongAdder();
    private final Set<Long> platformThreads = ConcurrentHashMap.newKeySet();
    private volatile boolean sawVirtual;
    /** The platform thread seen last: most items of a stage run on a thread it has already seen. */
    private volatile long lastThreadId = -1;
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> tallies = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> peaks = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.LongSupplier> gauges = new ConcurrentHashMap<>();
    private static final int MAX_LIMIT_HISTORY = 2000;
    private final List<long[]> limitHistory = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger lastLimit = new java.util.concurrent.atomic.AtomicInteger(-1);
    private volatile Runnable itemLeft = () -> { };
    private final java.util.concurrent.atomic.DoubleAdder childCpuSeconds = new java.util.concurrent.atomic.DoubleAdder();

    public StageMetrics(String name) {
        this.name = requireNonNull(name, "name");
        // Each stage samples its own random positions.
        this.sampler = new Sampler(name.hashCode() * 0x9E3779B9);
    }

    public String name() {
        return name;
    }

    public Sampler sampler() {
        return sampler;
    }

    /**
     * Records one timed item that stands for {@code weight} items: it became ready at {@code ready},
     * started at {@code start}, ended at {@code end}.
     */
    public void recordTimed(long ready, long start, long end, int weight) {
        long serviceNanos = end - start;
        queue.record(start - ready, weight);
        service.record(serviceNanos, weight);
        samples.increment();
        sampler.observe(serviceNanos);
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            sawVirtual = true;
        } else if (t.threadId() != lastThreadId) {
            long id = t.threadId();
            lastThreadId = id;
            if (platformThreads.size() < MAX_THREADS_TRACKED) {
                platformThreads.add(id);
            }
        }
    }

    /** One item done; call only where the stage's results are serialized. */
    public void completed() {
        completed.increment();
    }

    /** An item failed here: it leaves the pipeline. */
    public void failed(Throwable error) {
        errors.increment();
        String kind = error.getClass().getSimpleName();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
        firstMessages.putIfAbsent(kind, error.getMessage() == null ? kind : error.getMessage());
        itemLeft.run();
    }

    /** An item was dropped from this stage's buffer: it leaves the pipeline. */
    public void dropped() {
        dropped.increment();
        itemLeft.run();
    }

    private final LongAdder offCpuNanos = new LongAdder();
    private final LongAdder watchedNanos = new LongAdder();
    private final LongAdder watchedItems = new LongAdder();

    /**
     * One timed item's wall time and the CPU time its thread used meanwhile (items that run on a thread
     * of the stage's own, and whose thread's CPU time can be read: not virtual threads, not async work).
     */
    public void recordCpu(long wallNanos, long cpuNanos) {
        watchedNanos.add(wallNanos);
        offCpuNanos.add(Math.max(0, wallNanos - cpuNanos));
        watchedItems.increment();
    }

    /** The share of the watched items' time spent off the CPU (blocked, sleeping, waiting); 0 when none was watched. */
    public double offCpuShare() {
        long wall = watchedNanos.sum();
        return wall == 0 ? 0 : (double) offCpuNanos.sum() / wall;
    }

    /** Whether any item's CPU time was measured. */
    public boolean cpuWatched() {
        return watchedItems.sum() > 0;
    }

    /** The mean time a watched item spent off the CPU, in ms. */
    public double offCpuMillisPerItem() {
        long n = watchedItems.sum();
        return n == 0 ? 0 : offCpuNanos.sum() / 1e6 / n;
    }

    /** CPU time used by this stage's worker processes (the process scheduler), added to the run's. */
    public void addChildCpu(double seconds) {
        childCpuSeconds.add(seconds);
    }

    public double childCpuSeconds() {
        return childCpuSeconds.sum();
    }

    /** Runs {@code hook} after each item that fails or is dropped here is counted (a closed load model's cue). */
    public void onItemLeft(Runnable hook) {
        this.itemLeft = requireNonNull(hook, "hook");
    }

    public long completedCount() {
        return completed.get();
    }

    public long errorCount() {
        return errors.sum();
    }

    public long droppedCount() {
        return dropped.sum();
    }

    public LatencyRecorder service() {
        return service;
    }

    public LatencyRecorder queue() {
        return queue;
    }

    /** How many items were timed (the rest are stood for by their weights). */
    public long sampleCount() {
        return samples.sum();
    }

    /** Distinct platform threads seen on timed items (virtual threads are not counted). */
    public int threadCount() {
        return platformThreads.size();
    }

    /** True when timed items ran on virtual threads. */
    public boolean ranOnVirtualThreads() {
        return sawVirtual;
    }

    /** Adds to a stage-specific count, such as an http stage's {@code status.2xx} or {@code bytes}. Any thread. */
    public void tally(String key, long amount) {
        tallies.computeIfAbsent(key, k -> new LongAdder()).add(amount);
    }

    /** Keeps the largest value seen under {@code key}, such as the most connections open at once. Any thread. */
    public void peak(String key, long value) {
        java.util.concurrent.atomic.AtomicLong peak = peaks.computeIfAbsent(key, k -> new java.util.concurrent.atomic.AtomicLong());
        // Written only when it grows: most calls (a pool sampled per response) see no new peak.
        long seen;
        while (value > (seen = peak.get()) && !peak.compareAndSet(seen, value)) {
            Thread.onSpinWait();
        }
    }

    /**
     * A value read live while the run goes, such as the connections open now ({@code connections.open}) or
     * the tasks waiting in the stage's scheduler ({@code scheduler.queued}): sampled into the report's
     * timeline, the dashboard and the metrics endpoint. Register while assembling.
     */
    public void gauge(String key, java.util.function.LongSupplier value) {
        gauges.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
    }

    /** The live values now, by key. */
    public Map<String, Long> gauges() {
        Map<String, Long> out = new java.util.TreeMap<>();
        gauges.forEach((k, v) -> out.put(k, v.getAsLong()));
        return out;
    }

    /** The tallies and the peaks, by key. */
    public Map<String, Long> tallies() {
        Map<String, Long> out = new java.util.TreeMap<>();
        tallies.forEach((k, v) -> out.put(k, v.sum()));
        peaks.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** An adaptive stage's concurrency limit changed (bounded history, for the report). Any thread. */
    public void limitChanged(long millis, int limit) {
        synchronized (limitHistory) {
            if (limitHistory.size() < MAX_LIMIT_HISTORY) {
                limitHistory.add(new long[] {millis, limit});
            }
        }
        peak("concurrency.limit.peak", limit);
        lastLimit.set(limit);
    }

    /** [ms since the start, limit] at each change of an adaptive stage's limit; empty otherwise. */
    public List<long[]> limitHistory() {
        synchronized (limitHistory) {
            return List.copyOf(limitHistory);
        }
    }

    /** The adaptive limit at the end, or -1 when the stage is not adaptive. */
    public int finalLimit() {
        return lastLimit.get();
    }

    /** The first message of each kind of failure, so the report can say what went wrong. */
    public Map<String, String> firstErrorMessages() {
        return new java.util.TreeMap<>(firstMessages);
    }

    /** Failures by exception type, for the report. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errorKinds.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
