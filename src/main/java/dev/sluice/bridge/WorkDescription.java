package dev.sluice.bridge;

import dev.sluice.profile.RuntimeValues;
import dev.sluice.profile.Units;
import dev.sluice.profile.WorkSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stage's work as the {@code init} frame carries it: the keys a profile writes for that kind, every
 * default filled in, run-time values such as {@code ${server.url}} already replaced ({@code ${item}}
 * stays, for the worker to fill per item).
 */
public final class WorkDescription {

    private WorkDescription() {
    }

    public static Map<String, Object> of(WorkSpec work, Map<String, String> runtimeValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", work.kind());
        switch (work) {
            case WorkSpec.Cpu cpu -> out.put("function", cpu.function().label());
            case WorkSpec.Sleep sleep -> out.put("duration", Units.format(sleep.duration()));
            case WorkSpec.BlockingIo io -> out.put("duration", Units.format(io.duration()));
            case WorkSpec.Identity identity -> {
            }
            case WorkSpec.Consumer consumer -> throw new IllegalArgumentException(
                    "a consumer stage cannot run on worker processes (the profile is checked for this)");
            case WorkSpec.ExtractLinks links -> throw new IllegalArgumentException(
                    "an extract-links stage cannot run on worker processes (the profile is checked for this)");
            case WorkSpec.Http http -> {
                out.put("method", http.method());
                out.put("url", RuntimeValues.fill(http.url(), runtimeValues));
                Map<String, String> headers = new LinkedHashMap<>();
                http.headers().forEach((k, v) -> headers.put(k, RuntimeValues.fill(v, runtimeValues)));
                out.put("headers", headers);
                out.put("body", RuntimeValues.fill(http.body(), runtimeValues));
                out.put("timeout", Units.format(http.timeout()));
                out.put("connect-timeout", Units.format(http.client().connectTimeout()));
            }
        }
        return out;
    }
}
