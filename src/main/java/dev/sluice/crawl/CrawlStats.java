package dev.sluice.crawl;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** A crawl's running counts: pages by depth and status, bytes, links found, links filtered and why. Thread-safe. */
public final class CrawlStats {

    private final AtomicLongArray depths;
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder[] filtered = new LongAdder[FilterReason.values().length];
    private final LongAdder bytes = new LongAdder();
    private final LongAdder links = new LongAdder();
    private final LongAdder pages = new LongAdder();
    private final LongAdder retries = new LongAdder();

    CrawlStats(int maxDepth) {
        this.depths = new AtomicLongArray(maxDepth + 1);
        for (int i = 0; i < filtered.length; i++) {
            filtered[i] = new LongAdder();
        }
    }

    /** A page answered (after any retries): its depth, final status and bytes read. */
    public void page(int depth, int status, long size) {
        pages.increment();
        if (depth < depths.length()) {
            depths.incrementAndGet(depth);
        }
        statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
        bytes.add(size);
    }

    public void filtered(FilterReason reason, long count) {
        if (count > 0) {
            filtered[reason.ordinal()].add(count);
        }
    }

    void linksFound(long count) {
        links.add(count);
    }

    /** A request answered 429 or 503 (or not at all) that will be tried again. */
    public void retried() {
        retries.increment();
    }

    public long pages() {
        return pages.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long links() {
        return links.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long filtered(FilterReason reason) {
        return filtered[reason.ordinal()].sum();
    }

    /** Filtered counts by reason label, every reason present. */
    public Map<String, Long> filteredByReason() {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (FilterReason r : FilterReason.values()) {
            out.put(r.label(), filtered[r.ordinal()].sum());
        }
        return out;
    }

    /** Pages by final status, e.g. {@code "200": 1000}. */
    public Map<String, Long> statuses() {
        Map<String, Long> out = new TreeMap<>();
        statuses.forEach((k, v) -> out.put(Integer.toString(k), v.sum()));
        return out;
    }

    /** Pages at depth 0, 1, ... up to max-depth (trailing zeros cut). */
    public java.util.List<Long> depthHistogram() {
        int last = depths.length() - 1;
        while (last > 0 && depths.get(last) == 0) {
            last--;
        }
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (int i = 0; i <= last; i++) {
            out.add(depths.get(i));
        }
        return out;
    }
}
