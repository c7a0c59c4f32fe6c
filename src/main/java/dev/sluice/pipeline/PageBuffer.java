package dev.sluice.pipeline;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** A page's body as it arrives, kept up to a limit; past it the page is marked too large and nothing more is kept. */
final class PageBuffer {

    private final int limit;
    private byte[] bytes;
    private int size;
    private long seen;
    private boolean tooLarge;

    PageBuffer(int limit, long expected) {
        this.limit = limit;
        this.bytes = new byte[(int) Math.max(1024, Math.min(limit, expected > 0 ? expected : 16 * 1024))];
    }

    /** Adds a chunk; false once the page has passed the limit (the rest need not be read). */
    boolean append(ByteBuf chunk) {
        int n = chunk.readableBytes();
        seen += n;
        if (tooLarge || size + (long) n > limit) {
            tooLarge = true;
            return false;
        }
        if (size + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + (long) n, 2L * bytes.length)));
        }
        chunk.getBytes(chunk.readerIndex(), bytes, size, n);
        size += n;
        return true;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    /** Bytes read off the wire for this page. */
    long seen() {
        return seen;
    }

    byte[] body() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
