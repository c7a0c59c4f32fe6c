package dev.sluice.pipeline;

import dev.sluice.profile.WorkSpec;
import reactor.core.scheduler.Scheduler;

/** Maps a stage's {@link WorkSpec} to the logic that does it. */
final class StageKinds {

    private StageKinds() {
    }

    static StageLogic logicFor(WorkSpec work, Scheduler timer) {
        return switch (work) {
            case WorkSpec.Cpu cpu -> new CpuWork(cpu.function());
            case WorkSpec.Sleep sleep -> new SleepWork(sleep.duration(), timer);
            case WorkSpec.BlockingIo io -> new BlockingIoWork(io.duration());
            case WorkSpec.Identity identity -> (StageLogic.Sync) value -> value;
        };
    }
}
