package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.profile.WorkSpec;
import dev.sluice.resilience.StagePolicies;
import org.jspecify.annotations.Nullable;
import dev.sluice.schedule.SchedulerFactory;
import java.util.Map;
import reactor.core.scheduler.Scheduler;

/** Maps a stage's {@link WorkSpec} to the logic that does it. */
final class StageKinds {

    private StageKinds() {
    }

    /** The logic of one stage; anything it opens (HTTP clients) is closed with the run's schedulers. */
    static StageLogic logicFor(StageSpec stage, Scheduler timer, Map<String, String> runtimeValues,
            StageMetrics metrics, SchedulerFactory resources, @Nullable StagePolicies policies) {
        if (stage.scheduler() instanceof SchedulerSpec.Process process) {
            ProcessWork work = new ProcessWork(stage, process, runtimeValues, metrics, policies);
            resources.closeWithRun(work);
            return work;
        }
        return switch (stage.work()) {
            case WorkSpec.Cpu cpu -> new CpuWork(cpu.function());
            case WorkSpec.Sleep sleep -> new SleepWork(sleep.duration(), timer);
            case WorkSpec.BlockingIo io -> new BlockingIoWork(io.duration());
            case WorkSpec.Identity identity -> (StageLogic.Sync) value -> value;
            case WorkSpec.Consumer consumer -> consumer.coordination() == WorkSpec.Coordination.LOCK
                    ? new LockingConsumer(consumer, timer, metrics)
                    : new LockFreeConsumer(consumer, timer, metrics);
            case WorkSpec.ExtractLinks links -> throw new IllegalStateException(
                    "an extract-links stage runs only as a crawl's link stage (the profile is checked for this)");
            case WorkSpec.Http http -> {
                if (stage.scheduler() instanceof SchedulerSpec.EventLoop) {
                    EventLoopHttpWork work = new EventLoopHttpWork(stage.name(), http, stage.concurrency(),
                            runtimeValues, metrics, policies);
                    resources.closeWithRun(work);
                    yield work;
                }
                BlockingHttpWork work = new BlockingHttpWork(http, runtimeValues, metrics, policies);
                resources.closeWithRun(work);
                yield work;
            }
        };
    }
}
