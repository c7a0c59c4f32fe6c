package dev.sluice.crawl;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 pieces shared by {@link LinkExtractor} and {@link UrlNormalizer}: character classes, the
 * scheme of a reference, dot-segment removal and percent-encoding normalisation. Strings in, strings
 * out, and the input itself when nothing changes.
 */
final class UriSyntax {

    /** Characters a path may hold as they are: unreserved, sub-delims, ':', '@' and '/'. */
    static final boolean[] PATH = allowed("/:@");
    /** Characters a query may hold as they are: those of a path and '?'. */
    static final boolean[] QUERY = allowed("/:@?");
    /** Characters userinfo may hold as they are: unreserved, sub-delims and ':'. */
    static final boolean[] USERINFO = allowed(":");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UriSyntax() {
    }

    private static boolean[] allowed(String extra) {
        boolean[] table = new boolean[128];
        for (char c = 'a'; c <= 'z'; c++) {
            table[c] = true;
            table[c - 'a' + 'A'] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            table[c] = true;
        }
        for (char c : ("-._~" + "!$&'()*+,;=" + extra).toCharArray()) {
            table[c] = true;
        }
        return table;
    }

    static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * The index of the ':' that ends {@code ref}'s scheme, or -1 when it has none (RFC 3986: a letter,
     * then letters, digits, '+', '-' or '.', before any '/', '?' or '#').
     */
    static int schemeEnd(String ref) {
        int n = ref.length();
        if (n == 0 || !isAlpha(ref.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < n; i++) {
            char c = ref.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Whether {@code s} is {@code http} or {@code https}, in any case. */
    static boolean isHttpScheme(String s, int from, int to) {
        int n = to - from;
        return (n == 4 || n == 5) && s.regionMatches(true, from, "https", 0, n);
    }

    /** Whether the absolute path has a "." or ".." segment. */
    static boolean hasDotSegment(CharSequence path, int from, int to) {
        for (int i = from; i < to; i++) {
            if (path.charAt(i) == '.' && (i == from || path.charAt(i - 1) == '/')) {
                int next = i + 1;
                if (next == to || path.charAt(next) == '/') {
                    return true;
                }
                if (path.charAt(next) == '.' && (next + 1 == to || path.charAt(next + 1) == '/')) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Appends the absolute path {@code path[from, to)} (it starts with '/') to {@code out} with its dot
     * segments removed (RFC 3986 5.2.4).
     */
    static void appendWithoutDotSegments(StringBuilder out, CharSequence path, int from, int to) {
        if (!hasDotSegment(path, from, to)) {
            out.append(path, from, to);
            return;
        }
        int start = out.length();
        int i = from + 1; // past the leading '/'
        boolean trailingSlash = false;
        while (true) {
            int end = i;
            while (end < to && path.charAt(end) != '/') {
                end++;
            }
            int length = end - i;
            boolean last = end >= to;
            if (length == 1 && path.charAt(i) == '.') {
                trailingSlash = last;
            } else if (length == 2 && path.charAt(i) == '.' && path.charAt(i + 1) == '.') {
                int cut = out.lastIndexOf("/");
                if (cut >= start) {
                    out.setLength(cut);
                }
                trailingSlash = last;
            } else {
                out.append('/').append(path, i, end);
                trailingSlash = false;
            }
            if (last) {
                break;
            }
            i = end + 1;
        }
        if (trailingSlash || out.length() == start) {
            out.append('/');
        }
    }

    /** {@code path} without its dot segments; {@code path} itself when it has none. */
    static String removeDotSegments(String path) {
        if (!hasDotSegment(path, 0, path.length())) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        appendWithoutDotSegments(out, path, 0, path.length());
        return out.toString();
    }

    /** Whether {@code s[from, to)} is already in normal form for {@code allowed}: no '%' and nothing to encode. */
    static boolean isPlain(String s, int from, int to, boolean[] allowed) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !allowed[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Appends {@code s[from, to)} with its percent-encoding normalised: escapes of unreserved characters
     * decoded, other escapes in upper-case hex, a '%' that starts no escape written as {@code %25}, and
     * every character not in {@code allowed} encoded as UTF-8 (an unpaired surrogate as U+FFFD).
     */
    static void appendNormalisedEscapes(StringBuilder out, String s, int from, int to, boolean[] allowed) {
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c < 128 && allowed[c]) {
                out.append(c);
                i++;
            } else if (c == '%') {
                int hi = i + 2 < to ? hexValue(s.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hexValue(s.charAt(i + 2)) : -1;
                if (lo < 0) {
                    out.append("%25");
                    i++;
                } else {
                    int b = hi << 4 | lo;
                    if (isUnreserved(b)) {
                        out.append((char) b);
                    } else {
                        appendEscape(out, b);
                    }
                    i += 3;
                }
            } else if (c < 128) {
                appendEscape(out, c);
                i++;
            } else {
                int cp = s.codePointAt(i);
                int width = Character.charCount(cp);
                if (Character.isSurrogate(c) && width == 1) {
                    cp = 0xFFFD; // an unpaired surrogate
                }
                appendUtf8Escapes(out, cp);
                i += width;
            }
        }
    }

    static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }

    private static void appendUtf8Escapes(StringBuilder out, int codePoint) {
        for (byte b : Character.toString(codePoint).getBytes(StandardCharsets.UTF_8)) {
            appendEscape(out, b & 0xFF);
        }
    }
}
