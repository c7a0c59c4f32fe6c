package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Resilience policies of a stage, applied to each item on its own (a rate limit, retries, a timeout,
 * a circuit breaker, a bulkhead). Any of them may be absent.
 */
public record PolicySpec(
        @Nullable RateLimit rateLimit,
        @Nullable Retry retry,
        @Nullable Duration timeout,
        @Nullable CircuitBreaker circuitBreaker,
        @Nullable Bulkhead bulkhead) {

    public static final PolicySpec NONE = new PolicySpec(null, null, null, null, null);

    public PolicySpec {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new InvalidSpecException("timeout", "must be > 0, but was " + Units.format(timeout));
        }
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /** At most {@code rate} items start per second; one waits up to {@code timeout} for its turn, then is rejected. */
    public record RateLimit(Rate rate, Duration timeout) {
        public RateLimit {
            requireNonNull(rate, "rate");
            InvalidSpecException.notNegative("timeout", requireNonNull(timeout, "timeout"));
        }
    }

    /**
     * Up to {@code attempts} tries in all, {@code backoff} apart and growing by {@code multiplier}, each wait
     * spread by {@code jitter} (0..1), on the failures named in {@code on}. With {@code respectRetryAfter}
     * a 429 or 503 waits what its Retry-After says.
     */
    public record Retry(int attempts, Duration backoff, double multiplier, double jitter, Set<String> on,
            boolean respectRetryAfter) {
        /** What a retry may be for. */
        public static final List<String> CAUSES = List.of("5xx", "429", "connect-error", "timeout");

        public Retry {
            if (attempts < 2) {
                throw new InvalidSpecException("attempts", "must be at least 2 (the first try and one retry), but was " + attempts);
            }
            InvalidSpecException.notNegative("backoff", requireNonNull(backoff, "backoff"));
            if (!(multiplier >= 1)) {
                throw new InvalidSpecException("multiplier", "must be >= 1, but was " + multiplier);
            }
            if (!(jitter >= 0 && jitter < 1)) {
                throw new InvalidSpecException("jitter", "must be from 0 up to (not including) 1, but was " + jitter);
            }
            on = Set.copyOf(on);
            if (on.isEmpty()) {
                throw new InvalidSpecException("on", "must name at least one of " + CAUSES);
            }
            for (String cause : on) {
                if (!CAUSES.contains(cause)) {
                    throw new InvalidSpecException("on", "has an unknown cause '" + cause + "'" + Suggestions.hint(cause, CAUSES));
                }
            }
        }
    }

    /** Opens after {@code failureRate}% of the last {@code window} items failed; rejects items for {@code openFor}. */
    public record CircuitBreaker(double failureRate, int window, Duration openFor) {
        public CircuitBreaker {
            if (!(failureRate > 0 && failureRate <= 100)) {
                throw new InvalidSpecException("failure-rate", "must be above 0 and at most 100 (a percentage), but was " + failureRate);
            }
            InvalidSpecException.positive("window", window);
            InvalidSpecException.positive("open-for", requireNonNull(openFor, "openFor").toNanos());
        }
    }

    /** At most {@code maxConcurrent} items inside at once; one waits up to {@code maxWait}, then is rejected. */
    public record Bulkhead(int maxConcurrent, Duration maxWait) {
        public Bulkhead {
            InvalidSpecException.positive("max-concurrent", maxConcurrent);
            InvalidSpecException.notNegative("max-wait", requireNonNull(maxWait, "maxWait"));
        }
    }
}
