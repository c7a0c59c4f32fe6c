package dev.sluice.resilience;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * An adaptive concurrency limit (AIMD): it grows by one while latency holds and items are waiting for
 * the limit, and shrinks by 10 % on an overload sign (a 429 or 503, a timeout) or a latency spike
 * (over twice the running average). Items past the limit wait their turn. Each change goes to a
 * listener (the stage's metrics keep the history for the report).
 */
public final class AdaptiveLimit {

    static final int INITIAL = 4;
    private static final double SHRINK = 0.9;
    private static final double SPIKE = 2.0;
    private static final double EWMA_WEIGHT = 0.1;

    private final int ceiling;
    private final long startNanos = System.nanoTime();
    private final Deque<MonoSink<Void>> waiting = new ArrayDeque<>();
    private final Listener listener;
    private int limit;
    private int inUse;
    private double averageNanos;
    private int peak;

    /** Told each new limit, with the milliseconds since the start. */
    @FunctionalInterface
    public interface Listener {
        void limitChanged(long millis, int limit);
    }

    public AdaptiveLimit(int ceiling, Listener listener) {
        this.ceiling = ceiling;
        this.listener = listener;
        this.limit = Math.min(INITIAL, ceiling);
        this.peak = limit;
        listener.limitChanged(0, limit);
    }

    /** Completes when the item may start. */
    public Mono<Void> acquire() {
        return Mono.create(sink -> {
            boolean now;
            synchronized (this) {
                now = inUse < limit;
                if (now) {
                    inUse++;
                } else {
                    waiting.add(sink);
                }
            }
            if (now) {
                sink.success();
            }
        });
    }

    /** The item is done: {@code overloaded} when it met a 429/503/timeout; adapts the limit, lets waiters in. */
    public void release(long latencyNanos, boolean overloaded) {
        List<MonoSink<Void>> start = new ArrayList<>();
        synchronized (this) {
            inUse--;
            boolean spike = averageNanos > 0 && latencyNanos > SPIKE * averageNanos;
            averageNanos = averageNanos == 0 ? latencyNanos : averageNanos + EWMA_WEIGHT * (latencyNanos - averageNanos);
            int before = limit;
            if (overloaded || spike) {
                limit = Math.max(1, (int) Math.floor(limit * SHRINK));
            } else if (!waiting.isEmpty() && limit < ceiling) {
                limit++;
            }
            if (limit != before) {
                peak = Math.max(peak, limit);
                listener.limitChanged((System.nanoTime() - startNanos) / 1_000_000, limit);
            }
            while (inUse < limit && !waiting.isEmpty()) {
                inUse++;
                start.add(waiting.poll());
            }
        }
        start.forEach(MonoSink::success);
    }

    public synchronized int limit() {
        return limit;
    }

    public synchronized int peak() {
        return peak;
    }

}
