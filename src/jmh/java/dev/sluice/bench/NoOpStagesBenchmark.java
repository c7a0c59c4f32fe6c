package dev.sluice.bench;

import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.report.VariantResult;
import dev.sluice.run.RunListener;
import dev.sluice.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Items per second through three no-op stages on {@code single}: a whole sluice run (profile, assembly,
 * per-stage counts and sampled timing, sink, result) beside bare Reactor with the same operators: one
 * {@code publishOn} onto a single thread, then a no-op per stage (all {@code single} stages of a run
 * share one thread, the plain loop). Ops are items.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@OperationsPerInvocation(NoOpStagesBenchmark.ITEMS)
public class NoOpStagesBenchmark {

    static final int ITEMS = 2_000_000;

    private static final String PROFILE = """
            name: noop
            source: {range: {count: %d}}
            stages:
              - {name: a, kind: identity, scheduler: single}
              - {name: b, kind: identity, scheduler: single}
              - {name: c, kind: identity, scheduler: single}
            sink: discard
            """.formatted(ITEMS);

    private Profile profile;
    private Path outDir;
    private Scheduler single;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        profile = new ProfileLoader(Map.of()).parse(PROFILE, "noop.yaml", List.of());
        outDir = Files.createTempDirectory("sluice-bench");
        single = Schedulers.newSingle("bare-single", true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        single.dispose();
    }

    @Benchmark
    public long sluice() {
        VariantResult r = new Runner().run(profile, "bench", outDir, RunListener.NONE);
        if (r.items().ok() != ITEMS) {
            throw new IllegalStateException("lost items: " + r.items());
        }
        return r.items().ok();
    }

    @Benchmark
    public long bareReactor() {
        Long count = Flux.fromIterable(() -> java.util.stream.LongStream.range(0, ITEMS).boxed().iterator())
                .map(v -> (Object) v)
                .publishOn(single)
                .map(v -> v)
                .map(v -> v)
                .map(v -> v)
                .count()
                .block();
        if (count == null || count != ITEMS) {
            throw new IllegalStateException("lost items: " + count);
        }
        return count;
    }
}
