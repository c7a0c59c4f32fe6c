package dev.sluice.resilience;

import dev.sluice.metrics.StageMetrics;
import dev.sluice.profile.PolicySpec;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.ratelimiter.operator.RateLimiterOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import io.reactivex.rxjava3.core.Single;
import reactor.core.publisher.Mono;

/**
 * One stage's policies as Resilience4j objects, shared by its items, and applied to each item's own
 * Mono (Resilience4j operators take their permit once per subscription, so applied to the whole
 * stream they would let everything through on one permit). Order, outermost first: retry, circuit
 * breaker, rate limiter, time limiter, bulkhead. Retries and rejections are counted in the stage's
 * tallies with their reason.
 */
public final class StagePolicies {

    private final @Nullable Retry retry;
    private final @Nullable CircuitBreaker breaker;
    private final @Nullable RateLimiter limiter;
    private final @Nullable TimeLimiter timeLimiter;
    private final @Nullable Bulkhead bulkhead;
    private final Set<String> failOn;

    public StagePolicies(String stage, PolicySpec spec, StageMetrics metrics) {
        // A retry acts on the statuses it names; a circuit breaker alone counts 5xx answers as failures.
        this.failOn = spec.retry() != null ? spec.retry().on()
                : spec.circuitBreaker() != null ? Set.of("5xx") : Set.of();
        this.retry = spec.retry() == null ? null : retry(stage, spec.retry(), metrics);
        this.breaker = spec.circuitBreaker() == null ? null : CircuitBreaker.of(stage, CircuitBreakerConfig.custom()
                .failureRateThreshold((float) spec.circuitBreaker().failureRate())
                .slidingWindowSize(spec.circuitBreaker().window())
                .minimumNumberOfCalls(spec.circuitBreaker().window())
                .waitDurationInOpenState(spec.circuitBreaker().openFor())
                .build());
        if (breaker != null) {
            breaker.getEventPublisher().onStateTransition(e -> metrics.tally(
                    "circuit." + e.getStateTransition().getToState().name().toLowerCase(java.util.Locale.ROOT), 1));
        }
        this.limiter = spec.rateLimit() == null ? null : RateLimiter.of(stage, rateLimit(spec.rateLimit()));
        this.timeLimiter = spec.timeout() == null ? null
                : TimeLimiter.of(stage, TimeLimiterConfig.custom().timeoutDuration(spec.timeout()).build());
        this.bulkhead = spec.bulkhead() == null ? null : Bulkhead.of(stage, BulkheadConfig.custom()
                .maxConcurrentCalls(spec.bulkhead().maxConcurrent())
                .maxWaitDuration(spec.bulkhead().maxWait())
                .build());
    }

    /** The status classes a stage must turn into failures for its retry policy to see them. */
    public boolean failsOn(int status) {
        return (status >= 500 && failOn.contains("5xx")) || (status == 429 && failOn.contains("429"));
    }

    /** The item's call wrapped in the policies; subscribe once per item. */
    public <T> Mono<T> apply(Mono<T> call) {
        Mono<T> m = call;
        if (bulkhead != null) {
            m = m.transformDeferred(BulkheadOperator.of(bulkhead));
        }
        if (timeLimiter != null) {
            m = m.transformDeferred(TimeLimiterOperator.of(timeLimiter));
        }
        if (limiter != null) {
            m = m.transformDeferred(RateLimiterOperator.of(limiter));
        }
        if (breaker != null) {
            m = m.transformDeferred(CircuitBreakerOperator.of(breaker));
        }
        if (retry != null) {
            m = m.transformDeferred(RetryOperator.of(retry));
        }
        return m;
    }

    /** As {@link #apply(Mono)}, for an item's call on RxJava ({@code engine: rxjava}): the same policies, same order. */
    public <T> Single<T> apply(Single<T> call) {
        Single<T> s = call;
        if (bulkhead != null) {
            s = s.compose(io.github.resilience4j.rxjava3.bulkhead.operator.BulkheadOperator.of(bulkhead));
        }
        if (timeLimiter != null) {
            s = s.compose(io.github.resilience4j.rxjava3.timelimiter.transformer.TimeLimiterTransformer.of(timeLimiter));
        }
        if (limiter != null) {
            s = s.compose(io.github.resilience4j.rxjava3.ratelimiter.operator.RateLimiterOperator.of(limiter));
        }
        if (breaker != null) {
            s = s.compose(io.github.resilience4j.rxjava3.circuitbreaker.operator.CircuitBreakerOperator.of(breaker));
        }
        if (retry != null) {
            s = s.compose(io.github.resilience4j.rxjava3.retry.transformer.RetryTransformer.of(retry));
        }
        return s;
    }

    /** Why an item was refused, for the tallies: null when it simply failed. */
    public static @Nullable String rejection(Throwable e) {
        return switch (e) {
            case RequestNotPermitted r -> "rejected.rate-limit";
            case CallNotPermittedException c -> "rejected.circuit-open";
            case BulkheadFullException b -> "rejected.bulkhead";
            case TimeoutException t -> "rejected.timeout";
            default -> null;
        };
    }

    private static Retry retry(String stage, PolicySpec.Retry spec, StageMetrics metrics) {
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (spec.respectRetryAfter() && outcome.isLeft()
                    && outcome.getLeft() instanceof HttpStatusException h && h.retryAfter() != null) {
                return h.retryAfter().toMillis();
            }
            double wait = spec.backoff().toMillis() * Math.pow(spec.multiplier(), attempt - 1);
            double spread = spec.jitter() == 0 ? 0 : wait * spec.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
            return Math.max(0, Math.round(wait + spread));
        };
        Retry retry = Retry.of(stage, RetryConfig.custom()
                .maxAttempts(spec.attempts())
                .intervalBiFunction(interval)
                .retryOnException(e -> retryable(spec.on(), e))
                .build());
        retry.getEventPublisher().onRetry(e -> metrics.tally("retries", 1));
        return retry;
    }

    private static boolean retryable(Set<String> on, Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof HttpStatusException h) {
                return (h.status() >= 500 && on.contains("5xx")) || (h.status() == 429 && on.contains("429"));
            }
            if (t instanceof TimeoutException || t instanceof java.net.http.HttpTimeoutException
                    || t.getClass().getSimpleName().contains("ReadTimeout")) {
                return on.contains("timeout");
            }
            // Refused, reset or closed early: the connection failed, whatever the exception's name.
            if (t instanceof ConnectException || t instanceof java.io.IOException) {
                return on.contains("connect-error");
            }
            t = t.getCause();
        }
        return false;
    }

    /** Permits spread evenly: one per 1/rate up to 1000/s, then several per millisecond. */
    private static RateLimiterConfig rateLimit(PolicySpec.RateLimit spec) {
        double perSecond = spec.rate().perSecond();
        Duration period;
        int permits;
        if (perSecond <= 1000) {
            period = Duration.ofNanos(Math.max(1, Math.round(1e9 / perSecond)));
            permits = 1;
        } else {
            period = Duration.ofMillis(1);
            permits = (int) Math.round(perSecond / 1000);
        }
        return RateLimiterConfig.custom().limitRefreshPeriod(period).limitForPeriod(permits)
                .timeoutDuration(spec.timeout()).build();
    }
}
