package dev.sluice.pipeline;

import dev.sluice.profile.RuntimeValues;
import dev.sluice.profile.SourceSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import reactor.core.publisher.Flux;

/** The source of a profile as a Flux that honours demand (it emits only what is requested). */
final class SourceFlux {

    private SourceFlux() {
    }

    static Flux<Object> of(SourceSpec spec, Map<String, String> runtimeValues) {
        Flux<Object> once = switch (spec) {
            case SourceSpec.Range r -> Flux.fromIterable(() -> new RangeIterator(r.from(), r.count()));
            case SourceSpec.Values v -> Flux.fromIterable(fill(v.values(), runtimeValues));
        };
        return spec.repeat() == 1 ? once : once.repeat(spec.repeat() - 1L);
    }

    /**
     * The source's values, repeats included, for a load model that paces them itself; with
     * {@code cycle} they start over for as long as they are asked for.
     */
    static Iterable<Object> values(SourceSpec spec, Map<String, String> runtimeValues, boolean cycle) {
        Iterable<Object> once = switch (spec) {
            case SourceSpec.Range r -> () -> new RangeIterator(r.from(), r.count());
            case SourceSpec.Values v -> fill(v.values(), runtimeValues);
        };
        return () -> new Iterator<>() {
            private int round;
            private Iterator<Object> current = once.iterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && (cycle || ++round < spec.repeat()) && spec.total() > 0) {
                    current = once.iterator();
                }
                return current.hasNext();
            }

            @Override
            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** Text items with {@code ${NAME}} replaced by the run-time values (numbers stay as they are). */
    private static List<Object> fill(List<Object> values, Map<String, String> runtimeValues) {
        if (runtimeValues.isEmpty()) {
            return values;
        }
        List<Object> out = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value instanceof String text) {
                out.add(RuntimeValues.fill(text, runtimeValues));
            } else {
                out.add(value);
            }
        }
        return out;
    }

    /** Longs from {@code from}, {@code count} of them; works past Integer.MAX_VALUE. */
    private static final class RangeIterator implements Iterator<Object> {
        private long next;
        private final long end;

        RangeIterator(long from, long count) {
            this.next = from;
            this.end = from + count;
        }

        @Override
        public boolean hasNext() {
            return next != end;
        }

        @Override
        public Object next() {
            if (next == end) {
                throw new NoSuchElementException();
            }
            return next++;
        }
    }
}
