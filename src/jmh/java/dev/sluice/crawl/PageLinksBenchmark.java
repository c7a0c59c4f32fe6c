package dev.sluice.crawl;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.SiteGraph;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The page-level work of a crawl, per page of the test server's site (8 KiB, 40 links, four hosts, so
 * most links are absolute): {@link #page} is extract + normalise + robots check, what a crawl does
 * for every page it fetches; the others take it apart. Ops are pages, on one thread (ops/s/thread).
 *
 * <p>{@code bench/jmh.sh PageLinks -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PageLinksBenchmark {

    private static final int PAGES = 256;
    private static final int HOSTS = 4;

    private final LinkExtractor extractor = new LinkExtractor();
    private final UrlNormalizer normalizer = new UrlNormalizer(true, List.of("utm_*", "sessionid"));
    private byte[][] html;
    private String[] text;
    private URI[] base;
    private String[][] links;
    private RobotsRules robots;
    private int next;

    @Setup
    public void setUp() {
        SiteGraph site = new SiteGraph(new ServerSpec.SiteSpec(100_000, 40, 8192), 11, HOSTS);
        html = new byte[PAGES][];
        text = new String[PAGES];
        base = new URI[PAGES];
        links = new String[PAGES][];
        for (int i = 0; i < PAGES; i++) {
            long page = 1_000 + 37L * i;
            html[i] = site.html(page, PageLinksBenchmark::hostBase);
            text[i] = new String(html[i], UTF_8);
            base[i] = URI.create(hostBase(site.hostOf(page)) + SiteGraph.path(page));
            links[i] = extractor.links(html[i], UTF_8, base[i]).toArray(String[]::new);
        }
        robots = RobotsRules.parse("User-agent: *\nDisallow: /site/1\nDisallow: /private/\nCrawl-delay: 1\n"
                .getBytes(UTF_8), "http://127.0.0.1:8080/robots.txt", "SluiceBot/0.1");
    }

    private static String hostBase(int host) {
        return "http://127.0.0." + (host + 1) + ":8080";
    }

    private int nextPage() {
        int i = next;
        next = (i + 1) % PAGES;
        return i;
    }

    /** Extract, normalise and check robots.txt for every link of one page: the crawl's per-page work. */
    @Benchmark
    public int page() {
        int i = nextPage();
        int allowed = 0;
        for (String link : extractor.links(html[i], UTF_8, base[i])) {
            Optional<String> url = normalizer.normalize(link);
            if (url.isPresent() && robots.allowed(url.get())) {
                allowed++;
            }
        }
        return allowed;
    }

    /** {@link LinkExtractor#links(byte[], java.nio.charset.Charset, URI)} alone. */
    @Benchmark
    public int extract() {
        int i = nextPage();
        return extractor.links(html[i], UTF_8, base[i]).size();
    }

    /** jsoup's parse of the already decoded page alone: the floor under {@link #extract}. */
    @Benchmark
    public int jsoupParseOnly() {
        return Parser.parse(text[nextPage()], "").childNodeSize();
    }

    /**
     * The baseline the extractor improves on: jsoup's own {@code select("a[href], area[href]")} and
     * {@code absUrl("href")} (resolution through java.net.URL), with no nofollow or scheme filtering.
     */
    @Benchmark
    public int jsoupSelectAbsUrl() {
        int i = nextPage();
        int n = 0;
        for (Element a : Parser.parse(text[i], base[i].toString()).select("a[href], area[href]")) {
            n += a.absUrl("href").length();
        }
        return n;
    }

    /** {@link UrlNormalizer#normalize} of one page's links. */
    @Benchmark
    public int normalise() {
        int n = 0;
        for (String link : links[nextPage()]) {
            n += normalizer.normalize(link).map(String::length).orElse(0);
        }
        return n;
    }

    /** The same links through java.net.URI's normalize(), the baseline the normaliser avoids. */
    @Benchmark
    public int normaliseWithJavaUri() throws URISyntaxException {
        int n = 0;
        for (String link : links[nextPage()]) {
            n += new URI(link).normalize().toString().length();
        }
        return n;
    }

    /** {@link RobotsRules#allowed} for one page's links. */
    @Benchmark
    public int robots() {
        int n = 0;
        for (String link : links[nextPage()]) {
            if (robots.allowed(link)) {
                n++;
            }
        }
        return n;
    }
}
