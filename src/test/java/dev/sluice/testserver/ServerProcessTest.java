package dev.sluice.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ServerSpec;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The test server in a child process: it serves what its spec says, reports through /stats, and stops. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void servesItsSpecCountsWhatItSawAndStopsWithItsConnectionsClosed() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        ServerSpec spec = new ServerSpec("127.0.0.1", 0, 2, 5, d.protocols(), d.connections(),
                new ServerSpec.SiteSpec(100, 3, 2048), d.robots(), d.routes());
        try (ServerProcess server = ServerProcess.start(spec, dir, Duration.ofMinutes(2))) {
            assertThat(server.urls()).hasSize(2);
            assertThat(server.urls().get(1)).startsWith("http://127.0.0.2:");
            assertThat(server.pid()).isNotEqualTo(ProcessHandle.current().pid());
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(server.url() + "/site/0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).hasSize(2048);
            client.close();
            ServerStats.Snapshot seen = server.snapshot();
            assertThat(seen.site().served()).isEqualTo(1);
            server.close();
            assertThat(server.isAlive()).isFalse();
            assertThat(server.snapshot().connections().open()).as("the last stats it printed").isZero();
            URI uri = URI.create(server.url());
            assertThatThrownBy(() -> new Socket(uri.getHost(), uri.getPort()).close()).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void saysWhyItCouldNotStart() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ServerSpec d = ServerSpec.defaults();
            ServerSpec spec = new ServerSpec("127.0.0.1", taken.getLocalPort(), 1, 1, d.protocols(), d.connections(),
                    d.site(), d.robots(), d.routes());
            assertThatThrownBy(() -> ServerProcess.start(spec, dir, Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the test server's process did not start: sluice serve: cannot start the test server on 127.0.0.1:"
                            + taken.getLocalPort());
        }
    }
}
