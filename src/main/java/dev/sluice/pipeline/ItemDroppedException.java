package dev.sluice.pipeline;

import static java.util.Objects.requireNonNull;

/**
 * Thrown by a stage's logic for an item it deliberately leaves out (a crawl's page that robots.txt
 * disallows): the item counts as dropped, with the reason tallied as {@code dropped.REASON}, not as failed.
 */
final class ItemDroppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    ItemDroppedException(String reason) {
        super("dropped: " + reason, null, false, false);
        this.reason = requireNonNull(reason, "reason");
    }

    String reason() {
        return reason;
    }

    /** Counts a dropped item when {@code e} is one; false for a real failure. */
    static boolean countIfDropped(Throwable e, dev.sluice.metrics.StageMetrics m) {
        if (e instanceof ItemDroppedException d) {
            m.tally("dropped." + d.reason, 1);
            m.dropped();
            return true;
        }
        return false;
    }
}
