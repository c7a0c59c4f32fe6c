package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A whole pipeline profile: the engine that assembles it, where items come from, the stages they flow through, where they end,
 * how the load is applied, (optionally) the test server started for the run, and (for a crawl, whose
 * link stage recurses to its fetch stage) the crawl's settings. Immutable; every rule is checked here, where it is made.
 */
public record Profile(
        String name,
        String description,
        Engine engine,
        SourceSpec source,
        List<StageSpec> stages,
        SinkSpec sink,
        LoadSpec load,
        List<ThresholdSpec> thresholds,
        @Nullable ServerSpec server,
        @Nullable CrawlSpec crawl) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Profile {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(engine, "engine");
        requireNonNull(source, "source");
        requireNonNull(sink, "sink");
        requireNonNull(load, "load");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSpecException("name",
                    "must be letters, digits, '.', '_' or '-' (it names the run's folder), but was '" + name + "'");
        }
        stages = List.copyOf(stages);
        thresholds = List.copyOf(thresholds);
        if (stages.isEmpty()) {
            throw new InvalidSpecException("stages", "must hold at least one stage");
        }
        Set<String> seen = new HashSet<>();
        for (StageSpec stage : stages) {
            if (!seen.add(stage.name())) {
                throw new InvalidSpecException("stages", "has two stages named '" + stage.name()
                        + "'; give each stage a distinct 'name:'");
            }
        }
        checkCrawl(stages, load, crawl);
    }

    /**
     * A crawl is a loop: its first stage fetches (http on the event loop), its second extracts links and
     * recurses to the first, and the frontier, not a load model, feeds it.
     */
    private static void checkCrawl(List<StageSpec> stages, LoadSpec load, @Nullable CrawlSpec crawl) {
        List<StageSpec> recursing = stages.stream().filter(s -> s.work() instanceof WorkSpec.ExtractLinks).toList();
        if (recursing.isEmpty()) {
            if (crawl != null) {
                throw new InvalidSpecException("crawl", "needs a stage of kind extract-links with recurse-to: naming "
                        + "the fetch stage; add one after the http stage, or remove crawl:");
            }
            return;
        }
        if (recursing.size() > 1) {
            throw new InvalidSpecException("stages", "has " + recursing.size() + " extract-links stages; a crawl has one");
        }
        StageSpec links = recursing.getFirst();
        String target = ((WorkSpec.ExtractLinks) links.work()).recurseTo();
        StageSpec fetch = stages.getFirst();
        int at = stages.indexOf(links);
        if (!target.equals(fetch.name()) || at != 1) {
            String names = stages.stream().map(StageSpec::name).toList().toString();
            throw new InvalidSpecException("stages", "has a link stage '" + links.name() + "' that recurses to '" + target
                    + "'; a crawl's link stage must come second and recurse to the first stage, its fetch stage "
                    + "(stages: " + names + ")");
        }
        if (!(fetch.work() instanceof WorkSpec.Http) || !(fetch.scheduler() instanceof SchedulerSpec.EventLoop)) {
            throw new InvalidSpecException("stages", "hold a crawl whose fetch stage '" + fetch.name() + "' must be kind: "
                    + "http on scheduler: event-loop, but was kind " + fetch.kind() + " on " + fetch.scheduler().kind());
        }
        if (!((WorkSpec.Http) fetch.work()).url().strip().equals("${item}")) {
            throw new InvalidSpecException("stages", "hold a crawl whose fetch stage '" + fetch.name() + "' fetches the "
                    + "frontier's URLs: write url: \"${item}\" (the seeds go in source:), but was '"
                    + ((WorkSpec.Http) fetch.work()).url() + "'");
        }
        if (links.scheduler() instanceof SchedulerSpec.Process) {
            throw new InvalidSpecException("stages", "hold a link stage '" + links.name() + "' on worker processes, which "
                    + "cannot reach the run's frontier; use single, parallel, bounded-elastic or virtual");
        }
        if (!(load instanceof LoadSpec.Drain)) {
            throw new InvalidSpecException("load", "must be drain for a crawl: its frontier feeds the fetch stage as "
                    + "fast as backpressure allows (limit it with crawl: per-host, max-pages and max-time)");
        }
    }

    /** True when the profile is a crawl (its link stage recurses to its fetch stage). */
    public boolean isCrawl() {
        return crawl != null;
    }

    /** This profile with its source cut to its first {@code n} items (a short warm-up run). */
    public Profile withFirstItems(long n) {
        // A crawl's seeds are few: its warm-up is cut by pages instead.
        return new Profile(name, description, engine, source.firstItems(n), stages, sink, load, thresholds, server,
                crawl == null ? null : crawl.withMaxPages(Math.min(n, crawl.maxPages())));
    }

    /** The stage with this name, if any. */
    public Optional<StageSpec> stage(String stageName) {
        return stages.stream().filter(s -> s.name().equals(stageName)).findFirst();
    }
}
