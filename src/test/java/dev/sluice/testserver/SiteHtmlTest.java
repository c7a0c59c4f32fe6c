package dev.sluice.testserver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.profile.ServerSpec.SiteSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTML of a page: its anchors, relative and absolute links, and its exact size. */
class SiteHtmlTest {

    private static final Pattern HREF = Pattern.compile("<a href=\"([^\"]*)\">");
    private static final IntFunction<String> BASES = host -> "http://127.0.0." + (host + 1) + ":4012" + host;

    private static SiteGraph site(int outDegree, int pageSize, int hosts) {
        return new SiteGraph(new SiteSpec(10_000, outDegree, pageSize), 17, hosts);
    }

    private static List<String> hrefs(byte[] html) {
        Matcher m = HREF.matcher(new String(html, UTF_8));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void isACompleteHtml5DocumentWithTitleAndHeading() {
        String html = new String(site(20, 4096, 1).html(71, BASES), UTF_8);
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">")
                .contains("<meta charset=\"utf-8\">", "<title>Page 1z</title>", "<h1>Page 1z</h1>")
                .endsWith("</body>\n</html>\n");
        assertThat(html.indexOf("<ul>")).isLessThan(html.indexOf("</ul>"));
        assertThat(html.indexOf("<p>")).isLessThan(html.indexOf("</p>"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 20, 100})
    void hasExactlyOneAnchorPerLink(int outDegree) {
        SiteGraph site = site(outDegree, 4096, 1);
        for (long page : new long[] {0, 1, 71, 9_999}) {
            List<String> hrefs = hrefs(site.html(page, BASES));
            assertThat(hrefs).hasSize(outDegree);
            assertThat(hrefs).containsExactly(pathsOf(site.links(page)));
        }
    }

    @Test
    void linksOnTheSameHostAreRelativeAndOthersAbsoluteToTheirHost() {
        SiteGraph site = site(20, 4096, 3);
        int absolute = 0;
        for (long page = 0; page < 300; page++) {
            long[] links = site.links(page);
            List<String> hrefs = hrefs(site.html(page, BASES));
            assertThat(hrefs).hasSize(links.length);
            for (int i = 0; i < links.length; i++) {
                int host = site.hostOf(links[i]);
                if (host == site.hostOf(page)) {
                    assertThat(hrefs.get(i)).isEqualTo(SiteGraph.path(links[i]));
                } else {
                    absolute++;
                    assertThat(hrefs.get(i)).isEqualTo(BASES.apply(host) + SiteGraph.path(links[i]));
                }
            }
        }
        assertThat(absolute).isGreaterThan(300 * 20 / 2);
    }

    @Test
    void withOneHostEveryLinkIsRelative() {
        assertThat(hrefs(site(20, 4096, 1).html(5, h -> { throw new AssertionError("asked for host " + h); })))
                .allMatch(href -> href.startsWith("/site/"));
    }

    @Test
    void padsToExactlyThePageSize() {
        SiteGraph bare = site(20, 1, 3);
        for (long page : new long[] {0, 1, 500, 9_999}) {
            int natural = bare.html(page, BASES).length;
            for (int size = natural; size < natural + 40; size++) {
                assertThat(site(20, size, 3).html(page, BASES)).as("page %d, size %d", page, size).hasSize(size);
            }
            for (int size : new int[] {4096, 4097, 8192, 65_536, 1_000_000}) {
                byte[] html = site(20, size, 3).html(page, BASES);
                assertThat(html).as("page %d, size %d", page, size).hasSize(size);
                assertThat(new String(html, UTF_8)).endsWith("</html>\n");
            }
        }
    }

    @Test
    void keepsEveryLinkWhenThePageSizeIsTooSmall() {
        SiteGraph bare = site(100, 1, 3);
        SiteGraph small = site(100, 200, 3);
        byte[] html = small.html(42, BASES);
        assertThat(html).isEqualTo(bare.html(42, BASES));
        assertThat(html.length).isGreaterThan(200);
        assertThat(hrefs(html)).hasSize(100);
    }

    @Test
    void sameSeedGivesTheSameBytes() {
        assertThat(site(20, 4096, 2).html(1234, BASES)).isEqualTo(site(20, 4096, 2).html(1234, BASES));
    }

    private static String[] pathsOf(long[] pages) {
        String[] out = new String[pages.length];
        for (int i = 0; i < pages.length; i++) {
            out[i] = SiteGraph.path(pages[i]);
        }
        return out;
    }
}
