package dev.sluice.crawl;

import java.util.Arrays;

/**
 * The bytes of one stripe's URLs, appended one record after another into chunks: a varint header
 * ({@code length << 1 | wtf8}) then the encoded URL. A record is addressed by its position,
 * {@code chunk << CHUNK_BITS | offset}; positions never move, so the table can keep them.
 *
 * <p>Appends run under the stripe's lock. {@link #matches} runs without it, on a record whose slot the
 * reader read with acquire after the writer stored it with release, which makes the record's bytes
 * visible. That holds only because written bytes are never moved: a chunk is never copied into a
 * bigger one, a bigger chunk is added instead.
 */
final class ByteArena {

    /**
     * 64 KiB chunks rather than larger ones: each stripe has its own arena, so the part of the last
     * chunk not filled yet is wasted once per stripe, 64 times over.
     */
    static final int CHUNK_BITS = 16;
    static final int CHUNK_SIZE = 1 << CHUNK_BITS;
    /** A small set should not hold 64 chunks of 64 KiB, so the first chunks are small, each twice the last. */
    private static final int FIRST_CHUNK_SIZE = 256;
    /** One below the limit of the position's chunk bits, so that position + 1 still fits its field. */
    private static final int MAX_CHUNKS = (1 << (UrlTableStripe.POSITION_BITS - CHUNK_BITS)) - 1;
    /** Object header and length of an array, as a 64-bit JVM with compressed pointers lays it out. */
    private static final int ARRAY_HEADER = 16;

    /** Volatile because it is replaced by a longer copy, which lock-free readers must see whole. */
    private volatile byte[][] chunks = new byte[4][];
    private int chunkCount;
    /** The chunk records are appended to; records longer than a chunk get chunks of their own. */
    private int fill = -1;
    private int fillUsed;
    private long chunkBytes;

    /** Appends the URL's record and returns its position. */
    long append(String url, boolean latin1, int encodedLength) {
        int header = encodedLength << 1 | (latin1 ? 0 : 1);
        int recordLength = varintLength(header) + encodedLength;
        byte[] chunk;
        int chunkIndex;
        int off;
        if (recordLength > CHUNK_SIZE) {
            chunkIndex = addChunk(recordLength);
            chunk = chunks[chunkIndex];
            off = 0;
        } else {
            if (fill < 0 || fillUsed + recordLength > chunks[fill].length) {
                int size = fill < 0 ? FIRST_CHUNK_SIZE : Math.min(CHUNK_SIZE, chunks[fill].length * 2);
                while (size < recordLength) {
                    size *= 2;
                }
                fill = addChunk(size);
                fillUsed = 0;
            }
            chunkIndex = fill;
            chunk = chunks[fill];
            off = fillUsed;
            fillUsed += recordLength;
        }
        int at = writeVarint(chunk, off, header);
        if (latin1) {
            UrlBytes.writeLatin1(url, chunk, at);
        } else {
            UrlBytes.writeWtf8(url, chunk, at);
        }
        return (long) chunkIndex << CHUNK_BITS | off;
    }

    /** Whether the record at this position holds exactly this URL. */
    boolean matches(String url, long position) {
        byte[] chunk = chunks[(int) (position >>> CHUNK_BITS)];
        int off = (int) position & (CHUNK_SIZE - 1);
        int header = 0;
        int shift = 0;
        byte b;
        do {
            b = chunk[off++];
            header |= (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        int length = header >>> 1;
        return (header & 1) == 0
                ? UrlBytes.equalsLatin1(url, chunk, off, length)
                : UrlBytes.equalsWtf8(url, chunk, off, length);
    }

    long approximateBytes() {
        return ARRAY_HEADER + 4L * chunks.length + ARRAY_HEADER * (long) chunkCount + chunkBytes;
    }

    private int addChunk(int size) {
        if (chunkCount == MAX_CHUNKS) {
            throw new IllegalStateException("a dedup stripe is full: " + MAX_CHUNKS + " chunks of URLs");
        }
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.min(MAX_CHUNKS, chunks.length * 2));
        }
        chunks[chunkCount] = new byte[size];
        chunkBytes += size;
        return chunkCount++;
    }

    private static int varintLength(int value) {
        int length = 1;
        while ((value >>>= 7) != 0) {
            length++;
        }
        return length;
    }

    private static int writeVarint(byte[] dst, int off, int value) {
        while ((value & ~0x7F) != 0) {
            dst[off++] = (byte) (value | 0x80);
            value >>>= 7;
        }
        dst[off++] = (byte) value;
        return off;
    }
}
