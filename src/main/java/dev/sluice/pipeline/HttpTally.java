package dev.sluice.pipeline;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.resilience.HttpStatusException;
import dev.sluice.resilience.StagePolicies;
import org.jspecify.annotations.Nullable;

/** Counts an http stage's responses by status class and its body bytes, the same for both clients. */
final class HttpTally {

    /** The tally keys of the status classes, so that no key is built per answer. */
    private static final String[] STATUS_KEYS = {"status.0xx", "status.1xx", "status.2xx", "status.3xx", "status.4xx",
        "status.5xx", "status.6xx", "status.7xx", "status.8xx", "status.9xx"};

    private HttpTally() {
    }

    /**
     * Tallies one answer; when the stage's retry policy covers its status (a 5xx, a 429), the answer
     * becomes a failure the policy can see, carrying its Retry-After.
     */
    static HttpResult record(StageMetrics metrics, @Nullable StagePolicies policies, String url, int status, long bytes,
            @Nullable String retryAfter) {
        int statusClass = status / 100;
        metrics.tally(statusClass >= 0 && statusClass < STATUS_KEYS.length ? STATUS_KEYS[statusClass] : "status." + statusClass + "xx", 1);
        metrics.tally("bytes", bytes);
        if (policies != null && policies.failsOn(status)) {
            throw new HttpStatusException(url, status, HttpStatusException.parseRetryAfter(retryAfter));
        }
        return new HttpResult(url, status, bytes);
    }
}
