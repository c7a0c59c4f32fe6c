package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

import dev.sluice.crawl.Crawl;
import dev.sluice.metrics.Clock;
import dev.sluice.metrics.PipelineMetrics;
import dev.sluice.metrics.Sampler;
import dev.sluice.metrics.SerialCounter;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.load.ArrivalGenerator;
import dev.sluice.profile.Profile;
import dev.sluice.profile.StageSpec;
import dev.sluice.profile.WorkSpec;
import dev.sluice.resilience.StagePolicies;
import dev.sluice.schedule.RxSchedulers;
import dev.sluice.schedule.SchedulerFactory;
import io.reactivex.rxjava3.core.Flowable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Assembles a {@link Profile} into one Flux: the source (paced by the load model), then per stage an
 * optional buffer and the stage on its own scheduler, then the sink. Each stage's logic and metrics are
 * made here once; the profile's engine puts the stages together: {@link ReactorStages} on Reactor's
 * Flux or {@link RxJavaStages} on RxJava's Flowable.
 */
public final class PipelineAssembler {

    private final SchedulerFactory schedulers;
    private final Clock clock;
    private final ItemRunner items;

    public PipelineAssembler(SchedulerFactory schedulers, Clock clock) {
        this.schedulers = requireNonNull(schedulers, "schedulers");
        this.clock = requireNonNull(clock, "clock");
        this.items = new ItemRunner(clock);
    }

    /** Assembles the pipeline; nothing runs until its flow is subscribed. */
    public Pipeline assemble(Profile profile, Path outDir) {
        return assemble(profile, outDir, Map.of());
    }

    /**
     * Assembles the pipeline with run-time values ({@code server.url} once the run's server is up)
     * filled into the source's text items wherever they say {@code ${NAME}}.
     */
    public Pipeline assemble(Profile profile, Path outDir, Map<String, String> runtimeValues) {
        List<StageSpec> specs = profile.stages();
        List<StageMetrics> stageMetrics = new ArrayList<>();
        for (StageSpec spec : specs) {
            stageMetrics.add(new StageMetrics(spec.name()));
        }
        PipelineMetrics metrics = new PipelineMetrics(stageMetrics);
        Scheduler timer = schedulers.timer();

        SerialCounter emitted = metrics.emittedCounter();
        Sampler first = stageMetrics.getFirst().sampler();
        Flux<Item> flux;
        ArrivalGenerator generator = ArrivalGenerator.of(profile.load(), clock);
        Crawl crawl = null;
        CrawlSource crawlSource = null;
        if (profile.crawl() != null) {
            // A crawl: the frontier, fed with the seeds and then by the link stage, is the source.
            crawl = new Crawl(profile.crawl(), outDir.resolve(FRONTIER_SPILL), clock::nanos, timer);
            schedulers.closeWithRun(crawl);
            for (Object seed : SourceFlux.values(profile.source(), runtimeValues, false)) {
                try {
                    crawl.seed(String.valueOf(seed));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            CrawlSource source = new CrawlSource(crawl, timer, emitted::increment);
            crawlSource = source;
            stageMetrics.forEach(m -> m.onItemLeft(source::itemLeft));
            flux = source.flux().map(target -> {
                Item item = new Item(target);
                items.stamp(item, first);
                return item;
            });
        } else if (generator != null) {
            // An open or closed model: the generator paces the items and counts them.
            // The closed model sends a user's next item when one leaves: failed or dropped in a stage
            // (here) or delivered (at the sink, below).
            stageMetrics.forEach(m -> m.onItemLeft(generator::itemLeft));
            flux = generator.arrivals(SourceFlux.values(profile.source(), runtimeValues, generator.cyclesSource()),
                            metrics::inFlight, emitted::increment, metrics::loadDropped, timer)
                    // The open model holds the source thread for the whole run, so demand must not be
                    // sent there as tasks (false): it is taken on the thread that asks.
                    .subscribeOn(schedulers.source(), false)
                    .map(arrival -> {
                        Item item = new Item(arrival.value());
                        item.intendedNanos = arrival.dueNanos();
                        // Ready since it was due: the first stage's queue wait includes any lag.
                        ItemRunner.stampAt(item, first, arrival.dueNanos());
                        return item;
                    });
        } else {
            // The source is subscribed on a thread of its own, so a stage that asks for everything at
            // once (a dropping buffer) floods from there, never from the thread that watches the run.
            // Later requests are served on the thread that makes them (false: no hop per request),
            // which keeps a pull-driven pipeline as cheap as a plain loop.
            flux = SourceFlux.of(profile.source(), runtimeValues)
                    .subscribeOn(schedulers.source(), false)
                    .map(value -> {
                        emitted.increment();
                        Item item = new Item(value);
                        items.stamp(item, first);
                        return item;
                    });
        }

        List<StagePlan> plans = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            StageSpec spec = specs.get(i);
            StageMetrics m = stageMetrics.get(i);
            Sampler next = i + 1 < specs.size() ? stageMetrics.get(i + 1).sampler() : null;
            StagePolicies policies = spec.policies().isNone() ? null : new StagePolicies(spec.name(), spec.policies(), m);
            StageLogic logic = crawl != null && i < 2 ? crawlLogic(i, spec, m, crawl, requireNonNull(crawlSource))
                    : StageKinds.logicFor(spec, timer, runtimeValues, m, schedulers, policies);
            plans.add(new StagePlan(spec, logic, m, next, policies));
        }
        // The engine: only the operators and schedulers between source and sink differ (Reactive Streams
        // on both sides of the RxJava stages).
        flux = switch (profile.engine()) {
            case REACTOR -> new ReactorStages(schedulers, items).assemble(flux, plans);
            case RXJAVA -> {
                RxSchedulers rx = new RxSchedulers();
                schedulers.closeWithRun(rx);
                yield Flux.from(new RxJavaStages(rx, items).assemble(Flowable.fromPublisher(flux), plans));
            }
        };

        ItemSink sink = ItemSink.open(profile.sink(), outDir);
        SerialCounter ok = metrics.okCounter();
        AtomicBoolean sinkOpen = new AtomicBoolean(true);
        boolean paced = generator != null;
        CrawlSource leaving = crawlSource;
        Flux<Item> flow = flux.doOnNext(item -> {
            // An item that finishes after the run was stopped is not delivered: it counts as aborted.
            if (!sinkOpen.get()) {
                return;
            }
            try {
                sink.accept(requireNonNull(item.value));
            } catch (java.io.IOException e) {
                throw Exceptions.propagate(e);
            }
            if (paced) {
                metrics.endToEnd().record(clock.nanos() - item.intendedNanos);
            }
            ok.increment();
            if (paced) {
                generator.itemLeft();
            }
            if (leaving != null) {
                leaving.itemLeft();
            }
        });
        return new Pipeline(flow, metrics, sink, sinkOpen, generator, crawl);
    }

    /** The spill file of a crawl's frontier, in the run's folder (deleted when the run ends). */
    static final String FRONTIER_SPILL = "frontier.spill";

    /** A crawl's first two stages: the fetch stage and the link stage that recurses to it. */
    private StageLogic crawlLogic(int index, StageSpec spec, StageMetrics m, Crawl crawl, CrawlSource source) {
        if (index == 0) {
            CrawlFetchWork work = new CrawlFetchWork(spec.name(), (WorkSpec.Http) spec.work(), spec.concurrency(),
                    crawl, m);
            schedulers.closeWithRun(work);
            return work;
        }
        return new ExtractLinksWork(crawl, source);
    }
}
