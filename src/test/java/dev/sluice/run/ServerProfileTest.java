package dev.sluice.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.report.VariantResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A profile's server: block starts a server for the run, fills ${server.url}, reports its view, stops it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerProfileTest {

    @TempDir
    Path dir;

    @Test
    void theRunStartsItsServerFillsItsUrlAndReportsWhatItSaw() throws Exception {
        VariantResult r = Profiles.run("""
                name: with-server
                server: {site: {pages: 10, out-degree: 2}}
                source: {list: ["${server.url}/site/0", "${server.url}/site/1"]}
                stages: [{name: pass, kind: identity}]
                sink: {kind: jsonl, path: urls.jsonl}
                """, dir);
        assertThat(r.items().ok()).isEqualTo(2);
        String urls = Files.readString(dir.resolve("urls.jsonl"));
        assertThat(urls).containsPattern("\"value\":\"http://127\\.0\\.0\\.1:\\d+/site/0\"");
        assertThat(r.server()).isNotNull();
        assertThat(r.server().requests()).isZero();
        String port = urls.replaceAll("(?s).*127\\.0\\.0\\.1:(\\d+)/site/0.*", "$1");
        // The server is gone once the run is over.
        assertThat(portIsFree(Integer.parseInt(port))).isTrue();
    }

    private static boolean portIsFree(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
