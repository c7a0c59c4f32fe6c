package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;
import org.jspecify.annotations.Nullable;

/**
 * The links a crawler may follow from an HTML page: the {@code href} of every {@code <a>} and
 * {@code <area>}, resolved to absolute http or https URLs.
 *
 * <ul>
 *   <li>Relative references are resolved by RFC 3986 (section 5) against the page's URL, or against
 *       the first {@code <base href>} of the document when it has one (itself resolved against the
 *       page's URL, and ignored unless it gives an http or https URL), for every link of the page, as
 *       browsers do.</li>
 *   <li>The href is trimmed of leading and trailing whitespace and controls, and tabs and newlines
 *       inside it are removed (as the WHATWG URL parser does).</li>
 *   <li>Links with another scheme ({@code mailto:}, {@code javascript:}, ...), an absolute http URL
 *       without a host, an empty href, and fragment-only links ({@code #top}) are skipped; fragments
 *       are cut off the rest.</li>
 *   <li>Links with {@code rel="nofollow"} are skipped, and a page with
 *       {@code <meta name="robots" content="nofollow">} (or {@code none}) gives no links at all.</li>
 *   <li>Links come out in document order, each once (the first occurrence is kept). The scheme is in
 *       lower case and dot segments are removed; nothing else is normalised: that is
 *       {@link UrlNormalizer}'s job.</li>
 * </ul>
 *
 * <p>Each page is parsed once by jsoup's HTML parser and its tree walked once; the resolution is done
 * here on strings, without {@link URI}, because a crawl resolves tens of thousands of links a second.
 * Stateless and thread-safe.
 */
public final class LinkExtractor {

    public LinkExtractor() {
    }

    /** The links of the page {@code html}, decoded with {@code charset}, fetched from {@code base}. */
    public List<String> links(byte[] html, Charset charset, URI base) {
        requireNonNull(html, "html");
        requireNonNull(charset, "charset");
        return links(new String(html, charset), base);
    }

    /**
     * The links of the page {@code html} fetched from {@code base}.
     *
     * @throws IllegalArgumentException if {@code base} is not an absolute http or https URL with a host
     */
    public List<String> links(String html, URI base) {
        requireNonNull(html, "html");
        Base pageBase = Base.of(base);
        Document doc = Parser.parse(html, "");
        Collector collector = new Collector();
        NodeTraversor.traverse(collector, doc);
        if (collector.noFollow || collector.hrefs.isEmpty()) {
            return List.of();
        }
        Base resolveAgainst = pageBase;
        if (collector.baseHref != null) {
            String resolved = pageBase.resolve(collector.baseHref);
            if (resolved != null) {
                resolveAgainst = Base.parse(resolved);
            }
        }
        List<String> out = new ArrayList<>(collector.hrefs.size());
        Set<String> seen = new HashSet<>(collector.hrefs.size() * 2);
        for (String href : collector.hrefs) {
            String url = resolveAgainst.resolve(href);
            if (url != null && seen.add(url)) {
                out.add(url);
            }
        }
        return out;
    }

    /** Walks the tree once: the hrefs to resolve, the first base href, and the page's nofollow. */
    private static final class Collector implements NodeVisitor {
        final List<String> hrefs = new ArrayList<>(64);
        @Nullable String baseHref;
        boolean noFollow;

        @Override
        public void head(Node node, int depth) {
            if (!(node instanceof Element e)) {
                return;
            }
            switch (e.normalName()) {
                case "a", "area" -> {
                    if (e.hasAttr("href") && !hasToken(e.attr("rel"), "nofollow", ' ')) {
                        hrefs.add(e.attr("href"));
                    }
                }
                case "base" -> {
                    if (baseHref == null && e.hasAttr("href")) {
                        baseHref = e.attr("href");
                    }
                }
                case "meta" -> {
                    if (e.attr("name").trim().equalsIgnoreCase("robots")) {
                        String content = e.attr("content");
                        noFollow |= hasToken(content, "nofollow", ',') || hasToken(content, "none", ',');
                    }
                }
                default -> {
                }
            }
        }
    }

    /**
     * Whether the {@code separator}-separated list {@code list} holds {@code token}, ignoring case and
     * whitespace around the items.
     */
    static boolean hasToken(String list, String token, char separator) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            while (i < n && (list.charAt(i) == separator || Character.isWhitespace(list.charAt(i)))) {
                i++;
            }
            int start = i;
            while (i < n && list.charAt(i) != separator && !Character.isWhitespace(list.charAt(i))) {
                i++;
            }
            if (i - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
        }
        return false;
    }

    /** A parsed absolute http(s) base: what RFC 3986 resolution needs of it. */
    private record Base(String scheme, String origin, String path, @Nullable String query) {

        static Base of(URI base) {
            requireNonNull(base, "base");
            String scheme = base.getScheme();
            String authority = base.getRawAuthority();
            if (scheme == null || !UriSyntax.isHttpScheme(scheme, 0, scheme.length()) || authority == null
                    || authority.isEmpty()) {
                throw new IllegalArgumentException("the base must be an absolute http or https URL, but was " + base);
            }
            String path = base.getRawPath();
            scheme = scheme.toLowerCase(Locale.ROOT);
            return new Base(scheme, scheme + "://" + authority,
                    path == null || path.isEmpty() ? "/" : UriSyntax.removeDotSegments(path), base.getRawQuery());
        }

        /** {@code url}, an http(s) URL that {@link #resolve} returned (no fragment). */
        static Base parse(String url) {
            int colon = url.indexOf(':');
            int authorityEnd = colon + 3;
            while (authorityEnd < url.length() && url.charAt(authorityEnd) != '/' && url.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            int q = url.indexOf('?', authorityEnd);
            String path = url.substring(authorityEnd, q < 0 ? url.length() : q);
            return new Base(url.substring(0, colon), url.substring(0, authorityEnd), path.isEmpty() ? "/" : path,
                    q < 0 ? null : url.substring(q + 1));
        }

        /** {@code href} resolved against this base, or null when it is to be skipped. */
        @Nullable String resolve(String rawHref) {
            String ref = clean(rawHref);
            if (ref.isEmpty() || ref.charAt(0) == '#') {
                return null;
            }
            int hash = ref.indexOf('#');
            int end = hash < 0 ? ref.length() : hash;
            int colon = UriSyntax.schemeEnd(ref);
            if (colon > 0 && colon < end) {
                return absolute(ref, colon, end);
            }
            if (ref.startsWith("//")) {
                return withAuthority(scheme + ":", ref, 0, end);
            }
            StringBuilder out = new StringBuilder(origin.length() + path.length() + end + 8);
            out.append(origin);
            if (ref.charAt(0) == '/') {
                int q = indexOf(ref, '?', 0, end);
                UriSyntax.appendWithoutDotSegments(out, ref, 0, q);
                out.append(ref, q, end);
            } else if (ref.charAt(0) == '?') {
                out.append(path).append(ref, 0, end);
            } else {
                // Merge: the base path up to its last '/', then the reference's path.
                int q = indexOf(ref, '?', 0, end);
                int slash = path.lastIndexOf('/');
                String merged = path.substring(0, slash + 1) + ref.substring(0, q);
                UriSyntax.appendWithoutDotSegments(out, merged, 0, merged.length());
                out.append(ref, q, end);
            }
            return out.toString();
        }

        /** An absolute reference: kept when http or https with a host. */
        private static @Nullable String absolute(String ref, int colon, int end) {
            if (!UriSyntax.isHttpScheme(ref, 0, colon)) {
                return null;
            }
            if (!ref.startsWith("//", colon + 1)) {
                return null; // "http:path" has no host
            }
            return withAuthority(ref.substring(0, colon).toLowerCase(Locale.ROOT) + ":", ref, colon + 1, end);
        }

        /** {@code schemeColon} then the network-path reference {@code ref[from, end)} ("//host/path?query"). */
        private static @Nullable String withAuthority(String schemeColon, String ref, int from, int end) {
            int authorityEnd = from + 2;
            while (authorityEnd < end && ref.charAt(authorityEnd) != '/' && ref.charAt(authorityEnd) != '?') {
                authorityEnd++;
            }
            if (authorityEnd == from + 2) {
                return null; // no host
            }
            int q = indexOf(ref, '?', authorityEnd, end);
            boolean sameScheme = from == schemeColon.length() && ref.startsWith(schemeColon);
            if (sameScheme && end == ref.length() && !UriSyntax.hasDotSegment(ref, authorityEnd, q)) {
                return ref; // already absolute and clean: no copy
            }
            StringBuilder out = new StringBuilder(schemeColon.length() + end - from + 1);
            out.append(schemeColon).append(ref, from, authorityEnd);
            if (authorityEnd < q) {
                UriSyntax.appendWithoutDotSegments(out, ref, authorityEnd, q);
            }
            out.append(ref, q, end);
            return out.toString();
        }

        private static int indexOf(String s, char c, int from, int end) {
            int i = s.indexOf(c, from);
            return i < 0 || i > end ? end : i;
        }

        /** The href without surrounding whitespace and controls, and without tabs and newlines inside. */
        private static String clean(String href) {
            int from = 0;
            int to = href.length();
            while (from < to && href.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && href.charAt(to - 1) <= ' ') {
                to--;
            }
            boolean inner = false;
            for (int i = from; i < to; i++) {
                char c = href.charAt(i);
                if (c == '\t' || c == '\n' || c == '\r') {
                    inner = true;
                    break;
                }
            }
            if (!inner) {
                return from == 0 && to == href.length() ? href : href.substring(from, to);
            }
            StringBuilder out = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                char c = href.charAt(i);
                if (c != '\t' && c != '\n' && c != '\r') {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
