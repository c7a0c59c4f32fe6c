package dev.sluice.pipeline;

import dev.sluice.profile.SourceSpec;
import java.util.Iterator;
import java.util.NoSuchElementException;
import reactor.core.publisher.Flux;

/** The source of a profile as a Flux that honours demand (it emits only what is requested). */
final class SourceFlux {

    private SourceFlux() {
    }

    static Flux<Object> of(SourceSpec spec) {
        Flux<Object> once = switch (spec) {
            case SourceSpec.Range r -> Flux.fromIterable(() -> new RangeIterator(r.from(), r.count()));
            case SourceSpec.Values v -> Flux.fromIterable(v.values());
        };
        return spec.repeat() == 1 ? once : once.repeat(spec.repeat() - 1L);
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
