package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * A soak's {@code load:}: how its connections send, and for how long. One steady model for the whole soak (to
 * step the rate up, a soak searches with {@code discover-limit: {by: rate}} instead). Immutable; checked where
 * it is made.
 */
public sealed interface SoakLoad {

    /** The models a soak takes. */
    List<String> MODELS = List.of("arrival-rate", "concurrency");

    String model();

    /** How long the soak holds its connections. */
    Duration duration();

    /**
     * The GET interval of each of {@code connections} connections: the rate spread evenly over them for
     * arrival-rate; zero (no ticks) for concurrency.
     */
    Duration requestInterval(int connections);

    /**
     * An open model: {@code rate} requests per second in all, spread evenly over the connections, so each sends
     * one GET every {@code connections / rate}; latency counts from when each was due.
     */
    record ArrivalRate(Rate rate, Duration duration) implements SoakLoad {
        public ArrivalRate {
            requireNonNull(rate, "rate");
            positive("duration", requireNonNull(duration, "duration"));
        }

        @Override
        public String model() {
            return "arrival-rate";
        }

        @Override
        public Duration requestInterval(int connections) {
            return Duration.ofNanos(Math.max(1, Math.round(connections * 1e9 / rate.perSecond())));
        }
    }

    /**
     * A closed model: {@code users} of the connections each send a GET as soon as the answer to the last is in,
     * after {@code thinkTime}; the other connections are only held.
     */
    record Concurrency(int users, Duration thinkTime, Duration duration) implements SoakLoad {
        public Concurrency {
            InvalidSpecException.positive("users", users);
            InvalidSpecException.notNegative("think-time", requireNonNull(thinkTime, "thinkTime"));
            positive("duration", requireNonNull(duration, "duration"));
        }

        @Override
        public String model() {
            return "concurrency";
        }

        @Override
        public Duration requestInterval(int connections) {
            return Duration.ZERO;
        }
    }

    private static void positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new InvalidSpecException(field, "must be > 0, but was " + Units.format(d));
        }
    }
}
