package dev.sluice.testserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server saw: requests by route and status, connections, faults injected, site pages
 * served more than once, and per host (the address a request came to) and per client (the address
 * it came from) the most requests at once and the smallest gap between two request starts.
 * Written from the event-loop threads; {@link #snapshot} may be read from any thread.
 */
public final class ServerStats {

    private final long sitePages;
    private final long startNanos = System.nanoTime();
    private final LongAdder requests = new LongAdder();
    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> faults = new ConcurrentHashMap<>();
    private final Map<String, Concurrency> hosts = new ConcurrentHashMap<>();
    private final Map<String, Concurrency> clients = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder pagesServed = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder disallowed = new LongAdder();
    private volatile AtomicLongArray seenPages;

    ServerStats(long sitePages) {
        this.sitePages = sitePages;
        this.seenPages = new AtomicLongArray((int) Math.min(Integer.MAX_VALUE, (sitePages + 63) / 64));
    }

    /** A request started: counts it and opens its in-flight slot for the host and the client. */
    Request started(String route, String host, String client) {
        requests.increment();
        byRoute.computeIfAbsent(route, k -> new LongAdder()).increment();
        Concurrency h = hosts.computeIfAbsent(host, k -> new Concurrency());
        Concurrency c = clients.computeIfAbsent(client, k -> new Concurrency());
        h.start();
        c.start();
        return new Request(h, c);
    }

    /**
     * An in-flight request. Its status is counted when the server commits to it, before a byte goes
     * out, so a client that has read a response always finds it in the stats; it stops counting as
     * in flight when the response is done.
     */
    final class Request {
        private final Concurrency host;
        private final Concurrency client;
        private boolean counted;
        private boolean ended;

        Request(Concurrency host, Concurrency client) {
            this.host = host;
            this.client = client;
        }

        void status(String status) {
            if (!counted) {
                counted = true;
                byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
            }
        }

        void end() {
            if (!ended) {
                ended = true;
                host.end();
                client.end();
            }
        }
    }

    void fault(String kind) {
        faults.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** A site page was served; counts it as a duplicate when it was served before. */
    void page(long page) {
        pagesServed.increment();
        AtomicLongArray seen = seenPages;
        int slot = (int) (page >>> 6);
        if (slot >= seen.length()) {
            return;
        }
        long bit = 1L << (page & 63);
        long before = seen.getAndUpdate(slot, v -> v | bit);
        if ((before & bit) != 0) {
            duplicates.increment();
        }
    }

    /** A request for a path robots.txt disallows: a crawler that obeys robots never sends one. */
    void disallowed() {
        disallowed.increment();
    }

    void connectionAccepted() {
        accepted.increment();
        int now = open.incrementAndGet();
        maxOpen.accumulateAndGet(now, Math::max);
    }

    void connectionClosed() {
        open.decrementAndGet();
    }

    void connectionRefused() {
        refused.increment();
    }

    public int openConnections() {
        return open.get();
    }

    /** Zeroes every counter; open connections stay what they are. */
    public void reset() {
        requests.reset();
        byRoute.clear();
        byStatus.clear();
        faults.clear();
        hosts.clear();
        clients.clear();
        maxOpen.set(open.get());
        accepted.reset();
        refused.reset();
        pagesServed.reset();
        duplicates.reset();
        disallowed.reset();
        seenPages = new AtomicLongArray(seenPages.length());
    }

    public Snapshot snapshot() {
        return new Snapshot(
                requests.sum(),
                sums(byRoute),
                sums(byStatus),
                new Connections(open.get(), maxOpen.get(), accepted.sum(), refused.sum()),
                duplicates.sum(),
                new Site(sitePages, pagesServed.sum(), pagesServed.sum() - duplicates.sum(), disallowed.sum()),
                sums(faults),
                views(hosts),
                views(clients),
                Math.round((System.nanoTime() - startNanos) / 1e6) / 1e3);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private static Map<String, Peer> views(Map<String, Concurrency> peers) {
        Map<String, Peer> out = new TreeMap<>();
        peers.forEach((k, v) -> out.put(k, v.view()));
        return out;
    }

    /** The stats at one moment, as {@code /stats} returns them (fields are added, never renamed). */
    public record Snapshot(
            long requests,
            Map<String, Long> byRoute,
            Map<String, Long> byStatus,
            Connections connections,
            long duplicates,
            Site site,
            Map<String, Long> faults,
            Map<String, Peer> hosts,
            Map<String, Peer> clients,
            double uptimeSeconds) {
    }

    /** Connection counts; {@code refused} were closed at once because of {@code max-connections}. */
    public record Connections(int open, int maxOpen, long accepted, long refused) {
    }

    /** Site pages: served in all, distinct (served - duplicates), and requests robots.txt disallows. */
    public record Site(long pages, long served, long distinct, long disallowed) {
    }

    /** One host or client: requests, the most at once, the smallest gap between two starts (ms, -1: fewer than 2). */
    public record Peer(long requests, int maxConcurrent, double minGapMs) {
    }

    /** In-flight count and start gaps of one host or client. */
    static final class Concurrency {
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();
        private long requests;
        private long lastStart = Long.MIN_VALUE;
        private long minGap = Long.MAX_VALUE;

        void start() {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            synchronized (this) {
                // The clock is read under the lock, so starts are seen in the order they happened.
                long now = System.nanoTime();
                if (lastStart != Long.MIN_VALUE) {
                    minGap = Math.min(minGap, now - lastStart);
                }
                lastStart = now;
                requests++;
            }
        }

        void end() {
            inFlight.decrementAndGet();
        }

        synchronized Peer view() {
            return new Peer(requests, max.get(), minGap == Long.MAX_VALUE ? -1 : Math.round(minGap / 1e3) / 1e3);
        }
    }
}
