package dev.sluice.metrics;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything measured about one stage: items completed, failed and dropped, service time and queue
 * wait (sampled, see {@link Sampler}), and the threads it ran on.
 */
public final class StageMetrics {

    private final String name;
    private final Clock clock;
    private final SerialCounter completed = new SerialCounter();
    private final LongAdder errors = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LatencyRecorder service = new LatencyRecorder();
    private final LatencyRecorder queue = new LatencyRecorder();
    private final Sampler sampler = new Sampler();
    private final Map<Long, Boolean> threads = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();

    public StageMetrics(String name, Clock clock) {
        this.name = requireNonNull(name, "name");
        this.clock = requireNonNull(clock, "clock");
    }

    public String name() {
        return name;
    }

    public Clock clock() {
        return clock;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** Records one timed item: it became ready at {@code ready}, started at {@code start}, ended at {@code end}. */
    public void recordTimed(long ready, long start, long end) {
        long serviceNanos = end - start;
        queue.record(start - ready);
        service.record(serviceNanos);
        sampler.observe(serviceNanos);
        Thread t = Thread.currentThread();
        threads.putIfAbsent(t.threadId(), t.isVirtual());
    }

    /** One item done; call only where the stage's results are serialized. */
    public void completed() {
        completed.increment();
    }

    public void failed(Throwable error) {
        errors.increment();
        errorKinds.computeIfAbsent(error.getClass().getSimpleName(), k -> new LongAdder()).increment();
    }

    public void dropped() {
        dropped.increment();
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

    /** Distinct threads seen on timed items. */
    public int threadCount() {
        return threads.size();
    }

    /** True when every thread seen was virtual (and at least one was seen). */
    public boolean ranOnVirtualThreads() {
        return !threads.isEmpty() && threads.values().stream().allMatch(Boolean::booleanValue);
    }

    /** Failures by exception type, for the report. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errorKinds.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
