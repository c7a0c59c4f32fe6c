package dev.sluice.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The fleet's live counters. Written from the event-loop threads (and from the opening thread for
 * connect failures), read from any thread: every counter is exact, but a {@link #snapshot()} taken
 * while events happen is not one atomic cut across counters.
 */
final class FleetCounters {

    private final LongAdder opened = new LongAdder();
    private final LongAdder[] failed = adders(FleetFailure.values().length);
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder[] closed = adders(FleetClose.values().length);
    private final LongAdder sent = new LongAdder();
    private final LongAdder[] responses = adders(FleetCounts.STATUS_CLASSES.length);
    private final LongAdder[] errors = adders(FleetError.values().length);
    private final LongAdder late = new LongAdder();

    void opened() {
        opened.increment();
        open.incrementAndGet();
    }

    void failed(FleetFailure kind) {
        failed[kind.ordinal()].increment();
    }

    void closed(FleetClose kind) {
        closed[kind.ordinal()].increment();
        open.decrementAndGet();
    }

    void sent() {
        sent.increment();
    }

    /** A complete response; statuses outside 100-599 are counted with the nearest class. */
    void response(int status) {
        int index = Math.max(0, Math.min(STATUS_LAST, status / 100 - 1));
        responses[index].increment();
    }

    void error(FleetError kind) {
        errors[kind.ordinal()].increment();
    }

    void late() {
        late.increment();
    }

    int open() {
        return open.get();
    }

    FleetCounts snapshot() {
        Map<FleetFailure, Long> f = new EnumMap<>(FleetFailure.class);
        for (FleetFailure k : FleetFailure.values()) {
            f.put(k, failed[k.ordinal()].sum());
        }
        Map<FleetClose, Long> c = new EnumMap<>(FleetClose.class);
        for (FleetClose k : FleetClose.values()) {
            c.put(k, closed[k.ordinal()].sum());
        }
        Map<String, Long> r = new TreeMap<>();
        for (int i = 0; i < FleetCounts.STATUS_CLASSES.length; i++) {
            r.put(FleetCounts.STATUS_CLASSES[i], responses[i].sum());
        }
        Map<FleetError, Long> e = new EnumMap<>(FleetError.class);
        for (FleetError k : FleetError.values()) {
            e.put(k, errors[k.ordinal()].sum());
        }
        return new FleetCounts(opened.sum(), f, open.get(), c, sent.sum(), r, e, late.sum());
    }

    private static final int STATUS_LAST = FleetCounts.STATUS_CLASSES.length - 1;

    private static LongAdder[] adders(int n) {
        LongAdder[] out = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }
}
