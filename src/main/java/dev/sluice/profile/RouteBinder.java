package dev.sluice.profile;

import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.profile.ServerSpec.RouteSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a server's {@code routes:}: for each route name in {@link ServerSpec#ROUTES}, its latency and
 * faults. A route left out takes the {@code default} route's settings (see {@link ServerSpec#route}).
 */
final class RouteBinder {

    static final List<String> KEYS = List.of("latency", "error-rate", "error-status", "retry-after", "reset-rate",
            "close-mid-body-rate", "stall", "slow-body", "hang-rate");
    private static final List<String> STALL_KEYS = List.of("every", "for");

    private final Problems problems;
    private final LatencyBinder latencies;

    RouteBinder(Problems problems) {
        this.problems = problems;
        this.latencies = new LatencyBinder(problems);
    }

    /** The routes under {@code server}'s {@code routes:} key (none when it is absent), or null after a problem. */
    @Nullable Map<String, RouteSpec> bind(MappingReader server) {
        Optional<Node> node = server.node("routes");
        if (node.isEmpty()) {
            return Map.of();
        }
        MappingReader routes = MappingReader.of(node.get(), server.child("routes"), problems, server.interpolator())
                .orElse(null);
        if (routes == null) {
            return null;
        }
        Map<String, RouteSpec> bound = new LinkedHashMap<>();
        for (String name : ServerSpec.ROUTES) {
            routes.node(name).map(n -> route(n, routes.child(name), routes.interpolator()))
                    .ifPresent(route -> bound.put(name, route));
        }
        routes.rejectUnknownKeys(ServerSpec.ROUTES);
        return routes.clean() ? bound : null;
    }

    private @Nullable RouteSpec route(Node node, String path, Interpolator interpolator) {
        MappingReader route = MappingReader.of(node, path, problems, interpolator).orElse(null);
        if (route == null) {
            return null;
        }
        LatencySpec latency = route.has("latency") ? latencies.bind(route) : new LatencySpec.None();
        FaultSpec none = FaultSpec.NONE;
        double errorRate = route.fraction("error-rate", none.errorRate());
        int errorStatus = route.integer("error-status", none.errorStatus());
        Duration retryAfter = route.value("retry-after", Units::duration).orElse(none.retryAfter());
        double resetRate = route.fraction("reset-rate", none.resetRate());
        double closeMidBodyRate = route.fraction("close-mid-body-rate", none.closeMidBodyRate());
        Stall stall = stall(route);
        long slowBody = route.value("slow-body", Units::byteRate).orElse(none.slowBodyBytesPerSecond());
        double hangRate = route.fraction("hang-rate", none.hangRate());
        route.rejectUnknownKeys(KEYS);
        if (latency == null || stall == null) {
            return null;
        }
        return route.build(() -> new RouteSpec(latency, new FaultSpec(errorRate, errorStatus, retryAfter, resetRate,
                closeMidBodyRate, stall.every(), stall.pause(), slowBody, hangRate)), stall.at());
    }

    /** A stall and where to point for a broken rule about it: at its {@code for:}, the usual culprit. */
    private record Stall(Duration every, Duration pause, Map<String, Node> at) {
    }

    private @Nullable Stall stall(MappingReader route) {
        Optional<Node> node = route.node("stall");
        if (node.isEmpty()) {
            return new Stall(Duration.ZERO, Duration.ZERO, Map.of());
        }
        MappingReader stall = MappingReader.of(node.get(), route.child("stall"), problems, route.interpolator())
                .orElse(null);
        if (stall == null) {
            return null;
        }
        Optional<Duration> every = stall.requireKey("every") ? stall.value("every", Units::duration) : Optional.empty();
        Optional<Duration> pause = stall.requireKey("for") ? stall.value("for", Units::duration) : Optional.empty();
        stall.rejectUnknownKeys(STALL_KEYS);
        if (every.isEmpty() || pause.isEmpty()) {
            return null;
        }
        return new Stall(every.get(), pause.get(), Map.of("stall", stall.node("for").orElseThrow()));
    }
}
