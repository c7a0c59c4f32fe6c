package dev.sluice.profile;

import dev.sluice.profile.ServerSpec.ConnectionSpec;
import dev.sluice.profile.ServerSpec.Protocol;
import dev.sluice.profile.ServerSpec.RobotsSpec;
import dev.sluice.profile.ServerSpec.RouteSpec;
import dev.sluice.profile.ServerSpec.SiteSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a server block, a profile's {@code server:} or the whole of a {@code sluice serve --config}
 * file, into a {@link ServerSpec}. Every key is optional; a missing one takes {@link ServerSpec#defaults()}.
 */
final class ServerBinder {

    static final List<String> KEYS = List.of("host", "port", "hosts", "seed", "protocols", "keep-alive",
            "idle-timeout", "max-connections", "beyond-max", "site", "robots", "routes");
    private static final List<String> SITE_KEYS = List.of("pages", "out-degree", "page-size");
    private static final List<String> ROBOTS_KEYS = List.of("disallow", "crawl-delay");

    private final Problems problems;

    ServerBinder(Problems problems) {
        this.problems = problems;
    }

    @Nullable ServerSpec bind(MappingReader server) {
        ServerSpec defaults = ServerSpec.defaults();
        ConnectionSpec connection = defaults.connections();
        String host = server.value("host", ServerBinder::hostName).orElse(defaults.host());
        int port = server.integer("port", defaults.port());
        int hosts = server.integer("hosts", defaults.hosts());
        long seed = server.whole("seed", defaults.seed());
        List<Protocol> protocols = protocols(server).orElse(defaults.protocols());
        boolean keepAlive = server.bool("keep-alive", connection.keepAlive());
        Duration idleTimeout = server.value("idle-timeout", Units::duration).orElse(connection.idleTimeout());
        int maxConnections = server.integer("max-connections", connection.maxConnections());
        ConnectionSpec.Beyond beyondMax = server.choice("beyond-max",
                        ProfileBinder.labels(ConnectionSpec.Beyond.values(), ConnectionSpec.Beyond::label))
                .orElse(connection.beyondMax());
        SiteSpec site = site(server, defaults.site());
        RobotsSpec robots = robots(server, defaults.robots());
        Map<String, RouteSpec> routes = new RouteBinder(problems).bind(server);
        server.rejectUnknownKeys(KEYS);
        if (site == null || robots == null || routes == null) {
            return null;
        }
        return server.build(() -> new ServerSpec(host, port, hosts, seed, protocols,
                new ConnectionSpec(keepAlive, idleTimeout, maxConnections, beyondMax), site, robots, routes));
    }

    private Optional<List<Protocol>> protocols(MappingReader server) {
        Map<String, Protocol> byLabel = ProfileBinder.labels(Protocol.values(), Protocol::label);
        Optional<List<MappingReader.Item>> items = server.items("protocols");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<Protocol> protocols = new ArrayList<>();
        for (MappingReader.Item item : items.get()) {
            server.scalarText(item.node(), item.path()).ifPresent(text -> {
                Protocol p = byLabel.get(text);
                if (p == null) {
                    problems.add(item.node(), item.path() + ": unknown protocol '" + text + "'"
                            + Suggestions.hint(text, byLabel.keySet()));
                } else if (protocols.contains(p)) {
                    problems.add(item.node(), item.path() + ": " + text + " is listed twice");
                } else {
                    protocols.add(p);
                }
            });
        }
        return Optional.of(protocols);
    }

    private @Nullable SiteSpec site(MappingReader server, SiteSpec defaults) {
        Optional<Node> node = server.node("site");
        if (node.isEmpty()) {
            return defaults;
        }
        MappingReader site = MappingReader.of(node.get(), server.child("site"), problems, server.interpolator())
                .orElse(null);
        if (site == null) {
            return null;
        }
        long pages = site.whole("pages", defaults.pages());
        int outDegree = site.integer("out-degree", defaults.outDegree());
        int pageSize = site.value("page-size", ServerBinder::intSize).orElse(defaults.pageSize());
        site.rejectUnknownKeys(SITE_KEYS);
        return site.build(() -> new SiteSpec(pages, outDegree, pageSize));
    }

    /** Refuses a blank host such as a quoted {@code ""}, which is not caught as an empty value (only a plain one is). */
    private static String hostName(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("expected a host name or address such as 127.0.0.1, but it was empty");
        }
        return text;
    }

    private static int intSize(String text) {
        long bytes = Units.size(text);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a size up to " + Integer.MAX_VALUE
                    + " bytes (just under 2GiB), but was '" + text + "'");
        }
        return (int) bytes;
    }

    private @Nullable RobotsSpec robots(MappingReader server, RobotsSpec defaults) {
        Optional<Node> node = server.node("robots");
        if (node.isEmpty()) {
            return defaults;
        }
        MappingReader robots = MappingReader.of(node.get(), server.child("robots"), problems, server.interpolator())
                .orElse(null);
        if (robots == null) {
            return null;
        }
        List<String> disallow = new ArrayList<>();
        List<Node> at = new ArrayList<>();
        for (MappingReader.Item item : robots.items("disallow").orElse(List.of())) {
            robots.scalarText(item.node(), item.path()).ifPresent(text -> {
                disallow.add(text);
                at.add(item.node());
            });
        }
        Duration crawlDelay = robots.value("crawl-delay", Units::duration).orElse(defaults.crawlDelay());
        robots.rejectUnknownKeys(ROBOTS_KEYS);
        // A prefix without '/' is reported at that prefix, not at the list.
        return robots.buildEach(at, n -> new RobotsSpec(disallow.subList(0, n), crawlDelay));
    }
}
