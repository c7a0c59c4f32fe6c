package dev.sluice.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Splits a byte stream into lines, each left in a reusable buffer for parsing in place. */
final class LineReader {

    private final InputStream in;
    private final int maxLine;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1 << 12];
    private int length;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Reads the next line (without its newline); false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        while (true) {
            if (chunkPos == chunkEnd) {
                int n = in.read(chunk);
                if (n < 0) {
                    return length > 0;
                }
                chunkPos = 0;
                chunkEnd = n;
            }
            int start = chunkPos;
            while (chunkPos < chunkEnd && chunk[chunkPos] != '\n') {
                chunkPos++;
            }
            append(start, chunkPos - start);
            if (chunkPos < chunkEnd) {
                chunkPos++; // the newline
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                if (length > 0) {
                    return true;
                }
            }
        }
    }

    private void append(int from, int n) throws IOException {
        if (length + n > maxLine) {
            throw new IOException("sent a line longer than " + maxLine + " bytes");
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(length + n, line.length * 2));
        }
        System.arraycopy(chunk, from, line, length, n);
        length += n;
    }

    byte[] buffer() {
        return line;
    }

    int length() {
        return length;
    }

    /** The start of the line as text, for a message. */
    String preview() {
        String text = new String(line, 0, Math.min(length, 120), StandardCharsets.UTF_8);
        return length > 120 ? text + "..." : text;
    }
}
