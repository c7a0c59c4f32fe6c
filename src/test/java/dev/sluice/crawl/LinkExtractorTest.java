package dev.sluice.crawl;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.profile.ServerSpec;
import dev.sluice.testserver.SiteGraph;
import dev.sluice.testserver.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Links of HTML pages: resolution, the base element, nofollow, schemes, fragments and odd markup. */
class LinkExtractorTest {

    private static final URI PAGE = URI.create("http://example.com/dir/page.html?x=1");
    private final LinkExtractor extractor = new LinkExtractor();

    private List<String> links(String body) {
        return extractor.links("<!DOCTYPE html><html><head><title>t</title></head><body>" + body + "</body></html>", PAGE);
    }

    private List<String> link(String href) {
        return links("<a href=\"" + href + "\">x</a>");
    }

    /** RFC 3986 5.4's examples, against its base http://a/b/c/d;p?q. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            g:h        | -
            g          | http://a/b/c/g
            ./g        | http://a/b/c/g
            g/         | http://a/b/c/g/
            /g         | http://a/g
            //g        | http://g
            ?y         | http://a/b/c/d;p?y
            g?y        | http://a/b/c/g?y
            #s         | -
            g#s        | http://a/b/c/g
            g?y#s      | http://a/b/c/g?y
            ;x         | http://a/b/c/;x
            g;x        | http://a/b/c/g;x
            g;x?y#s    | http://a/b/c/g;x?y
            .          | http://a/b/c/
            ./         | http://a/b/c/
            ..         | http://a/b/
            ../        | http://a/b/
            ../g       | http://a/b/g
            ../..      | http://a/
            ../../     | http://a/
            ../../g    | http://a/g
            ../../../g | http://a/g
            ../../../../g | http://a/g
            /./g       | http://a/g
            /../g      | http://a/g
            g.         | http://a/b/c/g.
            .g         | http://a/b/c/.g
            g..        | http://a/b/c/g..
            ..g        | http://a/b/c/..g
            ./../g     | http://a/b/g
            ./g/.      | http://a/b/c/g/
            g/./h      | http://a/b/c/g/h
            g/../h     | http://a/b/c/h
            g;x=1/./y  | http://a/b/c/g;x=1/y
            g;x=1/../y | http://a/b/c/y
            g?y/./x    | http://a/b/c/g?y/./x
            g?y/../x   | http://a/b/c/g?y/../x
            http:g     | -
            """)
    void resolvesLikeRfc3986(String href, String expected) {
        List<String> links = extractor.links("<a href=\"" + href + "\">x</a>", URI.create("http://a/b/c/d;p?q"));
        if (expected.equals("-")) {
            assertThat(links).isEmpty();
        } else {
            assertThat(links).containsExactly(expected);
        }
    }

    @Test
    void keepsAbsoluteHttpAndHttpsLinks() {
        assertThat(links("<a href='http://other.org/a'>1</a><a href='https://secure.org/b?c=d'>2</a>"))
                .containsExactly("http://other.org/a", "https://secure.org/b?c=d");
    }

    @Test
    void lowerCasesTheSchemeOnlyAndLeavesTheRestToTheNormaliser() {
        assertThat(link("HTTPS://Other.ORG:443/A/./B/../C")).containsExactly("https://Other.ORG:443/A/C");
    }

    @Test
    void resolvesRelativeLinksAgainstThePage() {
        assertThat(links("<a href='/root'>1</a><a href='sibling.html'>2</a><a href='../up'>3</a>"
                + "<a href='?y=2'>4</a><a href='//cdn.example.com/x'>5</a><a href='sub/'>6</a>"))
                .containsExactly("http://example.com/root", "http://example.com/dir/sibling.html",
                        "http://example.com/up", "http://example.com/dir/page.html?y=2", "http://cdn.example.com/x",
                        "http://example.com/dir/sub/");
    }

    @Test
    void schemeRelativeLinksTakeThePagesScheme() {
        assertThat(extractor.links("<a href='//cdn.example.com/x'>x</a>", URI.create("https://example.com/")))
                .containsExactly("https://cdn.example.com/x");
    }

    @Test
    void resolvesAgainstTheBaseElementForEveryLinkEvenThoseBeforeIt() {
        String html = "<html><head><title>t</title></head><body><a href='before'>0</a>"
                + "<base href='http://cdn.example.net/assets/'><a href='a.html'>1</a><a href='/b'>2</a>"
                + "<a href='http://abs.org/c'>3</a><base href='http://second.example/'><a href='d'>4</a></body></html>";
        assertThat(extractor.links(html, PAGE)).containsExactly("http://cdn.example.net/assets/before",
                "http://cdn.example.net/assets/a.html", "http://cdn.example.net/b", "http://abs.org/c",
                "http://cdn.example.net/assets/d");
    }

    @Test
    void aRelativeBaseIsResolvedAgainstThePage() {
        String html = "<head><base href='/other/dir/'></head><body><a href='x'>x</a><a href='../y'>y</a></body>";
        assertThat(extractor.links(html, PAGE)).containsExactly("http://example.com/other/dir/x",
                "http://example.com/other/y");
    }

    @Test
    void aBaseWithoutHrefOrWithANonHttpUrlIsIgnored() {
        assertThat(extractor.links("<base target='_blank'><a href='x'>x</a>", PAGE))
                .containsExactly("http://example.com/dir/x");
        assertThat(extractor.links("<base href='javascript:void(0)'><a href='x'>x</a>", PAGE))
                .containsExactly("http://example.com/dir/x");
    }

    @Test
    void takesAreaLinksButNotLinkOrScriptOrImages() {
        assertThat(links("<map><area href='/area1' shape='rect'><area nohref></map><link href='/style.css' rel='stylesheet'>"
                + "<script src='/s.js'></script><img src='/i.png'><iframe src='/f'></iframe><a>no href</a>"))
                .containsExactly("http://example.com/area1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mailto:someone@example.com", "javascript:void(0)", "JavaScript:alert(1)", "tel:+123",
        "ftp://example.com/f", "data:text/html,hi", "file:///etc/hosts", "urn:isbn:123", "news:comp.lang.java",
        "#", "#top", "  #top  ", "", "   ", "http://", "https:///path", "http:relative", "//", "///x"})
    void skipsNonHttpFragmentOnlyEmptyAndHostlessLinks(String href) {
        assertThat(link(href)).isEmpty();
    }

    @Test
    void cutsFragments() {
        assertThat(links("<a href='a#x'>1</a><a href='/b?q=1#y'>2</a><a href='http://o.org/#z'>3</a><a href='?#'>4</a>"))
                .containsExactly("http://example.com/dir/a", "http://example.com/b?q=1", "http://o.org/",
                        "http://example.com/dir/page.html?");
    }

    @Test
    void skipsRelNofollowLinks() {
        assertThat(links("<a href='/1' rel='nofollow'>1</a><a href='/2' rel='NoFollow noopener'>2</a>"
                + "<a href='/3' rel='noopener'>3</a><a href='/4' rel='external  nofollow'>4</a>"
                + "<a href='/5' rel='nofollowing'>5</a><area href='/6' rel='nofollow'>"))
                .containsExactly("http://example.com/3", "http://example.com/5");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nofollow", "NOFOLLOW", "noindex, nofollow", "noindex,nofollow", "none", " None ",
        "index,follow,nofollow"})
    void metaRobotsNofollowGivesNoLinks(String content) {
        String html = "<html><head><meta name='robots' content='" + content + "'></head>"
                + "<body><a href='/a'>a</a><a href='http://o.org/b'>b</a></body></html>";
        assertThat(extractor.links(html, PAGE)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"noindex", "index, follow", "all", "nofollowme", ""})
    void otherMetaRobotsKeepTheLinks(String content) {
        String html = "<html><head><meta name='ROBOTS' content='" + content + "'><meta name='googlebot' content='x'>"
                + "<meta name='description' content='nofollow'></head><body><a href='/a'>a</a></body></html>";
        assertThat(extractor.links(html, PAGE)).containsExactly("http://example.com/a");
    }

    @Test
    void keepsDocumentOrderAndDropsDuplicatesWithinThePage() {
        assertThat(links("<a href='/c'>1</a><a href='/a'>2</a><a href='/c'>3</a><a href='http://example.com/a'>4</a>"
                + "<a href='/b#x'>5</a><a href='/b#y'>6</a>"))
                .containsExactly("http://example.com/c", "http://example.com/a", "http://example.com/b");
    }

    @Test
    void trimsHrefsAndRemovesTabsAndNewlinesInside() {
        assertThat(links("<a href='  /a  '>1</a><a href='\n/b\tc\n'>2</a><a href='/d\r\ne'>3</a>"))
                .containsExactly("http://example.com/a", "http://example.com/bc", "http://example.com/de");
    }

    @Test
    void decodesEntitiesInHrefs() {
        assertThat(link("/search?a=1&amp;b=2&lt;")).containsExactly("http://example.com/search?a=1&b=2<");
    }

    @Test
    void leavesOddCharactersForTheNormaliser() {
        assertThat(link("/a b/é")).containsExactly("http://example.com/a b/é");
        assertThat(UrlNormalizer.standard().normalize(link("/a b/é").getFirst())).contains("http://example.com/a%20b/%C3%A9");
    }

    @Test
    void survivesMalformedMarkup() {
        String html = "<a href=/unquoted>1</a><a href=\"/ok\">3<div><a href='/nested'>4</div>"
                + "<p><a HREF='/upper'>5</p><table><a href='/in-table'>6</table><a href='/last'";
        assertThat(extractor.links(html, PAGE)).containsExactly("http://example.com/unquoted", "http://example.com/ok",
                "http://example.com/nested", "http://example.com/upper", "http://example.com/in-table");
        assertThat(extractor.links("", PAGE)).isEmpty();
        assertThat(extractor.links("<<<>>>&&&", PAGE)).isEmpty();
        assertThat(extractor.links("plain text, no markup", PAGE)).isEmpty();
    }

    @Test
    void anUnclosedQuoteSwallowsTheMarkupAfterItAsABrowserWould() {
        List<String> links = extractor.links("<a href='/unclosed>2<a href=\"/ok\">3</a><a href='/next'>4</a>", PAGE);
        assertThat(links).containsExactly("http://example.com/unclosed>2<a href=\"/ok\">3</a><a href=");
        assertThat(UrlNormalizer.standard().normalize(links.getFirst()))
                .contains("http://example.com/unclosed%3E2%3Ca%20href=%22/ok%22%3E3%3C/a%3E%3Ca%20href=");
    }

    @Test
    void ignoresLinksInCommentsAndScripts() {
        assertThat(links("<!-- <a href='/commented'>x</a> --><script>var s = \"<a href='/script'>\";</script>"
                + "<noscript><a href='/noscript'>n</a></noscript><textarea><a href='/textarea'></textarea>"))
                .containsExactly("http://example.com/noscript");
    }

    @Test
    void decodesBytesWithTheGivenCharset() {
        byte[] utf8 = "<a href='/caf\u00e9'>x</a>".getBytes(UTF_8);
        assertThat(extractor.links(utf8, UTF_8, PAGE)).containsExactly("http://example.com/caf\u00e9");
        byte[] latin1 = "<a href='/caf\u00e9'>x</a>".getBytes(ISO_8859_1);
        assertThat(extractor.links(latin1, ISO_8859_1, PAGE)).containsExactly("http://example.com/caf\u00e9");
    }

    @Test
    void thePagesOwnDotSegmentsAndEmptyPathAreResolved() {
        assertThat(extractor.links("<a href='x'>x</a>", URI.create("http://example.com"))).containsExactly("http://example.com/x");
        assertThat(extractor.links("<a href='x'>x</a>", URI.create("http://example.com/a/./b/../c")))
                .containsExactly("http://example.com/a/x");
        assertThat(extractor.links("<a href='?q'>x</a>", URI.create("http://example.com"))).containsExactly("http://example.com/?q");
    }

    @Test
    void theBaseMustBeAnAbsoluteHttpUrl() {
        for (String base : List.of("/relative", "ftp://example.com/", "mailto:a@b.c", "http:opaque")) {
            assertThatThrownBy(() -> extractor.links("<a href='x'>x</a>", URI.create(base)))
                    .as(base).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPageWithoutLinksGivesAnEmptyList() {
        assertThat(links("<p>nothing here</p>")).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void extractsExactlyTheSiteGraphsLinksFromTheTestServer() throws Exception {
        ServerSpec d = ServerSpec.defaults();
        ServerSpec spec = new ServerSpec("127.0.0.1", 0, 3, 11, List.of(ServerSpec.Protocol.HTTP11), d.connections(),
                new ServerSpec.SiteSpec(2_000, 40, 8192), d.robots(), d.routes());
        SiteGraph site = new SiteGraph(spec.site(), spec.seed(), spec.hosts());
        UrlNormalizer normalizer = UrlNormalizer.standard();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                TestServer server = TestServer.start(spec)) {
            for (long page : new long[] {0, 1, 2, 5, 77, 1_234, 1_999}) {
                String pageUrl = server.urls().get(site.hostOf(page)) + SiteGraph.path(page);
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(pageUrl))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(response.statusCode()).as(pageUrl).isEqualTo(200);
                assertThat(response.body()).hasSize(8192);

                List<String> expected = Arrays.stream(site.links(page))
                        .mapToObj(t -> server.urls().get(site.hostOf(t)) + SiteGraph.path(t))
                        .distinct()
                        .toList();
                List<String> links = extractor.links(response.body(), UTF_8, URI.create(pageUrl));
                assertThat(links).as(pageUrl).isEqualTo(expected);
                // The server's URLs are already in normal form: normalising changes nothing.
                assertThat(links).allSatisfy(url -> assertThat(normalizer.normalize(url)).contains(url));
                assertThat(links.stream().map(UrlNormalizer::host).distinct())
                        .allSatisfy(host -> assertThat(server.urls()).contains("http://" + host));
            }
        }
    }

    @Test
    void hasTokenSplitsOnTheSeparatorAndWhitespace() {
        assertThat(LinkExtractor.hasToken("a, b ,c", "b", ',')).isTrue();
        assertThat(LinkExtractor.hasToken("a,bc", "b", ',')).isFalse();
        assertThat(LinkExtractor.hasToken("", "b", ',')).isFalse();
        assertThat(LinkExtractor.hasToken("x\tNOFOLLOW", "nofollow", ' ')).isTrue();
    }
}
