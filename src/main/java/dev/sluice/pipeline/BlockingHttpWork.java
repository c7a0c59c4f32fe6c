package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.WorkSpec;
import dev.sluice.resilience.StagePolicies;
import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The threads model: the worker thread sends the request and blocks until the whole body is read.
 * Each platform worker thread has a client of its own (the seed's "one session per thread"); virtual
 * threads, one per item, share one client, since a client per item would be a new pool per request.
 * Of the stage's connection settings it uses the connect timeout and the protocol; the pool settings
 * are the event-loop client's.
 */
final class BlockingHttpWork implements StageLogic.Sync, AutoCloseable {

    private final WorkSpec.Http spec;
    private final UrlTemplate url;
    private final UrlTemplate body;
    private final StageMetrics metrics;
    private final @Nullable StagePolicies policies;
    private final ThreadLocal<HttpClient> perThread = ThreadLocal.withInitial(this::newClient);
    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
    private final HttpClient sharedForVirtual;

    BlockingHttpWork(WorkSpec.Http spec, Map<String, String> runtimeValues, StageMetrics metrics,
            @Nullable StagePolicies policies) {
        this.spec = spec;
        this.url = new UrlTemplate(spec.url(), runtimeValues);
        this.body = new UrlTemplate(spec.body(), runtimeValues);
        this.metrics = metrics;
        this.policies = policies;
        this.sharedForVirtual = newClient();
    }

    private HttpClient newClient() {
        HttpClient client = HttpClient.newBuilder()
                .version(spec.client().h2c() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(spec.client().connectTimeout())
                .build();
        clients.add(client);
        return client;
    }

    @Override
    public Object apply(Object value) throws IOException, InterruptedException {
        String target = url.fill(value);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(spec.timeout());
        spec.headers().forEach(request::header);
        request.method(spec.method(), spec.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.fill(value)));
        HttpClient client = Thread.currentThread().isVirtual() ? sharedForVirtual : perThread.get();
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
            }
        }
        return HttpTally.record(metrics, policies, target, response.statusCode(), bytes,
                response.headers().firstValue("Retry-After").orElse(null));
    }

    @Override
    public void close() {
        clients.forEach(HttpClient::close);
    }
}
