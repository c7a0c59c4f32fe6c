package dev.sluice.soak;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fleet's counts: since it started ({@link ConnectionFleet#counts()}) or over one window
 * ({@link FleetWindow#counts()}). {@code open} is a gauge, the connections open when the counts were
 * read; the rest are counters. Every map holds every key (zero when nothing happened); responses are
 * keyed by status class {@code "1xx"} to {@code "5xx"}.
 *
 * <p>Once every attempt has ended: {@code opened + failedTotal() == attempts}, {@code opened == open +
 * closedTotal()}; once no request is pending: {@code sent == responsesTotal() + errorsTotal()}.
 */
public record FleetCounts(
        long opened,
        Map<FleetFailure, Long> failed,
        int open,
        Map<FleetClose, Long> closed,
        long sent,
        Map<String, Long> responses,
        Map<FleetError, Long> errors,
        long late) {

    /** The status classes responses are counted by. */
    public static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    public FleetCounts {
        failed = Collections.unmodifiableMap(new EnumMap<>(failed));
        closed = Collections.unmodifiableMap(new EnumMap<>(closed));
        responses = Collections.unmodifiableMap(new TreeMap<>(responses));
        errors = Collections.unmodifiableMap(new EnumMap<>(errors));
    }

    public long failed(FleetFailure kind) {
        return failed.getOrDefault(kind, 0L);
    }

    public long closed(FleetClose kind) {
        return closed.getOrDefault(kind, 0L);
    }

    public long responses(String statusClass) {
        return responses.getOrDefault(statusClass, 0L);
    }

    public long errors(FleetError kind) {
        return errors.getOrDefault(kind, 0L);
    }

    public long failedTotal() {
        return sum(failed);
    }

    public long closedTotal() {
        return sum(closed);
    }

    public long responsesTotal() {
        return sum(responses);
    }

    public long errorsTotal() {
        return sum(errors);
    }

    /** These counts less {@code earlier}'s, counter by counter; {@code open} stays this one's. */
    public FleetCounts minus(FleetCounts earlier) {
        return new FleetCounts(opened - earlier.opened, diff(failed, earlier.failed, FleetFailure.class), open,
                diff(closed, earlier.closed, FleetClose.class), sent - earlier.sent,
                diffStrings(responses, earlier.responses), diff(errors, earlier.errors, FleetError.class),
                late - earlier.late);
    }

    /** These counts and {@code other}'s together, counter by counter and {@code open} too (a fleet split over shards). */
    public FleetCounts plus(FleetCounts other) {
        return new FleetCounts(opened + other.opened, sum(failed, other.failed, FleetFailure.class), open + other.open,
                sum(closed, other.closed, FleetClose.class), sent + other.sent, sumStrings(responses, other.responses),
                sum(errors, other.errors, FleetError.class), late + other.late);
    }

    /** All zero, none open. */
    public static FleetCounts zero() {
        return new FleetCounts(0, zeros(FleetFailure.class), 0, zeros(FleetClose.class), 0, zeroStatuses(),
                zeros(FleetError.class), 0);
    }

    static <E extends Enum<E>> Map<E, Long> zeros(Class<E> type) {
        Map<E, Long> out = new EnumMap<>(type);
        for (E e : type.getEnumConstants()) {
            out.put(e, 0L);
        }
        return out;
    }

    static Map<String, Long> zeroStatuses() {
        Map<String, Long> out = new TreeMap<>();
        for (String s : STATUS_CLASSES) {
            out.put(s, 0L);
        }
        return out;
    }

    private static <E extends Enum<E>> Map<E, Long> diff(Map<E, Long> now, Map<E, Long> before, Class<E> type) {
        Map<E, Long> out = new EnumMap<>(type);
        now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    private static Map<String, Long> diffStrings(Map<String, Long> now, Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        now.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    private static <E extends Enum<E>> Map<E, Long> sum(Map<E, Long> a, Map<E, Long> b, Class<E> type) {
        Map<E, Long> out = new EnumMap<>(type);
        out.putAll(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    private static Map<String, Long> sumStrings(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    private static <K> long sum(Map<K, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
