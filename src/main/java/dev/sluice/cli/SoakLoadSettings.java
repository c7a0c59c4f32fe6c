package dev.sluice.cli;

import dev.sluice.profile.DiscoverRateSpec;
import dev.sluice.profile.SoakLoad;
import dev.sluice.profile.SoakSpec;
import dev.sluice.profile.Units;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A soak's load as the console and {@code result.json} show it: the model, its rate or users, and where it came
 * from ({@code load} for a {@code load:} block, {@code soak.request-interval} for the shorthand).
 */
final class SoakLoadSettings {

    private SoakLoadSettings() {
    }

    /** One line: "arrival-rate 10,000/s (one GET per connection every 1s)", "concurrency: 50 users, think 0". */
    static String describe(SoakSpec s) {
        Map<String, Object> load = load(s);
        return switch ((String) load.get("model")) {
            case "arrival-rate" -> String.format(Locale.ROOT, "arrival-rate %,.0f/s (one GET per connection every %s)",
                    (Double) load.get("ratePerSecond"), load.get("perConnectionInterval"));
            case "concurrency" -> String.format(Locale.ROOT, "concurrency: %,d users, think time %s", load.get("users"),
                    load.get("thinkTime"));
            default -> "connections held only, no requests";
        };
    }

    /** Adds {@code load} (and, for a search by rate, {@code discoverLimit}) to the soak's settings. */
    static void put(SoakSpec s, Map<String, Object> settings) {
        settings.put("load", load(s));
        DiscoverRateSpec dr = s.discoverRate();
        if (dr != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("by", "rate");
            d.put("step", dr.step());
            d.put("max", dr.max());
            d.put("p99Bound", Units.format(dr.p99Bound()));
            settings.put("discoverLimit", d);
        } else if (settings.get("discoverLimit") instanceof Map<?, ?> byConnections) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("by", "connections");
            byConnections.forEach((k, v) -> d.put(String.valueOf(k), v));
            settings.put("discoverLimit", d);
        }
    }

    static Map<String, Object> load(SoakSpec s) {
        Map<String, Object> out = new LinkedHashMap<>();
        SoakLoad load = s.load();
        String from = load != null ? "load" : "soak.request-interval";
        if (s.discoverRate() != null) {
            out.put("model", "arrival-rate");
            out.put("from", "discover-limit");
        } else if (load instanceof SoakLoad.Concurrency c) {
            out.put("model", "concurrency");
            out.put("users", c.users());
            out.put("thinkTime", Units.format(c.thinkTime()));
        } else if (s.requestInterval().isZero()) {
            out.put("model", "hold");
        } else {
            double rate = load instanceof SoakLoad.ArrivalRate a ? a.rate().perSecond()
                    : s.connections() * 1e9 / s.requestInterval().toNanos();
            out.put("model", "arrival-rate");
            out.put("rate", perSecond(rate));
            out.put("ratePerSecond", rate);
            out.put("perConnectionInterval", Units.format(s.requestInterval()));
        }
        if (s.discoverRate() == null) {
            out.put("duration", Units.format(s.duration()));
            out.put("from", from);
        }
        return out;
    }

    private static String perSecond(double rate) {
        return rate == Math.rint(rate) ? String.format(Locale.ROOT, "%.0f/s", rate)
                : String.format(Locale.ROOT, "%.3f/s", rate);
    }
}
