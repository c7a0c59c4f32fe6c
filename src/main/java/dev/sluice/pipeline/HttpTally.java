package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;

/** Counts an http stage's responses by status class and its body bytes, the same for both clients. */
final class HttpTally {

    private HttpTally() {
    }

    static HttpResult record(StageMetrics metrics, String url, int status, long bytes) {
        metrics.tally("status." + status / 100 + "xx", 1);
        metrics.tally("bytes", bytes);
        return new HttpResult(url, status, bytes);
    }
}
