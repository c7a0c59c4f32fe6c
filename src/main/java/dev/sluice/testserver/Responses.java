package dev.sluice.testserver;

import dev.sluice.profile.ServerSpec;
import dev.sluice.profile.Units;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The body of each route, and its status when it is not 200. Pure apart from setting the status on
 * the response; the router adds latency and faults around it.
 */
final class Responses {

    /** Largest {@code /bytes/N}; bodies up to {@link #SHARED} length are slices of one shared array. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final long MAX_DELAY_NANOS = Duration.ofMinutes(10).toNanos();
    private static final byte[] SHARED = pattern(1024 * 1024);
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";
    private static final String ROUTES = "routes: /site/ID, /bytes/N, /delay/DURATION, /status/CODE, /api/items/ID, "
            + "/robots.txt, /stats, /stats/reset\n";

    private final ServerSpec spec;
    private final SiteGraph site;
    private final ServerStats stats;
    private final IntFunction<String> baseUrl;
    private final byte[] robots;

    Responses(ServerSpec spec, SiteGraph site, ServerStats stats, IntFunction<String> baseUrl) {
        this.spec = spec;
        this.site = site;
        this.stats = stats;
        this.baseUrl = baseUrl;
        this.robots = robotsTxt(spec.robots()).getBytes(StandardCharsets.UTF_8);
    }

    /** A body: the first {@code length} bytes of {@code data}, sent after {@code waitNanos}. */
    record Body(byte[] data, int length, String contentType, long waitNanos) {
        static Body of(byte[] data, String contentType) {
            return new Body(data, data.length, contentType, 0);
        }

        static Body text(String text) {
            return of(text.getBytes(StandardCharsets.UTF_8), TEXT);
        }
    }

    Body body(Router.Route route, String path, HttpServerResponse res) {
        return switch (route) {
            case SITE -> page(path, res);
            case BYTES -> bytes(path, res);
            case DELAY -> delay(path, res);
            case STATUS -> status(path, res);
            case API -> api(path, res);
            case ROBOTS -> Body.of(robots, TEXT);
            case OTHER -> notFound(res, "no such route: " + path + "\n" + ROUTES);
        };
    }

    private Body page(String path, HttpServerResponse res) {
        long page = SiteGraph.pageOf(path);
        if (page < 0 || !site.contains(page)) {
            return notFound(res, "no such page: " + path + " (the site has " + site.pages() + " pages)\n");
        }
        for (String prefix : spec.robots().disallow()) {
            if (path.startsWith(prefix)) {
                stats.disallowed();
            }
        }
        stats.page(page);
        return Body.of(site.html(page, baseUrl), HTML);
    }

    private static Body bytes(String path, HttpServerResponse res) {
        long n;
        try {
            n = Units.size(path.substring("/bytes/".length()));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return badRequest(res, "expected /bytes/N with N a size such as 512 or 16KiB, but was " + path + "\n");
        }
        if (n > MAX_BYTES) {
            return badRequest(res, "/bytes/N takes at most " + MAX_BYTES + " bytes, but was " + n + "\n");
        }
        byte[] data = n <= SHARED.length ? SHARED : pattern((int) n);
        return new Body(data, (int) n, "application/octet-stream", 0);
    }

    private static Body delay(String path, HttpServerResponse res) {
        Duration d;
        try {
            d = Units.duration(path.substring("/delay/".length()));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return badRequest(res, "expected /delay/DURATION such as /delay/250ms, but was " + path + "\n");
        }
        if (d.toNanos() > MAX_DELAY_NANOS) {
            return badRequest(res, "/delay takes at most 10m\n");
        }
        byte[] ok = ("delayed " + Units.format(d) + "\n").getBytes(StandardCharsets.UTF_8);
        return new Body(ok, ok.length, TEXT, d.toNanos());
    }

    private static Body status(String path, HttpServerResponse res) {
        int code;
        try {
            code = Integer.parseInt(path.substring("/status/".length()));
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            code = -1;
        }
        if (code < 200 || code > 599) {
            return badRequest(res, "expected /status/CODE with CODE from 200 to 599, but was " + path + "\n");
        }
        res.status(code);
        if (code == 204 || code == 304) {
            return new Body(new byte[0], 0, TEXT, 0);
        }
        return Body.text("status " + code + "\n");
    }

    /** {@code /api/items/ID}: a small JSON record derived from the seed; {@code /api/items}: ten of them. */
    private Body api(String path, HttpServerResponse res) {
        if (path.equals("/api/items") || path.equals("/api/items/")) {
            StringBuilder list = new StringBuilder("[");
            for (long id = 1; id <= 10; id++) {
                list.append(id > 1 ? "," : "").append(item(id));
            }
            return Body.of(list.append("]\n").toString().getBytes(StandardCharsets.UTF_8), JSON);
        }
        if (path.startsWith("/api/items/")) {
            try {
                long id = Long.parseLong(path.substring("/api/items/".length()));
                if (id >= 0) {
                    return Body.of((item(id) + "\n").getBytes(StandardCharsets.UTF_8), JSON);
                }
            } catch (NumberFormatException e) {
                // falls through to 404
            }
        }
        return notFound(res, "no such API path: " + path + " (try /api/items or /api/items/42)\n");
    }

    private String item(long id) {
        long bits = SeededRandom.mix(spec.seed(), 99, id);
        long cents = 100 + Math.floorMod(bits, 99_900);
        boolean inStock = (bits >>> 40 & 1) == 0;
        return "{\"id\":" + id + ",\"name\":\"item-" + id + "\",\"price\":" + cents / 100 + "." + String.format("%02d", cents % 100)
                + ",\"inStock\":" + inStock + "}";
    }

    private static Body notFound(HttpServerResponse res, String message) {
        res.status(HttpResponseStatus.NOT_FOUND);
        return Body.text(message);
    }

    private static Body badRequest(HttpServerResponse res, String message) {
        res.status(HttpResponseStatus.BAD_REQUEST);
        return Body.text(message);
    }

    static String robotsTxt(ServerSpec.RobotsSpec robots) {
        StringBuilder out = new StringBuilder("User-agent: *\n");
        for (String prefix : robots.disallow()) {
            out.append("Disallow: ").append(prefix).append('\n');
        }
        if (robots.disallow().isEmpty()) {
            out.append("Disallow:\n");
        }
        if (!robots.crawlDelay().isZero()) {
            double seconds = robots.crawlDelay().toMillis() / 1000.0;
            out.append("Crawl-delay: ").append(seconds == Math.rint(seconds) ? Long.toString((long) seconds)
                    : Double.toString(seconds)).append('\n');
        }
        return out.toString();
    }

    private static byte[] pattern(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) ('a' + i % 26);
        }
        return out;
    }
}
