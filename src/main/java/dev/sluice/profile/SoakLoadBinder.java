package dev.sluice.profile;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a soak profile's top-level {@code load:} ({@code {model: arrival-rate, rate, duration}} or
 * {@code {model: concurrency, users, think-time, duration}}) and checks it against the {@code soak:} block:
 * a duration or a request rate given in both places, a search that sets the rate itself, more users than
 * connections. Every problem is reported with its place.
 */
final class SoakLoadBinder {

    static final String DISCOVER_HINT = "to step the rate up, search with soak.discover-limit: {by: rate, step: 1000/s, "
            + "max: 20000/s, p99-bound: 50ms}";
    private static final Map<String, List<String>> KEYS = Map.of(
            "arrival-rate", List.of("model", "rate", "duration"),
            "concurrency", List.of("model", "users", "think-time", "duration"));
    private static final Duration DEFAULT_DURATION = Duration.ofMinutes(10);

    /** The load as written; {@code users} null means every connection. */
    record Read(MappingReader reader, Node keyNode, String model, @Nullable Rate rate, @Nullable Integer users,
            Duration thinkTime, @Nullable Duration duration) {
    }

    private final Problems problems;

    SoakLoadBinder(Problems problems) {
        this.problems = problems;
    }

    /** The {@code load:} block, or null when there is none or it has a problem (then reported). */
    @Nullable Read read(MappingReader top) {
        Optional<Node> node = top.node("load");
        if (node.isEmpty()) {
            return null;
        }
        MappingReader load = MappingReader.of(node.get(), "load", problems, top.interpolator()).orElse(null);
        if (load == null) {
            return null;
        }
        Optional<String> model = load.required("model");
        if (model.isEmpty()) {
            return null;
        }
        Node modelNode = load.node("model").orElseThrow();
        if (model.get().equals("drain")) {
            problems.add(modelNode, "load.model: a soak cannot drain (every item as fast as it is taken): its load is "
                    + "arrival-rate (a steady total rate spread over the connections, e.g. {model: arrival-rate, rate: "
                    + "10000/s, duration: 10m}) or concurrency (users each sending when the last answer is in)");
            return null;
        }
        if (!SoakLoad.MODELS.contains(model.get())) {
            problems.add(modelNode, "load.model: unknown load model '" + model.get() + "'"
                    + Suggestions.hint(model.get(), SoakLoad.MODELS));
            return null;
        }
        boolean rate = model.get().equals("arrival-rate");
        Rate r = null;
        Integer users = null;
        Duration think = Duration.ZERO;
        if (rate) {
            r = (load.has("rate") ? load.value("rate", Units::rate) : load.required("rate").map(Units::rate)).orElse(null);
        } else {
            users = load.value("users", MappingReader::parseInt).orElse(null);
            think = load.value("think-time", Units::duration).orElse(Duration.ZERO);
        }
        Duration duration = load.value("duration", Units::duration).orElse(null);
        load.rejectUnknownKeys(KEYS.get(model.get()), elsewhere(model.get()));
        if (!load.clean()) {
            return null;
        }
        // The rules of each value (users > 0, think-time not negative, duration > 0), at its place.
        Rate rr = r;
        Integer uu = users;
        Duration tt = think;
        Duration dd = duration == null ? DEFAULT_DURATION : duration;
        SoakLoad checked = load.build(() -> rate ? new SoakLoad.ArrivalRate(rr, dd)
                : new SoakLoad.Concurrency(uu == null ? 1 : uu, tt, dd));
        if (checked == null) {
            return null;
        }
        return new Read(load, top.keyNode("load").orElse(node.get()), model.get(), r, users, think, duration);
    }

    /** Why a key of the other model, or of a pipeline's load, is not one here. */
    private static Map<String, String> elsewhere(String model) {
        Map<String, String> out = new LinkedHashMap<>();
        String steady = "a soak holds one steady rate (load: {model: arrival-rate, rate: 10000/s, duration: 10m}); "
                + DISCOVER_HINT;
        out.put("phases", steady);
        out.put("ramp-to", steady);
        out.put("max-in-flight", "a soak has at most one request in flight per connection; set soak.connections");
        out.put("iterations", "a soak runs for load.duration");
        if (model.equals("arrival-rate")) {
            out.put("users", "it is a setting of load model concurrency");
            out.put("think-time", "it is a setting of load model concurrency");
        } else {
            out.put("rate", "it is a setting of load model arrival-rate");
        }
        return out;
    }

    /**
     * The load for a soak of {@code connections}, or null (with problems reported) when it clashes with the
     * {@code soak:} block's {@code duration} or {@code request-interval}, with a search by {@code discoverBy}
     * (null: no search), or has more users than connections, or is shorter than a window.
     */
    @Nullable SoakLoad resolve(Read load, MappingReader soak, int connections, @Nullable String discoverBy,
            Duration window) {
        boolean ok = true;
        if (load.duration() != null && load.duration().compareTo(window) < 0) {
            problems.add(load.reader().node("duration").orElseThrow(), "load.duration must be at least one window (soak.window "
                    + Units.format(window) + "), but was " + Units.format(load.duration()));
            ok = false;
        }
        if (soak.has("duration")) {
            problems.add(soak.keyNode("duration").orElseThrow(), load.duration() != null
                    ? "soak.duration: the soak's duration is given twice; keep load.duration and remove soak.duration"
                    : "soak.duration: with a load: block the soak's duration is load.duration; move it there");
            ok = false;
        }
        if (soak.has("request-interval")) {
            problems.add(soak.keyNode("request-interval").orElseThrow(), load.rate() != null
                    ? "soak.request-interval: load.rate sets the request rate (spread over the connections); keep "
                            + "load.rate and remove soak.request-interval"
                    : "soak.request-interval: in the concurrency model each user sends when its answer is in (after "
                            + "load.think-time); remove soak.request-interval");
            ok = false;
        }
        if ("rate".equals(discoverBy)) {
            problems.add(load.keyNode(), "load: discover-limit by rate sets each step's rate itself; remove the load: "
                    + "block (its connections are soak.connections)");
            ok = false;
        } else if (discoverBy != null && load.rate() == null) {
            problems.add(load.reader().node("model").orElseThrow(), "load.model: discover-limit by connections keeps "
                    + "each connection's request interval at every step, and a concurrency load has none: use model "
                    + "arrival-rate or soak.request-interval, or discover-limit by rate");
            ok = false;
        }
        if (load.users() != null && load.users() > connections) {
            problems.add(load.reader().node("users").orElseThrow(), "load.users must be at most soak.connections ("
                    + connections + "): the users are some of the connections, but was " + load.users());
            ok = false;
        }
        if (!ok) {
            return null;
        }
        Duration duration = load.duration() == null ? DEFAULT_DURATION : load.duration();
        return load.rate() != null ? new SoakLoad.ArrivalRate(load.rate(), duration)
                : new SoakLoad.Concurrency(load.users() == null ? connections : load.users(), load.thinkTime(), duration);
    }

    /**
     * Checks a soak without a {@code load:} block that searches by rate: its {@code request-interval} would clash
     * with the rate each step sets. True when there is no clash.
     */
    boolean checkRateSearch(MappingReader soak) {
        if (soak.has("request-interval")) {
            problems.add(soak.keyNode("request-interval").orElseThrow(), "soak.request-interval: discover-limit by rate "
                    + "sets each step's rate itself; remove soak.request-interval");
            return false;
        }
        return true;
    }

    /** The rest of {@code discover-limit} once {@code by: rate} is read: whole rates per second, and the bound. */
    @Nullable DiscoverRateSpec discoverRate(MappingReader d) {
        int step = d.value("step", DiscoverRateSpec::wholePerSecond).orElse(1000);
        int max = d.value("max", DiscoverRateSpec::wholePerSecond).orElse(20_000);
        Duration bound = d.value("p99-bound", Units::duration).orElse(Duration.ofSeconds(1));
        d.rejectUnknownKeys(List.of("by", "step", "max", "p99-bound"));
        return d.build(() -> new DiscoverRateSpec(step, max, bound));
    }
}
