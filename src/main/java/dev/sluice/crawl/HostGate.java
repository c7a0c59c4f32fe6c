package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Politeness for one host, enforced where requests are issued: a request starts only with a permit,
 * at most {@code limit} permits are out at once, and no request starts while the host is paused (after a
 * 429 or 503, for its Retry-After or a back-off). With a {@code delay}, the host has one request at a
 * time waiting for its answer, each starting at least {@code delay} after the host began answering the
 * previous one (or after it failed), as Nutch and Heritrix space theirs: a server stamps a request when its event loop gets to
 * it, which can lag the wire by tens of ms on a busy machine, so only a gap counted from the answer is
 * one the server is sure to see.
 * With {@code adaptive}, the limit moves by AIMD between 1 and {@code maxConnections}: it halves on a
 * 429, a 503 or an answer slower than the latency bound (at most once per latency bound, so one burst
 * of slow answers counts once), and grows by one after {@code limit} clean answers in a row.
 *
 * <p>Waiting requests queue in arrival order and hold no thread; {@link #acquire()} completes on the
 * thread that frees the permit or on the timer. Thread-safe.
 */
public final class HostGate {

    private final String host;
    private final int maxConnections;
    private final boolean adaptive;
    private final long latencyBoundNanos;
    private final LongSupplier nanos;
    private final Scheduler timer;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    private long delayNanos;
    private int limit;
    private int inUse;
    private int cleanInARow;
    private long lastStartNanos = Long.MIN_VALUE;
    private long pausedUntilNanos = Long.MIN_VALUE;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private boolean timerArmed;
    /** Permits granted whose request has no answer yet: with a delay, the next waits for them. */
    private int unanswered;
    // What the report shows for the host.
    private long requests;
    private long throttled;
    private long slow;
    private int peakInUse;
    private int lowestLimit;
    private long minGapNanos = Long.MAX_VALUE;
    private final long createdNanos;
    /** The limit's changes, {@code [ms since the gate was made, limit]}; at most {@link #HISTORY} kept. */
    private final List<long[]> limitHistory = new ArrayList<>();
    static final int HISTORY = 1000;

    public HostGate(String host, int maxConnections, long delayNanos, boolean adaptive, long latencyBoundNanos,
            LongSupplier nanos, Scheduler timer) {
        this.host = requireNonNull(host, "host");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be > 0, but was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.delayNanos = delayNanos;
        this.adaptive = adaptive;
        this.latencyBoundNanos = latencyBoundNanos;
        this.nanos = requireNonNull(nanos, "nanos");
        this.timer = requireNonNull(timer, "timer");
        this.limit = maxConnections;
        this.lowestLimit = maxConnections;
        this.createdNanos = nanos.getAsLong();
        limitHistory.add(new long[] {0, maxConnections});
    }

    /** A permit to start one request; it must be {@link Permit#release released} exactly once. */
    public Mono<Permit> acquire() {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(sink);
            sink.onCancel(waiter::cancel);
            synchronized (this) {
                waiters.addLast(waiter);
            }
            drain();
        });
    }

    /**
     * Makes starts at least {@code delay} apart from now on (robots.txt's crawl-delay, when longer than the
     * profile's); the next start is measured from the last one.
     */
    public void atLeast(long delay) {
        synchronized (this) {
            delayNanos = Math.max(delayNanos, delay);
        }
        drain();
    }

    /** Grants permits to waiters in order while the limit, the delay and any pause allow. */
    private void drain() {
        List<Grant> granted = new ArrayList<>();
        long wakeAt = Long.MIN_VALUE;
        synchronized (this) {
            long now = nanos.getAsLong();
            while (!waiters.isEmpty() && inUse < limit && (delayNanos == 0 || unanswered == 0)) {
                Waiter head = waiters.peekFirst();
                if (head.cancelled) {
                    waiters.pollFirst();
                    continue;
                }
                long earliest = Math.max(pausedUntilNanos,
                        lastStartNanos == Long.MIN_VALUE ? Long.MIN_VALUE : lastStartNanos + delayNanos);
                if (now < earliest) {
                    if (!timerArmed) {
                        timerArmed = true;
                        wakeAt = earliest;
                    }
                    break;
                }
                waiters.pollFirst();
                if (lastStartNanos != Long.MIN_VALUE) {
                    minGapNanos = Math.min(minGapNanos, now - lastStartNanos);
                }
                lastStartNanos = now;
                inUse++;
                unanswered++;
                requests++;
                peakInUse = Math.max(peakInUse, inUse);
                granted.add(new Grant(head, new Permit(now)));
            }
        }
        // Outside the lock: a granted request may start (and even finish) on this very thread.
        for (Grant g : granted) {
            g.waiter.grant(g.permit);
        }
        if (wakeAt != Long.MIN_VALUE) {
            long wait = Math.max(0, wakeAt - nanos.getAsLong());
            timer.schedule(() -> {
                synchronized (this) {
                    timerArmed = false;
                }
                drain();
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void answered(Permit permit) {
        synchronized (this) {
            unanswered--;
            // The next start is spaced from here: the server has surely seen the request by now.
            lastStartNanos = Math.max(lastStartNanos, nanos.getAsLong());
        }
        drain();
    }

    private void released(Permit permit, Outcome outcome, long pauseNanos) {
        synchronized (this) {
            inUse--;
            if (!permit.answered) {
                // No answer (a failure, a cancel): the server saw the request, if at all, before now.
                unanswered--;
                lastStartNanos = Math.max(lastStartNanos, nanos.getAsLong());
            }
            long now = nanos.getAsLong();
            switch (outcome) {
                case THROTTLED -> {
                    throttled++;
                    pausedUntilNanos = Math.max(pausedUntilNanos, now + pauseNanos);
                    decrease(now);
                }
                case OK -> {
                    if (now - permit.startNanos > latencyBoundNanos) {
                        slow++;
                        decrease(now);
                    } else if (adaptive && limit < maxConnections && ++cleanInARow >= limit) {
                        limit++;
                        cleanInARow = 0;
                        limitChanged(now);
                    }
                }
                case FAILED, CANCELLED -> {
                }
            }
        }
        drain();
    }

    /** Halves the limit, once per latency bound: the answers of one overload come back together. */
    private void decrease(long now) {
        cleanInARow = 0;
        if (!adaptive || (lastDecreaseNanos != Long.MIN_VALUE && now - lastDecreaseNanos < latencyBoundNanos)) {
            return;
        }
        lastDecreaseNanos = now;
        limit = Math.max(1, limit / 2);
        lowestLimit = Math.min(lowestLimit, limit);
        limitChanged(now);
    }

    private void limitChanged(long now) {
        if (limitHistory.size() < HISTORY) {
            limitHistory.add(new long[] {(now - createdNanos) / 1_000_000, limit});
        }
    }

    /** The host's figures now. */
    public synchronized HostView view() {
        return new HostView(host, requests, peakInUse, limit, lowestLimit, maxConnections, throttled, slow,
                minGapNanos == Long.MAX_VALUE ? -1 : Math.round(minGapNanos / 1e3) / 1e3, delayNanos / 1e6,
                List.copyOf(limitHistory));
    }

    /** Requests started and in flight now. */
    public synchronized int inUse() {
        return inUse;
    }

    /** How a request that held a permit ended. */
    public enum Outcome {
        /** Answered (any status but 429/503). */
        OK,
        /** Answered 429 or 503: the host asks us to slow down. */
        THROTTLED,
        /** No answer (a connection error or timeout). */
        FAILED,
        /** Given up before an answer (the run was stopped). */
        CANCELLED
    }

    /** The right to one request; released once, with how it went. */
    public final class Permit {
        private final long startNanos;
        private boolean answered;
        private boolean released;

        private Permit(long startNanos) {
            this.startNanos = startNanos;
        }

        /** The host began answering: with a delay, the next start is spaced from now. Once only. */
        public void answered() {
            synchronized (HostGate.this) {
                if (answered || released) {
                    return;
                }
                answered = true;
            }
            HostGate.this.answered(this);
        }

        /** Returns the permit; a throttled answer pauses the host for {@code pauseNanos}. Later calls do nothing. */
        public void release(Outcome outcome, long pauseNanos) {
            synchronized (HostGate.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            released(this, outcome, pauseNanos);
        }
    }

    /**
     * What the report shows per host; {@code minGapMs} is -1 with fewer than two requests; {@code limitHistory}
     * holds {@code [ms since the host's first request, limit]} at each change of the adaptive limit.
     */
    public record HostView(String host, long requests, int maxConcurrent, int limit, int lowestLimit,
            int maxConnections, long throttled, long slow, double minGapMs, double delayMs, List<long[]> limitHistory) {
    }

    private record Grant(Waiter waiter, Permit permit) {
    }

    private final class Waiter {
        private final MonoSink<Permit> sink;
        private volatile boolean cancelled;
        private volatile boolean granted;

        Waiter(MonoSink<Permit> sink) {
            this.sink = sink;
        }

        void grant(Permit permit) {
            granted = true;
            if (cancelled) {
                permit.release(Outcome.CANCELLED, 0);
            } else {
                sink.success(permit);
            }
        }

        void cancel() {
            cancelled = true;
            if (!granted) {
                synchronized (HostGate.this) {
                    waiters.remove(this);
                }
            }
        }
    }
}
