package dev.sluice.pipeline;

import dev.sluice.metrics.Sampler;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.SchedulerSpec;
import dev.sluice.profile.StageSpec;
import dev.sluice.resilience.StagePolicies;
import org.jspecify.annotations.Nullable;

/**
 * One stage as both engines assemble it: its settings, its logic (made once, engine-independent), its
 * metrics, the sampler of the stage after it ({@code next}, null for the last) and its policies.
 */
record StagePlan(StageSpec spec, StageLogic logic, StageMetrics metrics, @Nullable Sampler next,
        @Nullable StagePolicies policies) {

    /** Synchronous work one item at a time, without policies: one hop onto its thread, no task per item. */
    boolean oneAtATime() {
        return logic instanceof StageLogic.Sync && spec.concurrency() == 1 && policies == null;
    }

    /** Items complete on threads of their own (an event loop, a worker's reader): the stage adds no hop. */
    boolean completesElsewhere() {
        return spec.scheduler() instanceof SchedulerSpec.EventLoop || spec.scheduler() instanceof SchedulerSpec.Process;
    }

    boolean onSingle() {
        return spec.scheduler() instanceof SchedulerSpec.Single;
    }
}
