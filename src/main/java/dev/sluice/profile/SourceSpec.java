package dev.sluice.profile;

import java.util.List;

/** Where the work items come from. The whole sequence is emitted {@code repeat} times. */
public sealed interface SourceSpec {

    int repeat();

    /** Number of items the source emits in all. */
    long total();

    /** This source cut to (at most) its first {@code n} items: what a short warm-up run emits. */
    SourceSpec firstItems(long n);

    /** The numbers {@code from, from+1, ..., from+count-1}. */
    record Range(long from, long count, int repeat) implements SourceSpec {
        public Range {
            InvalidSpecException.notNegative("count", count);
            InvalidSpecException.positive("repeat", repeat);
            if (count > 0 && from > Long.MAX_VALUE - (count - 1)) {
                throw new InvalidSpecException("count", "runs past the largest number (" + Long.MAX_VALUE + ")");
            }
            if (Math.multiplyHigh(count, repeat) != 0 || count * repeat < 0) {
                throw new InvalidSpecException("repeat", "makes too many items: count " + count + " x repeat " + repeat
                        + " is past " + Long.MAX_VALUE);
            }
        }

        @Override
        public long total() {
            return Math.multiplyExact(count, (long) repeat);
        }

        @Override
        public SourceSpec firstItems(long n) {
            if (n >= total()) {
                return this;
            }
            // Whole passes over the range where n allows, else the start of one pass.
            return n <= count ? new Range(from, n, 1) : new Range(from, count, (int) (n / count));
        }
    }

    /** The given values (numbers or strings), in order. */
    record Values(List<Object> values, int repeat) implements SourceSpec {
        public Values {
            values = List.copyOf(values);
            InvalidSpecException.positive("repeat", repeat);
            for (Object v : values) {
                if (!(v instanceof String) && !(v instanceof Long)) {
                    throw new InvalidSpecException("list", "items must be numbers or strings, but one was " + v);
                }
            }
        }

        @Override
        public long total() {
            return Math.multiplyExact((long) values.size(), (long) repeat);
        }

        @Override
        public SourceSpec firstItems(long n) {
            if (n >= total()) {
                return this;
            }
            List<Object> first = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                first.add(values.get(i % values.size()));
            }
            return new Values(first, 1);
        }
    }
}
