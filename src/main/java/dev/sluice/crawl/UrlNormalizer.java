package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import java.net.IDN;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Puts http and https URLs in one canonical form, so that the crawl's dedup sees one string per page
 * and its per-host limits one key per server.
 *
 * <p>{@link #normalize} applies RFC 3986's syntax-based normalisation and a few crawler conventions:
 * <ul>
 *   <li>scheme and host in lower case; an internationalised host in punycode ({@link IDN#toASCII});
 *       a percent-encoded host decoded first;</li>
 *   <li>the default port removed (80 for http, 443 for https), as is an empty port; other ports
 *       written without leading zeros;</li>
 *   <li>an empty path becomes "/"; "." and ".." segments are removed (after decoding, so {@code %2E}
 *       counts as a dot);</li>
 *   <li>escapes of unreserved characters ({@code A-Z a-z 0-9 - . _ ~}) decoded, other escapes in
 *       upper-case hex, a stray '%' written as {@code %25}, and every character that RFC 3986 does
 *       not allow in the component (space, {@code " < > \ ^ ` { | }}, controls, non-ASCII) encoded as
 *       UTF-8, so that every result parses with {@link java.net.URI};</li>
 *   <li>the fragment removed; an empty query ("?" alone, or nothing left after stripping) removed;</li>
 *   <li>optionally, query parameters sorted by name (a stable sort: repeated names keep their order)
 *       and named parameters removed. A name ending in '*' is a prefix ({@code utm_*}); names are
 *       compared case-sensitively after the escapes are normalised. When either is on, empty
 *       parameters ({@code a=1&&b=2}) are dropped too.</li>
 * </ul>
 * Userinfo is kept (its escapes normalised). A URL that is not absolute http or https, has no host,
 * has a host with characters a host name cannot hold, or a port that is not a number up to 65535, is
 * refused: {@link Optional#empty()}.
 *
 * <p>Parsing is one pass over the string without {@link java.net.URI}: a URL already in normal form
 * costs one scan and one copy. Immutable and thread-safe.
 */
public final class UrlNormalizer {

    private static final UrlNormalizer STANDARD = new UrlNormalizer(false, List.of());

    private final boolean sortQuery;
    private final List<String> stripParams;
    private final String[] exactNames;
    private final String[] prefixes;

    /**
     * A normaliser that sorts query parameters by name when {@code sortQuery} is set and removes the
     * parameters named in {@code stripParams} (exact names, or prefixes written with a trailing '*').
     *
     * @throws IllegalArgumentException if a name is empty or has a '*' other than at its end
     */
    public UrlNormalizer(boolean sortQuery, List<String> stripParams) {
        this.sortQuery = sortQuery;
        this.stripParams = List.copyOf(requireNonNull(stripParams, "stripParams"));
        List<String> exact = new ArrayList<>();
        List<String> prefix = new ArrayList<>();
        for (String name : this.stripParams) {
            int star = name.indexOf('*');
            if (name.isEmpty() || (star >= 0 && star != name.length() - 1)) {
                throw new IllegalArgumentException(
                        "a parameter to strip is a name or a prefix ending in '*', but was '" + name + "'");
            }
            if (star >= 0) {
                prefix.add(name.substring(0, star));
            } else {
                exact.add(name);
            }
        }
        this.exactNames = exact.toArray(String[]::new);
        this.prefixes = prefix.toArray(String[]::new);
    }

    /** The normaliser that neither sorts nor strips query parameters. */
    public static UrlNormalizer standard() {
        return STANDARD;
    }

    /** Whether query parameters are sorted by name. */
    public boolean sortQuery() {
        return sortQuery;
    }

    /** The parameters removed from queries, as given. */
    public List<String> stripParams() {
        return stripParams;
    }

    /**
     * {@code url} in normal form, or empty when it is not an absolute http or https URL with a valid
     * host and port.
     */
    public Optional<String> normalize(String url) {
        return Optional.ofNullable(normalizeOrNull(url));
    }

    /** As {@link #normalize}, null for a refused URL. */
    @Nullable String normalizeOrNull(String url) {
        int from = 0;
        int to = url.length();
        while (from < to && url.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && url.charAt(to - 1) <= ' ') {
            to--;
        }
        if (hasTabOrNewline(url, from, to)) {
            url = withoutTabsAndNewlines(url, from, to);
            from = 0;
            to = url.length();
        }
        int colon = url.indexOf(':', from);
        if (colon < 0 || colon >= to || !UriSyntax.isHttpScheme(url, from, colon)) {
            return null;
        }
        boolean https = colon - from == 5;
        if (colon + 2 >= to || url.charAt(colon + 1) != '/' || url.charAt(colon + 2) != '/') {
            return null;
        }
        int authorityStart = colon + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < to) {
            char c = url.charAt(authorityEnd);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            authorityEnd++;
        }
        int fragment = url.indexOf('#', authorityEnd);
        int end = fragment >= 0 && fragment < to ? fragment : to;
        int queryStart = url.indexOf('?', authorityEnd);
        if (queryStart < 0 || queryStart >= end) {
            queryStart = end;
        }

        StringBuilder out = new StringBuilder(end - from + 8);
        out.append(https ? "https://" : "http://");
        if (!appendAuthority(out, url, authorityStart, authorityEnd, https)) {
            return null;
        }
        // Path.
        if (authorityEnd == queryStart) {
            out.append('/');
        } else if (UriSyntax.isPlain(url, authorityEnd, queryStart, UriSyntax.PATH)) {
            UriSyntax.appendWithoutDotSegments(out, url, authorityEnd, queryStart);
        } else {
            StringBuilder path = new StringBuilder(queryStart - authorityEnd + 16);
            UriSyntax.appendNormalisedEscapes(path, url, authorityEnd, queryStart, UriSyntax.PATH);
            UriSyntax.appendWithoutDotSegments(out, path, 0, path.length());
        }
        // Query.
        if (queryStart + 1 < end) {
            int mark = out.length();
            out.append('?');
            if (UriSyntax.isPlain(url, queryStart + 1, end, UriSyntax.QUERY)) {
                out.append(url, queryStart + 1, end);
            } else {
                UriSyntax.appendNormalisedEscapes(out, url, queryStart + 1, end, UriSyntax.QUERY);
            }
            if (sortQuery || exactNames.length + prefixes.length > 0) {
                rewriteQuery(out, mark + 1);
            }
            if (out.length() == mark + 1) {
                out.setLength(mark);
            }
        }
        return out.length() == url.length() && url.contentEquals(out) ? url : out.toString();
    }

    private static boolean hasTabOrNewline(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private static String withoutTabsAndNewlines(String s, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends userinfo, host and port in normal form; false when the authority is refused. */
    private static boolean appendAuthority(StringBuilder out, String url, int from, int to, boolean https) {
        int at = url.lastIndexOf('@', to - 1);
        int hostStart = from;
        if (at >= from) {
            if (UriSyntax.isPlain(url, from, at, UriSyntax.USERINFO)) {
                out.append(url, from, at);
            } else {
                UriSyntax.appendNormalisedEscapes(out, url, from, at, UriSyntax.USERINFO);
            }
            out.append('@');
            hostStart = at + 1;
        }
        int hostEnd = to;
        int portStart = -1;
        if (hostStart < to && url.charAt(hostStart) == '[') {
            int close = url.indexOf(']', hostStart);
            if (close < 0 || close >= to) {
                return false;
            }
            hostEnd = close + 1;
            if (hostEnd < to) {
                if (url.charAt(hostEnd) != ':') {
                    return false;
                }
                portStart = hostEnd + 1;
            }
            if (!appendIpv6(out, url, hostStart, hostEnd)) {
                return false;
            }
        } else {
            int colon = url.lastIndexOf(':', to - 1);
            if (colon >= hostStart) {
                hostEnd = colon;
                portStart = colon + 1;
            }
            if (hostEnd == hostStart || !appendHost(out, url, hostStart, hostEnd)) {
                return false;
            }
        }
        return portStart < 0 || appendPort(out, url, portStart, to, https ? 443 : 80);
    }

    private static boolean appendHost(StringBuilder out, String url, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = url.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                plain = false;
                break;
            }
        }
        if (plain) {
            out.append(url, from, to);
            return true;
        }
        String host = url.substring(from, to);
        if (host.indexOf('%') >= 0) {
            host = percentDecodeUtf8(host);
            if (host == null) {
                return false;
            }
        }
        if (!isAscii(host)) {
            try {
                host = IDN.toASCII(host);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_')) {
                return false;
            }
        }
        out.append(host);
        return true;
    }

    private static boolean appendIpv6(StringBuilder out, String url, int from, int to) {
        if (to - from < 4) { // "[::]" at least
            return false;
        }
        out.append('[');
        for (int i = from + 1; i < to - 1; i++) {
            char c = url.charAt(i);
            if (UriSyntax.hexValue(c) >= 0) {
                out.append(Character.toLowerCase(c));
            } else if (c == ':' || c == '.') {
                out.append(c);
            } else {
                return false; // zone ids and IPvFuture are refused
            }
        }
        out.append(']');
        return true;
    }

    private static boolean appendPort(StringBuilder out, String url, int from, int to, int defaultPort) {
        int port = 0;
        for (int i = from; i < to; i++) {
            char c = url.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
            if (port > 65_535) {
                return false;
            }
        }
        if (from < to && port != defaultPort) {
            out.append(':').append(port);
        }
        return true;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with its escapes decoded as UTF-8; null when they are malformed. */
    private static @Nullable String percentDecodeUtf8(String s) {
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? UriSyntax.hexValue(s.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? UriSyntax.hexValue(s.charAt(i + 2)) : -1;
                if (lo < 0) {
                    return null;
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
            } else if (c < 128) {
                bytes.put((byte) c);
            } else {
                int cp = s.codePointAt(i);
                bytes.put(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Strips and sorts the parameters of the query that starts at {@code from} and runs to the end. */
    private void rewriteQuery(StringBuilder out, int from) {
        List<String> params = new ArrayList<>();
        boolean changed = false;
        int i = from;
        int n = out.length();
        while (i <= n) {
            int amp = out.indexOf("&", i);
            int end = amp < 0 ? n : amp;
            if (end == i) {
                changed = true; // an empty parameter
            } else {
                String param = out.substring(i, end);
                if (stripped(param)) {
                    changed = true;
                } else {
                    params.add(param);
                }
            }
            i = end + 1;
        }
        if (sortQuery) {
            for (int k = 1; k < params.size() && !changed; k++) {
                changed = BY_NAME.compare(params.get(k - 1), params.get(k)) > 0;
            }
            params.sort(BY_NAME);
        }
        if (!changed) {
            return;
        }
        out.setLength(from);
        for (int k = 0; k < params.size(); k++) {
            if (k > 0) {
                out.append('&');
            }
            out.append(params.get(k));
        }
    }

    private static final Comparator<String> BY_NAME = (a, b) -> {
        int ea = nameEnd(a);
        int eb = nameEnd(b);
        int n = Math.min(ea, eb);
        for (int k = 0; k < n; k++) {
            int d = a.charAt(k) - b.charAt(k);
            if (d != 0) {
                return d;
            }
        }
        return ea - eb;
    };

    private static int nameEnd(String param) {
        int eq = param.indexOf('=');
        return eq < 0 ? param.length() : eq;
    }

    private boolean stripped(String param) {
        int nameEnd = nameEnd(param);
        for (String name : exactNames) {
            if (name.length() == nameEnd && param.startsWith(name)) {
                return true;
            }
        }
        for (String prefix : prefixes) {
            if (prefix.length() <= nameEnd && param.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The per-host key of a URL that {@link #normalize} returned: its host, and ":port" when the port
     * is not the scheme's default (which normal form has already removed), e.g. {@code example.com} or
     * {@code 127.0.0.1:8080}. Userinfo is left out; http and https on the same host and port share a key.
     *
     * @throws IllegalArgumentException if the URL has no "://"
     */
    public static String host(String normalizedUrl) {
        int scheme = normalizedUrl.indexOf("://");
        if (scheme < 0) {
            throw new IllegalArgumentException("not an absolute URL: " + normalizedUrl);
        }
        int start = scheme + 3;
        int end = start;
        int n = normalizedUrl.length();
        while (end < n) {
            char c = normalizedUrl.charAt(end);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            if (c == '@') {
                start = end + 1;
            }
            end++;
        }
        return normalizedUrl.substring(start, end);
    }

    @Override
    public String toString() {
        return "UrlNormalizer[sortQuery=" + sortQuery + ", stripParams=" + stripParams + "]";
    }
}
