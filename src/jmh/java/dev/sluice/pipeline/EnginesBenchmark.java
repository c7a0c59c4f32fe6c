package dev.sluice.pipeline;

import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.report.VariantResult;
import dev.sluice.run.RunListener;
import dev.sluice.run.Runner;
import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.core.Single;
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
import reactor.core.publisher.Mono;

/**
 * Both engines, each as a whole sluice run and as the bare library with the same operators, side by
 * side. Ops are items, so the scores are items/s.
 *
 * <ul>
 *   <li>{@code noOp*}: three identity stages on {@code single}: one hop onto one thread, three no-ops.
 *   <li>{@code cpu*}: one CPU stage (the seed's count loop, 20,000 steps an item) on every core:
 *       Reactor's {@code parallel} against RxJava's {@code computation}, through flatMap bounded by the
 *       cores.
 * </ul>
 * In package {@code pipeline} to call the very CPU function the stage runs ({@link CpuWork#count}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EnginesBenchmark {

    static final int ITEMS = 1_000_000;
    static final int CPU_ITEMS = 20_000;
    static final long CPU_STEPS = 20_000;

    @Param({"reactor", "rxjava"})
    public String engine;

    private Profile noOp;
    private Profile cpu;
    private Path outDir;
    private int cores;
    private reactor.core.scheduler.Scheduler reactorSingle;
    private reactor.core.scheduler.Scheduler reactorParallel;
    private io.reactivex.rxjava3.core.Scheduler rxSingle;
    private io.reactivex.rxjava3.core.Scheduler rxComputation;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ProfileLoader loader = new ProfileLoader(Map.of());
        noOp = loader.parse("""
                name: noop
                engine: %s
                source: {range: {count: %d}}
                stages:
                  - {name: a, kind: identity, scheduler: single}
                  - {name: b, kind: identity, scheduler: single}
                  - {name: c, kind: identity, scheduler: single}
                sink: discard
                """.formatted(engine, ITEMS), "noop.yaml", List.of());
        cpu = loader.parse("""
                name: cpu
                engine: %s
                source: {list: [%d], repeat: %d}
                stages:
                  - {name: count, kind: cpu, function: count, scheduler: parallel, order: completion}
                sink: discard
                """.formatted(engine, CPU_STEPS, CPU_ITEMS), "cpu.yaml", List.of());
        outDir = Files.createTempDirectory("sluice-bench");
        cores = Runtime.getRuntime().availableProcessors();
        reactorSingle = reactor.core.scheduler.Schedulers.newSingle("bare-single", true);
        reactorParallel = reactor.core.scheduler.Schedulers.newParallel("bare-parallel", cores, true);
        rxSingle = io.reactivex.rxjava3.plugins.RxJavaPlugins.createSingleScheduler(r -> daemon(r, "bare-rx-single"));
        rxComputation = io.reactivex.rxjava3.plugins.RxJavaPlugins.createComputationScheduler(
                r -> daemon(r, "bare-rx-computation"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reactorSingle.dispose();
        reactorParallel.dispose();
        rxSingle.shutdown();
        rxComputation.shutdown();
    }

    private long sluice(Profile profile, long expected) {
        VariantResult r = new Runner().run(profile, "bench", outDir, RunListener.NONE);
        if (r.items().ok() != expected) {
            throw new IllegalStateException("lost items: " + r.items());
        }
        return r.items().ok();
    }

    private static long checked(Long count, long expected) {
        if (count == null || count != expected) {
            throw new IllegalStateException("lost items: " + count);
        }
        return count;
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long noOpSluice() {
        return sluice(noOp, ITEMS);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long noOpBare() {
        if (engine.equals("reactor")) {
            return checked(Flux.range(0, ITEMS).map(v -> (Object) v).publishOn(reactorSingle)
                    .map(v -> v).map(v -> v).map(v -> v).count().block(), ITEMS);
        }
        return checked(Flowable.range(0, ITEMS).map(v -> (Object) v).observeOn(rxSingle)
                .map(v -> v).map(v -> v).map(v -> v).count().blockingGet(), ITEMS);
    }

    @Benchmark
    @OperationsPerInvocation(CPU_ITEMS)
    public long cpuSluice() {
        return sluice(cpu, CPU_ITEMS);
    }

    @Benchmark
    @OperationsPerInvocation(CPU_ITEMS)
    public long cpuBare() {
        if (engine.equals("reactor")) {
            return checked(Flux.range(0, CPU_ITEMS)
                    .flatMap(v -> Mono.fromCallable(() -> CpuWork.count(CPU_STEPS)).subscribeOn(reactorParallel), cores)
                    .count().block(), CPU_ITEMS);
        }
        return checked(Flowable.range(0, CPU_ITEMS)
                .flatMap(v -> Single.fromCallable(() -> CpuWork.count(CPU_STEPS)).subscribeOn(rxComputation).toFlowable(),
                        false, cores)
                .count().blockingGet(), CPU_ITEMS);
    }
}
