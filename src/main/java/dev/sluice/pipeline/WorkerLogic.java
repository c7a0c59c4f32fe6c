package dev.sluice.pipeline;

import dev.sluice.bridge.JvmWorker;
import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.Profile;
import dev.sluice.profile.ProfileException;
import dev.sluice.profile.ProfileLoader;
import dev.sluice.profile.StageSpec;
import dev.sluice.profile.Units;
import dev.sluice.schedule.SchedulerFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The built-in stage kinds inside sluice's JVM worker: the init frame's {@code work} is read back as a
 * one-stage profile (so it is validated like any profile), and its logic runs on the worker's one
 * thread; a non-blocking kind (sleep) is waited for. {@code init} may hold {@code delay} (a costly
 * initializer, to see start-up cost) and {@code fail} (an initializer that fails, with that message).
 */
public final class WorkerLogic {

    private static final List<String> INIT_KEYS = List.of("delay", "fail");

    private WorkerLogic() {
    }

    public static JvmWorker.ItemWork create(Map<String, Object> work, Map<String, Object> init) throws Exception {
        for (String key : init.keySet()) {
            if (!INIT_KEYS.contains(key)) {
                throw new IllegalArgumentException("sluice's JVM worker takes init keys " + INIT_KEYS
                        + ", but was given '" + key + "' (a worker of your own, with command:, can take any)");
            }
        }
        if (init.get("fail") != null) {
            throw new IllegalStateException(String.valueOf(init.get("fail")));
        }
        if (init.get("delay") != null) {
            Thread.sleep(Units.duration(String.valueOf(init.get("delay"))).toMillis());
        }
        Map<String, Object> stage = new LinkedHashMap<>(work);
        stage.put("name", "work");
        stage.put("scheduler", "single");
        Map<String, Object> profile = Map.of("name", "worker", "source", Map.of("list", List.of(0)),
                "stages", List.of(stage));
        Profile p;
        try {
            p = new ProfileLoader(Map.of()).parse(
                    com.fasterxml.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(profile),
                    "the init frame's work", List.of());
        } catch (ProfileException e) {
            throw new IllegalArgumentException(e.getMessage().replace('\n', ' '));
        }
        StageSpec spec = p.stages().getFirst();
        // Lives as long as the worker process: its timer serves sleep stages.
        SchedulerFactory schedulers = new SchedulerFactory();
        StageLogic logic = StageKinds.logicFor(spec, schedulers.timer(), Map.of(), new StageMetrics(spec.name()),
                schedulers, null);
        return switch (logic) {
            case StageLogic.Sync sync -> sync::apply;
            case StageLogic.Async async -> value -> Mono.from(async.apply(value)).block();
        };
    }
}
