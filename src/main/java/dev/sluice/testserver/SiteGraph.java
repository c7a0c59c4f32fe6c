package dev.sluice.testserver;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.sluice.profile.ServerSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The synthetic site under {@code /site/}: a deterministic graph of {@code pages} pages, each
 * linking to exactly {@code outDegree} pages, and the HTML that shows it.
 *
 * <p>The first links of page p are its children in an implicit tree ({@code p*b+1 .. p*b+b}, with
 * {@code b = max(1, outDegree/2)}, clipped to the site), so every page is reachable from page 0; the
 * other slots point at pages drawn from {@link SeededRandom}, which is where a crawl meets
 * duplicates (many pages link to the same targets). With {@code outDegree} 0 no page has links and
 * only page 0 is reachable. Pages are split over {@code hosts} listeners by {@code page % hosts}.
 *
 * <p>Immutable; every method may be called from any thread (the server calls {@link #html} on its
 * event-loop threads, once per request).
 */
public final class SiteGraph {

    private static final String PREFIX = "/site/";
    // Keeps the link draws apart from the server's other draws under the same seed.
    private static final long LINK_STREAM_SALT = 0x51_7E_6A_F4_C3_D2_B1_A0L;
    private static final int MAX_DIGITS = 13; // Long.MAX_VALUE in base 36
    private static final int HOST_CACHE_LIMIT = 1024;

    private static final byte[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(US_ASCII);
    private static final byte[] HEAD_1 =
            ascii("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Page ");
    private static final byte[] HEAD_2 = ascii("</title></head>\n<body>\n<h1>Page ");
    private static final byte[] HEAD_3 = ascii("</h1>\n<ul>\n");
    private static final byte[] LINK_1 = ascii("<li><a href=\"");
    private static final byte[] PREFIX_BYTES = ascii(PREFIX);
    private static final byte[] LINK_2 = ascii("\">");
    private static final byte[] LINK_3 = ascii("</a></li>\n");
    private static final byte[] LIST_END = ascii("</ul>\n");
    private static final byte[] PAD_1 = ascii("<p>");
    private static final byte[] PAD_2 = ascii("</p>\n");
    private static final byte[] TAIL = ascii("</body>\n</html>\n");
    private static final int FIXED = HEAD_1.length + HEAD_2.length + HEAD_3.length + LIST_END.length + TAIL.length;
    private static final int LINK_FIXED = LINK_1.length + PREFIX_BYTES.length + LINK_2.length + LINK_3.length;
    private static final byte[] FILLER = filler(4096);

    private final long pages;
    private final int outDegree;
    private final int branching;
    private final int pageSize;
    private final int hosts;
    private final long linkSeed;

    /**
     * A site shaped by {@code spec}, its random links drawn from {@code seed}, served by {@code hosts}
     * listeners.
     */
    public SiteGraph(ServerSpec.SiteSpec spec, long seed, int hosts) {
        requireNonNull(spec, "spec");
        if (hosts <= 0) {
            throw new IllegalArgumentException("hosts must be > 0, but was " + hosts);
        }
        this.pages = spec.pages();
        this.outDegree = spec.outDegree();
        this.branching = Math.max(1, outDegree / 2);
        this.pageSize = spec.pageSize();
        this.hosts = hosts;
        this.linkSeed = SeededRandom.mix(seed, LINK_STREAM_SALT, 0);
    }

    /** The number of pages; ids run from 0 to {@code pages() - 1}. */
    public long pages() {
        return pages;
    }

    /** The number of links on every page. */
    public int outDegree() {
        return outDegree;
    }

    /** Whether {@code page} is a page of this site. */
    public boolean contains(long page) {
        return page >= 0 && page < pages;
    }

    /**
     * The {@code outDegree()} pages that {@code page} links to, its tree children first; targets may
     * repeat. The same for the same seed and page.
     *
     * @throws IndexOutOfBoundsException if the site has no such page
     */
    public long[] links(long page) {
        Objects.checkIndex(page, pages);
        long[] out = new long[outDegree];
        fillLinks(page, out);
        return out;
    }

    /** Which of the {@code hosts} listeners serves {@code page}: {@code page % hosts}. */
    public int hostOf(long page) {
        return (int) (page % hosts);
    }

    /**
     * The page's depth in the implicit tree (0 for the root). It bounds the page's link distance
     * from the root from above; with out-degree 0 it is still the tree's depth, though no links exist.
     */
    public int depth(long page) {
        Objects.checkIndex(page, pages);
        if (branching == 1) {
            return (int) Math.min(page, Integer.MAX_VALUE);
        }
        int depth = 0;
        for (long p = page; p > 0; p = (p - 1) / branching) {
            depth++;
        }
        return depth;
    }

    /** The path of {@code page}: {@code /site/} and the id in base 36, e.g. {@code /site/1z}; at most 19 characters. */
    public static String path(long page) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0, but was " + page);
        }
        return PREFIX + Long.toString(page, 36);
    }

    /**
     * The page id that a request path (without its query) names: {@code /site/<base 36>} in the
     * canonical form that {@link #path} writes (lower case, no leading zeros), and {@code /site} or
     * {@code /site/} for page 0. Returns -1 for anything else. Whether the site has that page is the
     * caller's check ({@link #contains}).
     */
    public static long pageOf(String path) {
        int n = path.length();
        int start = PREFIX.length();
        if (!path.startsWith("/site") || (n > 5 && path.charAt(5) != '/')) {
            return -1;
        }
        if (n <= start) {
            return 0;
        }
        if (n - start > MAX_DIGITS || (path.charAt(start) == '0' && n - start > 1)) {
            return -1;
        }
        long page = 0;
        for (int i = start; i < n; i++) {
            char c = path.charAt(i);
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                digit = c - 'a' + 10;
            } else {
                return -1;
            }
            if (page > (Long.MAX_VALUE - digit) / 36) {
                return -1;
            }
            page = page * 36 + digit;
        }
        return page;
    }

    /**
     * The page as UTF-8 HTML5: a title, a heading and one anchor per link, then padding so the page is
     * exactly {@code pageSize} bytes, or just the page when its links alone take more than that. A link
     * to a page on {@code page}'s own host is a relative path; one on another host is absolute,
     * {@code hostBase.apply(host) + path}, e.g. {@code http://127.0.0.2:40123/site/1z}.
     *
     * @throws IndexOutOfBoundsException if the site has no such page
     */
    public byte[] html(long page, IntFunction<String> hostBase) {
        Objects.checkIndex(page, pages);
        long[] targets = new long[outDegree];
        fillLinks(page, targets);
        int ownHost = hostOf(page);
        byte[][] bases = new byte[outDegree][];
        byte[][] byHost = hosts <= HOST_CACHE_LIMIT && hosts > 1 ? new byte[hosts][] : null;

        int idLength = digits36(page);
        long size = FIXED + 2L * idLength;
        for (int i = 0; i < outDegree; i++) {
            int host = hostOf(targets[i]);
            if (host != ownHost) {
                byte[] base = byHost == null ? null : byHost[host];
                if (base == null) {
                    base = hostBase.apply(host).getBytes(UTF_8);
                    if (byHost != null) {
                        byHost[host] = base;
                    }
                }
                bases[i] = base;
                size += base.length;
            }
            size += LINK_FIXED + 2L * digits36(targets[i]);
        }
        long padding = Math.max(0, pageSize - size);
        byte[] out = new byte[Math.toIntExact(size + padding)];

        int at = put(out, 0, HEAD_1);
        at = putId(out, at, page, idLength);
        at = put(out, at, HEAD_2);
        at = putId(out, at, page, idLength);
        at = put(out, at, HEAD_3);
        for (int i = 0; i < outDegree; i++) {
            long target = targets[i];
            int length = digits36(target);
            at = put(out, at, LINK_1);
            if (bases[i] != null) {
                at = put(out, at, bases[i]);
            }
            at = put(out, at, PREFIX_BYTES);
            at = putId(out, at, target, length);
            at = put(out, at, LINK_2);
            at = putId(out, at, target, length);
            at = put(out, at, LINK_3);
        }
        at = put(out, at, LIST_END);
        at = pad(out, at, (int) padding);
        put(out, at, TAIL);
        return out;
    }

    private void fillLinks(long page, long[] out) {
        int slot = 0;
        // Children p*b+1 .. p*b+b that lie in the site; the bound avoids overflowing p*b.
        if (pages >= 2 && page <= (pages - 2) / branching) {
            long first = page * branching + 1;
            long count = Math.min(branching, pages - first);
            for (; slot < count && slot < out.length; slot++) {
                out[slot] = first + slot;
            }
        }
        for (; slot < out.length; slot++) {
            out[slot] = Math.unsignedMultiplyHigh(SeededRandom.mix(linkSeed, page, slot), pages);
        }
    }

    private static int pad(byte[] out, int at, int padding) {
        if (padding < PAD_1.length + PAD_2.length) {
            // Too little room for a paragraph: newlines between elements are harmless.
            Arrays.fill(out, at, at + padding, (byte) '\n');
            return at + padding;
        }
        at = put(out, at, PAD_1);
        int text = padding - PAD_1.length - PAD_2.length;
        while (text > 0) {
            int chunk = Math.min(text, FILLER.length);
            System.arraycopy(FILLER, 0, out, at, chunk);
            at += chunk;
            text -= chunk;
        }
        return put(out, at, PAD_2);
    }

    private static int put(byte[] out, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int putId(byte[] out, int at, long id, int length) {
        long rest = id;
        for (int i = at + length - 1; i >= at; i--) {
            out[i] = DIGITS[(int) (rest % 36)];
            rest /= 36;
        }
        return at + length;
    }

    private static int digits36(long id) {
        int length = 1;
        for (long rest = id / 36; rest > 0; rest /= 36) {
            length++;
        }
        return length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static byte[] filler(int length) {
        String words = "the quick brown fox jumps over the lazy dog while sluice crawls a synthetic site ";
        byte[] out = new byte[length];
        byte[] source = ascii(words);
        for (int i = 0; i < length; i++) {
            out[i] = source[i % source.length];
        }
        return out;
    }
}
