package dev.sluice.resilience;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** An HTTP answer a retry policy treats as a failure (a 5xx or a 429), with its Retry-After if it had one. */
public final class HttpStatusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient @Nullable Duration retryAfter;

    public HttpStatusException(String url, int status, @Nullable Duration retryAfter) {
        super("HTTP " + status + " from " + url + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + "s)"));
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    /** Seconds from a Retry-After header; dates and nonsense give null. */
    public static @Nullable Duration parseRetryAfter(@Nullable String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
