package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * One stage: what it does to each item ({@link WorkSpec}), on which scheduler, how many items at once,
 * in which order results leave it, the buffer in front of it, and the resilience policies around it.
 * With {@code adaptive}, {@code concurrency} is the ceiling of a limit that adapts as the stage runs (AIMD).
 */
public record StageSpec(
        String name,
        WorkSpec work,
        SchedulerSpec scheduler,
        int concurrency,
        Order order,
        BufferSpec buffer,
        PolicySpec policies,
        boolean adaptive) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    public StageSpec {
        requireNonNull(name, "name");
        requireNonNull(work, "work");
        requireNonNull(scheduler, "scheduler");
        requireNonNull(order, "order");
        requireNonNull(buffer, "buffer");
        requireNonNull(policies, "policies");
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSpecException("name",
                    "must start with a letter and hold only letters, digits, '_' or '-', but was '" + name + "'");
        }
        InvalidSpecException.positive("concurrency", concurrency);
        if (work instanceof WorkSpec.Http http && scheduler instanceof SchedulerSpec.EventLoop && !http.client().h2c()) {
            // The Reactor Netty trap: past connections + pending, every further request fails at once.
            // (Under h2c a connection carries many streams, so the count does not apply.)
            long room = (long) http.client().connections(concurrency) + http.client().pending(concurrency);
            if (concurrency > room) {
                throw new InvalidSpecException("concurrency", "is more than its connection pool can hold (max-connections "
                        + http.client().connections(concurrency) + " + pending-acquire-max "
                        + http.client().pending(concurrency) + " = " + room + "): the rest would fail at once with "
                        + "'pending acquire limit'; lower concurrency or raise the pool, but was " + concurrency);
            }
        }
        if (scheduler instanceof SchedulerSpec.BoundedElastic b && (long) concurrency > (long) b.threads() + b.queue()) {
            throw new InvalidSpecException("concurrency", "must be at most threads + queue of its bounded-elastic "
                    + "scheduler (" + b.threads() + " + " + b.queue() + "), or items would be rejected, but was "
                    + concurrency);
        }
    }

    /** The stage kind as written in a profile, e.g. {@code cpu}. */
    public String kind() {
        return work.kind();
    }

    /** Results leave in input order ({@code Pool.map}) or as they complete ({@code imap_unordered}). */
    public enum Order {
        ORDERED("ordered"), COMPLETION("completion");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
