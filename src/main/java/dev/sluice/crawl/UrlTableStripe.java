package dev.sluice.crawl;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stripe of the set: an open-addressing table (linear probing) over the stripe's own
 * {@link ByteArena}. Each slot is one long: the URL's 28-bit stripe hash above the arena position + 1
 * (0 marks an empty slot). The hash in the slot does two jobs: it rejects nearly every slot that holds
 * another URL without touching the arena, and it is all a resize needs, so growing never reads the
 * URLs back.
 *
 * <p>Nearly every check in a crawl is a repeat, so finding a URL takes no lock and writes nothing:
 * with a lock, every check would write the lock's word and two threads would pass its cache line back
 * and forth. Adding takes the stripe's monitor and looks again under it, so of racing threads exactly
 * one adds. A slot is stored with release after its record is written, and read with acquire, so a
 * reader that finds a slot also sees the record's bytes.
 */
final class UrlTableStripe {

    static final int HASH_BITS = 28;
    static final int HASH_MASK = (1 << HASH_BITS) - 1;
    static final int POSITION_BITS = Long.SIZE - HASH_BITS;
    private static final long POSITION_MASK = (1L << POSITION_BITS) - 1;
    /** The slot index comes from the stored hash, so the table can never have more slots than it has bits. */
    static final int MAX_CAPACITY = 1 << HASH_BITS;
    private static final int MIN_CAPACITY = 16;
    /** Linear probing slows sharply past about 0.7; below it a miss probes about 2 to 6 slots. */
    private static final double MAX_LOAD = 0.7;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final ByteArena arena = new ByteArena();
    /** Volatile so that a reader sees a grown table with every slot copied into it. */
    private volatile long[] slots;
    private int count;
    private int growAt;

    UrlTableStripe(int capacity) {
        slots = new long[capacity];
        growAt = growAt(capacity);
    }

    /** The table size (a power of two) that holds {@code urls} at or below the maximum load. */
    static int capacityFor(long urls) {
        long needed = Math.max(MIN_CAPACITY, (long) Math.ceil(urls / MAX_LOAD));
        if (needed >= MAX_CAPACITY) {
            return MAX_CAPACITY;
        }
        return Integer.highestOneBit((int) needed - 1) << 1;
    }

    /**
     * Adds the URL unless it is already here; true if it was added.
     *
     * @param hash the URL's stripe hash, {@link #HASH_BITS} bits
     */
    boolean add(String url, int hash) {
        // Not finding it here proves nothing (a table being replaced, a slot being filled): look again
        // under the lock.
        return !contains(url, hash) && addLocked(url, hash);
    }

    private boolean contains(String url, int hash) {
        long[] t = slots;
        int mask = t.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            long slot = (long) SLOT.getAcquire(t, i);
            if (slot == 0) {
                return false;
            }
            if (holds(slot, url, hash)) {
                return true;
            }
        }
    }

    private synchronized boolean addLocked(String url, int hash) {
        long[] t = slots;
        int mask = t.length - 1;
        int i = hash & mask;
        for (long slot; (slot = t[i]) != 0; i = (i + 1) & mask) {
            if (holds(slot, url, hash)) {
                return false;
            }
        }
        boolean latin1 = UrlBytes.isLatin1(url);
        long encodedLength = latin1 ? url.length() : UrlBytes.wtf8Length(url);
        if (encodedLength > UrlDedup.MAX_URL_BYTES) {
            throw UrlDedup.tooLong(url, Long.toString(encodedLength));
        }
        if (count >= growAt) {
            t = grow();
            mask = t.length - 1;
            i = hash & mask;
            while (t[i] != 0) {
                i = (i + 1) & mask;
            }
        }
        long position = arena.append(url, latin1, (int) encodedLength);
        SLOT.setRelease(t, i, (long) hash << POSITION_BITS | (position + 1));
        count++;
        return true;
    }

    private boolean holds(long slot, String url, int hash) {
        return (int) (slot >>> POSITION_BITS) == hash && arena.matches(url, (slot & POSITION_MASK) - 1);
    }

    synchronized int size() {
        return count;
    }

    synchronized long approximateBytes() {
        return 16 + 8L * slots.length + arena.approximateBytes();
    }

    private long[] grow() {
        long[] old = slots;
        if (old.length == MAX_CAPACITY) {
            throw new IllegalStateException("a dedup stripe is full: " + count + " URLs");
        }
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long slot : old) {
            if (slot != 0) {
                int i = (int) (slot >>> POSITION_BITS) & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = slot;
            }
        }
        slots = t;
        growAt = growAt(t.length);
        return t;
    }

    private static int growAt(int capacity) {
        return (int) (capacity * MAX_LOAD);
    }
}
