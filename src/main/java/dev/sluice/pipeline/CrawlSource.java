package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.crawl.Crawl;
import dev.sluice.crawl.CrawlTarget;
import dev.sluice.crawl.Frontier;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Scheduler;

/**
 * The source of a crawl's fetch stage: hands out the frontier's targets as the stage asks for them, and
 * completes when the crawl is over, that is when the frontier is empty and no page is in flight (every
 * page's links are admitted before the page leaves the pipeline, so nothing can come back after that).
 * After {@code max-time} it hands out nothing more and completes once the pages in flight are done; the
 * targets left in the frontier are reported as unfetched.
 *
 * <p>The drain loop is serialised (one thread at a time, the others leave work for it), so demand,
 * admissions and departures may arrive on any thread.
 */
final class CrawlSource {

    private final Crawl crawl;
    private final Frontier frontier;
    private final Duration maxTime;
    private final Scheduler timer;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean timeUp;
    private volatile boolean completed;
    private volatile FluxSink<CrawlTarget> sink;

    private final Runnable emitted;

    /** {@code emitted} counts each target as it is handed out (before the stage sees it, so a stop cannot lose one). */
    CrawlSource(Crawl crawl, Scheduler timer, Runnable emitted) {
        this.emitted = requireNonNull(emitted, "emitted");
        this.crawl = requireNonNull(crawl, "crawl");
        this.frontier = crawl.frontier();
        this.maxTime = crawl.spec().maxTime();
        this.timer = requireNonNull(timer, "timer");
    }

    Flux<CrawlTarget> flux() {
        return Flux.create(s -> {
            sink = s;
            Disposable deadline = timer.schedule(() -> {
                timeUp = true;
                crawl.timeUp();
                drain();
            }, maxTime.toNanos(), TimeUnit.NANOSECONDS);
            s.onDispose(deadline);
            s.onRequest(n -> drain());
        });
    }

    /** A page left the pipeline (delivered, failed or dropped). */
    void itemLeft() {
        inFlight.decrementAndGet();
        drain();
    }

    /** New targets may be waiting in the frontier. */
    void admitted() {
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            FluxSink<CrawlTarget> s = sink;
            if (s == null || completed) {
                continue;
            }
            while (!timeUp && s.requestedFromDownstream() > 0 && !s.isCancelled()) {
                CrawlTarget next = frontier.poll();
                if (next == null) {
                    break;
                }
                inFlight.incrementAndGet();
                emitted.run();
                s.next(next);
            }
            if (inFlight.get() == 0 && (timeUp || frontier.isEmpty())) {
                completed = true;
                s.complete();
            }
        } while (wip.decrementAndGet() != 0);
    }
}
