package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How items are pushed into the pipeline. */
public sealed interface LoadSpec {

    String model();

    List<String> MODELS = List.of("drain", "arrival-rate", "concurrency");

    /** Every source item, as fast as the pipeline accepts them. */
    record Drain() implements LoadSpec {
        @Override
        public String model() {
            return "drain";
        }
    }

    /**
     * An open model: items arrive on a schedule whatever the pipeline does, one after another through
     * the phases. Each item's intended start time is its place in the schedule; latency is measured
     * from it, so a stalled pipeline shows up in the percentiles (no coordinated omission). At most
     * {@code maxInFlight} items are inside the pipeline; arrivals beyond that are dropped and counted.
     */
    record ArrivalRate(List<Phase> phases, int maxInFlight) implements LoadSpec {
        public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

        public ArrivalRate {
            phases = List.copyOf(phases);
            if (phases.isEmpty()) {
                throw new InvalidSpecException("phases", "needs at least one phase, e.g. [{rate: 100/s, duration: 30s}]");
            }
            if (phases.getFirst().rate() == null) {
                throw new InvalidSpecException("phases", "the first phase needs a 'rate' to start from");
            }
            InvalidSpecException.positive("max-in-flight", maxInFlight);
        }

        @Override
        public String model() {
            return "arrival-rate";
        }

        /** The whole schedule's length. */
        public Duration duration() {
            return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
        }
    }

    /**
     * A closed model: {@code users} each send an item, wait for it to finish, and send the next, for
     * {@code duration} or until {@code iterations} items each; the source's items are taken in order and
     * start over when they run out. Latency is from each item's start, as a user would see it.
     */
    record Concurrency(int users, @Nullable Duration duration, long iterations) implements LoadSpec {
        public Concurrency {
            InvalidSpecException.positive("users", users);
            if ((duration == null) == (iterations <= 0)) {
                throw new InvalidSpecException("duration", "the concurrency model needs exactly one of 'duration' "
                        + "(e.g. 30s) or 'iterations' (items per user)");
            }
            if (duration != null && (duration.isZero() || duration.isNegative())) {
                throw new InvalidSpecException("duration", "must be > 0, but was " + Units.format(duration));
            }
        }

        @Override
        public String model() {
            return "concurrency";
        }
    }

    /**
     * A stretch of the schedule: a steady {@code rate}, or a straight ramp from the rate before (or
     * {@code rate}, when given) to {@code rampTo}.
     */
    record Phase(@Nullable Rate rate, @Nullable Rate rampTo, Duration duration) {
        public Phase {
            requireNonNull(duration, "duration");
            if (rate == null && rampTo == null) {
                throw new InvalidSpecException("rate", "a phase needs 'rate' or 'ramp-to'");
            }
            if (duration.isZero() || duration.isNegative()) {
                throw new InvalidSpecException("duration", "must be > 0, but was " + Units.format(duration));
            }
        }
    }
}
