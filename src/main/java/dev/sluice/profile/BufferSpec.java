package dev.sluice.profile;

import static java.util.Objects.requireNonNull;

/**
 * The queue in front of a stage and what happens when it is full. {@link #NONE} means no extra queue:
 * the stage pulls only as many items as its concurrency allows (pure backpressure).
 */
public record BufferSpec(int size, Overflow overflow) {

    /** No buffer of its own: demand flows straight upstream. */
    public static final BufferSpec NONE = new BufferSpec(Integer.MAX_VALUE, Overflow.BLOCK);

    public BufferSpec {
        requireNonNull(overflow, "overflow");
        InvalidSpecException.positive("size", size);
    }

    public boolean isNone() {
        return this.equals(NONE);
    }

    /** What a full buffer does with the next item. */
    public enum Overflow {
        /** Upstream waits (backpressure); nothing is lost. */
        BLOCK("block"),
        /** The arriving item is dropped and counted. */
        DROP_NEWEST("drop-newest"),
        /** The oldest buffered item is dropped and counted, the new one kept. */
        DROP_OLDEST("drop-oldest"),
        /** The run fails with an overflow error. */
        ERROR("error");

        private final String label;

        Overflow(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
