package dev.sluice.pipeline;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * What {@code flatMap(task, concurrency)} does, at a cost per item that does not grow with the
 * concurrency, and in input order without losing concurrency: at most {@code concurrency} tasks run at
 * once, results leave as they complete or in input order, and upstream is asked for one more item per
 * task that ends.
 *
 * <p>In completion order a finished item waiting for downstream demand still counts against the
 * concurrency, as in flatMap. In input order a finished item waiting for an earlier one does not: it
 * waits in a reorder window of {@link #window} items. {@code flatMapSequential} counts it, so one slow
 * item at the head left a 5-thread stage running 1 or 2 requests (seed 1 took 2.8 s instead of 2.0 s).
 * The window keeps memory bounded; only when a head item is slower than a whole window of others does
 * the stage run fewer tasks than its concurrency.
 *
 * <p>Reactor's flatMap also scans all its inner subscribers on every completion that arrives from another
 * thread; with a process stage's thousands of items in flight that scan was 73% of the parent's CPU
 * (measured with JFR on bench/process-throughput.sh). Here completions go into a queue (or, in input
 * order, a map by sequence number) drained by one thread at a time.
 */
final class BoundedMerge<T> {

    /** A task that ended without a value: the item failed and was counted by the task. */
    private static final Object FAILED = new Object();

    private final FluxSink<T> sink;
    private final Function<T, Mono<T>> task;
    private final int concurrency;
    private final boolean ordered;
    /** Items the stage may hold at once: running, finished and waiting to leave. */
    private final long window;
    private final Queue<Object> done = new ConcurrentLinkedQueue<>();
    private final Map<Long, Object> doneBySeq = new ConcurrentHashMap<>();
    private final AtomicInteger wip = new AtomicInteger();
    /** Items received from upstream and not yet gone downstream (or failed). */
    private final AtomicLong inStage = new AtomicLong();
    /** Items whose task has not ended. */
    private final AtomicLong running = new AtomicLong();
    /** Tasks not yet ended, cancelled with the stage. */
    private final Set<Task> tasks = ConcurrentHashMap.newKeySet();
    /** Items asked of upstream and not yet received. */
    private final AtomicLong asked = new AtomicLong();
    private final Upstream upstream = new Upstream();
    private long nextSeq; // upstream's thread only
    private long nextOut; // drain only
    private volatile boolean upstreamDone;
    private volatile @Nullable Throwable upstreamError;
    private volatile boolean cancelled;
    private volatile boolean subscribed;

    private BoundedMerge(FluxSink<T> sink, Function<T, Mono<T>> task, int concurrency, boolean ordered) {
        this.sink = sink;
        this.task = task;
        this.concurrency = concurrency;
        this.ordered = ordered;
        this.window = ordered ? window(concurrency) : concurrency;
    }

    /** The reorder window in input order: room for three times the concurrency (at least 64) finished items. */
    static long window(int concurrency) {
        return concurrency + Math.max(3L * concurrency, 64);
    }

    /** The stage: each upstream item through {@code task}; an empty task result means the item failed. */
    static <T> Flux<T> of(Flux<T> in, Function<T, Mono<T>> task, int concurrency, boolean ordered) {
        return Flux.create(sink -> {
            BoundedMerge<T> merge = new BoundedMerge<>(sink, task, concurrency, ordered);
            sink.onRequest(n -> merge.drain());
            sink.onDispose(merge::cancel);
            in.subscribe(merge.upstream);
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private final class Upstream extends BaseSubscriber<T> {
        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            subscribed = true;
            drain();
        }

        @Override
        protected void hookOnNext(T value) {
            // Counted in before the ask is taken back, so a drain never sees room that is not there.
            inStage.incrementAndGet();
            running.incrementAndGet();
            asked.decrementAndGet();
            // Exactly one signal per item: its value, or FAILED (tasks count their own failures).
            task.apply(value).<Object>map(v -> v).defaultIfEmpty(FAILED).onErrorReturn(FAILED)
                    .subscribe(new Task(nextSeq++));
        }

        @Override
        protected void hookOnComplete() {
            upstreamDone = true;
            drain();
        }

        @Override
        protected void hookOnError(Throwable error) {
            upstreamError = error;
            upstreamDone = true;
            drain();
        }
    }

    /** One item's task; cancelled if the stage is. */
    private final class Task extends BaseSubscriber<Object> {
        private final long seq;

        Task(long seq) {
            this.seq = seq;
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            tasks.add(this);
            if (cancelled) {
                tasks.remove(this);
                dispose();
                return;
            }
            subscription.request(1);
        }

        @Override
        protected void hookOnNext(Object result) {
            tasks.remove(this);
            if (ordered) {
                doneBySeq.put(seq, result);
            } else {
                done.add(result);
            }
            running.decrementAndGet();
            drain();
        }
    }

    private void cancel() {
        cancelled = true;
        upstream.cancel();
        for (Task t : tasks) {
            t.dispose();
        }
        tasks.clear();
    }

    @SuppressWarnings("unchecked")
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (cancelled) {
                return;
            }
            // Out: whatever is done, as far as downstream asks; a failed item leaves without demand.
            while (true) {
                Object next = ordered ? doneBySeq.get(nextOut) : done.peek();
                if (next == null || (next != FAILED && sink.requestedFromDownstream() == 0)) {
                    break;
                }
                if (ordered) {
                    doneBySeq.remove(nextOut++);
                } else {
                    done.poll();
                }
                inStage.decrementAndGet();
                if (next != FAILED) {
                    sink.next((T) next);
                }
            }
            Throwable error = upstreamError;
            if (error != null) {
                sink.error(error);
                return;
            }
            if (upstreamDone && inStage.get() == 0) {
                sink.complete();
                return;
            }
            // In: ask upstream for the room left, in tasks and in the window.
            long room = Math.min(concurrency - running.get(), window - inStage.get()) - asked.get();
            if (room > 0 && !upstreamDone && subscribed) {
                asked.addAndGet(room);
                upstream.request(room);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
