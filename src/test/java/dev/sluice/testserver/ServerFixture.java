package dev.sluice.testserver;

import dev.sluice.profile.LatencySpec;
import dev.sluice.profile.ServerSpec;
import dev.sluice.profile.ServerSpec.ConnectionSpec;
import dev.sluice.profile.ServerSpec.FaultSpec;
import dev.sluice.profile.ServerSpec.RouteSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Builds server specs and makes real HTTP/1.1 requests with the JDK client, for tests. */
final class ServerFixture {

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ServerFixture() {
    }

    static ServerSpec spec() {
        return ServerSpec.defaults();
    }

    static ServerSpec withSite(long pages, int outDegree, int hosts) {
        ServerSpec d = ServerSpec.defaults();
        return new ServerSpec(d.host(), 0, hosts, 7, d.protocols(), d.connections(),
                new ServerSpec.SiteSpec(pages, outDegree, 1024), d.robots(), d.routes());
    }

    static ServerSpec withRoute(String route, LatencySpec latency, FaultSpec faults) {
        ServerSpec d = ServerSpec.defaults();
        return new ServerSpec(d.host(), 0, 1, 42, d.protocols(), d.connections(), d.site(), d.robots(),
                Map.of(route, new RouteSpec(latency, faults)));
    }

    static ServerSpec withConnections(ConnectionSpec connections) {
        ServerSpec d = ServerSpec.defaults();
        return new ServerSpec(d.host(), 0, 1, 1, d.protocols(), connections, d.site(), d.robots(), d.routes());
    }

    static ServerSpec withRobots(List<String> disallow, Duration crawlDelay) {
        ServerSpec d = ServerSpec.defaults();
        return new ServerSpec(d.host(), 0, 1, 1, d.protocols(), d.connections(), d.site(),
                new ServerSpec.RobotsSpec(disallow, crawlDelay), d.routes());
    }

    static FaultSpec faults(double errorRate, int status, Duration retryAfter, double resetRate, double closeMidBody,
            Duration stallEvery, Duration stallFor, long slowBody) {
        return new FaultSpec(errorRate, status, retryAfter, resetRate, closeMidBody, stallEvery, stallFor, slowBody, 0);
    }

    /** Faults that only hang: a share {@code hangRate} of requests is never answered, its connection never read again. */
    static FaultSpec hangs(double hangRate) {
        return new FaultSpec(0, 503, Duration.ZERO, 0, 0, Duration.ZERO, Duration.ZERO, 0, hangRate);
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<byte[]> getBytes(String url) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
