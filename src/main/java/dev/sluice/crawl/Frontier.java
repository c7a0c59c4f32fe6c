package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The crawl's queue of admitted URLs, breadth first, with bounded memory: at most {@code highWater}
 * targets are held in memory; past that, and for as long as anything waits on disk, new targets are
 * appended to a spill file (one {@code depth url} line each) and read back in order as the memory queue
 * drains. Order is exactly first in, first out, so depths come out in order and {@code max-depth} means
 * what it says; an offer never waits for room, so the crawl's loop cannot deadlock (see
 * docs/crawl-frontier.md).
 *
 * <p>Thread-safe: offered to from the link stage's threads, polled from whichever thread asks for the
 * fetch stage's next item.
 */
public final class Frontier implements AutoCloseable {

    private final int highWater;
    private final Path spillFile;
    private final ArrayDeque<CrawlTarget> memory = new ArrayDeque<>();
    private @Nullable BufferedWriter writer;
    private @Nullable BufferedReader reader;
    /** Targets written to the spill file and not yet read back. */
    private long onDisk;
    private long spilledTotal;
    private int peakInMemory;
    private long peakSize;
    private boolean closed;
    /** What still waited when the frontier was closed: the crawl's unfetched URLs. */
    private long leftAtClose;

    /** A frontier that keeps up to {@code highWater} targets in memory and spills the rest to {@code spillFile}. */
    public Frontier(int highWater, Path spillFile) {
        if (highWater < 1) {
            throw new IllegalArgumentException("highWater must be > 0, but was " + highWater);
        }
        this.highWater = highWater;
        this.spillFile = requireNonNull(spillFile, "spillFile");
    }

    /**
     * Adds a target at the back; goes to disk when memory is full or earlier targets already wait there.
     * False, and nothing added, once the frontier is closed (the run is over).
     */
    public synchronized boolean offer(CrawlTarget target) {
        requireNonNull(target, "target");
        if (closed) {
            return false;
        }
        if (onDisk == 0 && memory.size() < highWater) {
            memory.addLast(target);
            peakInMemory = Math.max(peakInMemory, memory.size());
        } else {
            spill(target);
        }
        peakSize = Math.max(peakSize, size());
        return true;
    }

    /** The target at the front, or null when none waits (in memory or on disk). */
    public synchronized @Nullable CrawlTarget poll() {
        if (memory.isEmpty() && onDisk > 0) {
            refill();
        }
        return memory.pollFirst();
    }

    /** Targets waiting, in memory and on disk. */
    public synchronized long size() {
        return closed ? leftAtClose : memory.size() + onDisk;
    }

    public synchronized boolean isEmpty() {
        return memory.isEmpty() && onDisk == 0;
    }

    /** Targets held in memory now. */
    public synchronized int inMemory() {
        return memory.size();
    }

    /** The most targets ever held in memory at once: never more than the high-water mark. */
    public synchronized int peakInMemory() {
        return peakInMemory;
    }

    /** The most targets ever waiting at once, in memory and on disk. */
    public synchronized long peakSize() {
        return peakSize;
    }

    /** How many targets went through the spill file. */
    public synchronized long spilled() {
        return spilledTotal;
    }

    public int highWater() {
        return highWater;
    }

    private void spill(CrawlTarget target) {
        try {
            if (writer == null) {
                writer = Files.newBufferedWriter(spillFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            }
            writer.write(Integer.toString(target.depth()));
            writer.write(' ');
            writer.write(target.url());
            writer.write('\n');
            onDisk++;
            spilledTotal++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the crawl frontier's spill file " + spillFile + ": " + e, e);
        }
    }

    /** Reads back up to half the high-water mark, so memory refills in chunks rather than line by line. */
    private void refill() {
        try {
            requireNonNull(writer, "writer").flush();
            if (reader == null) {
                reader = Files.newBufferedReader(spillFile, StandardCharsets.UTF_8);
            }
            int chunk = Math.max(1, highWater / 2);
            for (int i = 0; i < chunk && onDisk > 0; i++) {
                String line = reader.readLine();
                if (line == null) {
                    throw new IOException("the spill file ended with " + onDisk + " targets unread");
                }
                int space = line.indexOf(' ');
                memory.addLast(new CrawlTarget(line.substring(space + 1), Integer.parseInt(line, 0, space, 10)));
                onDisk--;
            }
            if (onDisk == 0) {
                // Everything on disk is back in memory: start the file afresh, so it never outgrows one burst.
                closeFiles();
                Files.deleteIfExists(spillFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the crawl frontier's spill file " + spillFile + ": " + e, e);
        }
    }

    private void closeFiles() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (writer != null) {
            writer.close();
            writer = null;
        }
    }

    /** Drops whatever still waits (its count stays as {@link #size()}) and deletes the spill file. */
    @Override
    public synchronized void close() {
        if (!closed) {
            leftAtClose = memory.size() + onDisk;
        }
        closed = true;
        memory.clear();
        onDisk = 0;
        try {
            closeFiles();
            Files.deleteIfExists(spillFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the crawl frontier's spill file " + spillFile + ": " + e, e);
        }
    }
}
