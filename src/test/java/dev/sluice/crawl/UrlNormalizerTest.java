package dev.sluice.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The normal form of URLs, the refused ones, query sorting and stripping, and the per-host key. */
class UrlNormalizerTest {

    private static final UrlNormalizer STANDARD = UrlNormalizer.standard();

    static Stream<Arguments> normalForms() {
        return Stream.of(
                // already normal
                Arguments.of("http://example.com/", "http://example.com/"),
                Arguments.of("https://example.com/a/b?c=d", "https://example.com/a/b?c=d"),
                Arguments.of("http://127.0.0.1:8080/site/1z", "http://127.0.0.1:8080/site/1z"),
                // scheme and host case
                Arguments.of("HTTP://Example.COM/Path", "http://example.com/Path"),
                Arguments.of("hTtPs://WWW.EXAMPLE.com", "https://www.example.com/"),
                // ports
                Arguments.of("http://example.com:80/a", "http://example.com/a"),
                Arguments.of("https://example.com:443/a", "https://example.com/a"),
                Arguments.of("http://example.com:443/a", "http://example.com:443/a"),
                Arguments.of("https://example.com:80/a", "https://example.com:80/a"),
                Arguments.of("http://example.com:/a", "http://example.com/a"),
                Arguments.of("http://example.com:0080/a", "http://example.com/a"),
                Arguments.of("http://example.com:08080/a", "http://example.com:8080/a"),
                Arguments.of("http://example.com:65535/", "http://example.com:65535/"),
                // empty path
                Arguments.of("http://example.com", "http://example.com/"),
                Arguments.of("http://example.com?q=1", "http://example.com/?q=1"),
                Arguments.of("http://example.com#top", "http://example.com/"),
                // dot segments
                Arguments.of("http://example.com/a/./b", "http://example.com/a/b"),
                Arguments.of("http://example.com/a/b/../c", "http://example.com/a/c"),
                Arguments.of("http://example.com/a/b/..", "http://example.com/a/"),
                Arguments.of("http://example.com/a/b/.", "http://example.com/a/b/"),
                Arguments.of("http://example.com/../../a", "http://example.com/a"),
                Arguments.of("http://example.com/a/b/c/../../../../d", "http://example.com/d"),
                Arguments.of("http://example.com/a//../b", "http://example.com/a/b"),
                Arguments.of("http://example.com/a/..b/.c/...", "http://example.com/a/..b/.c/..."),
                Arguments.of("http://example.com/a/%2E%2E/b", "http://example.com/b"),
                Arguments.of("http://example.com/a/%2e/b", "http://example.com/a/b"),
                Arguments.of("http://example.com/a/b/..?x=/../", "http://example.com/a/?x=/../"),
                // percent-encoding
                Arguments.of("http://example.com/%7Euser/%41%62c", "http://example.com/~user/Abc"),
                Arguments.of("http://example.com/a%2db%5Fc%2E", "http://example.com/a-b_c."),
                Arguments.of("http://example.com/a%2fb%3a", "http://example.com/a%2Fb%3A"),
                Arguments.of("http://example.com/%e2%82%ac", "http://example.com/%E2%82%AC"),
                Arguments.of("http://example.com/a b", "http://example.com/a%20b"),
                Arguments.of("http://example.com/€", "http://example.com/%E2%82%AC"),
                Arguments.of("http://example.com/caf%C3%A9/café", "http://example.com/caf%C3%A9/caf%C3%A9"),
                Arguments.of("http://example.com/50%", "http://example.com/50%25"),
                Arguments.of("http://example.com/%zz%4", "http://example.com/%25zz%254"),
                Arguments.of("http://example.com/a|b^c{d}`e<f>g\"h", "http://example.com/a%7Cb%5Ec%7Bd%7D%60e%3Cf%3Eg%22h"),
                Arguments.of("http://example.com/a\\b", "http://example.com/a%5Cb"),
                Arguments.of("http://example.com/p;x=1,y=2!$&'()*+:@", "http://example.com/p;x=1,y=2!$&'()*+:@"),
                Arguments.of("http://example.com/?q=a+b%20c%26d&e=%3d", "http://example.com/?q=a+b%20c%26d&e=%3D"),
                Arguments.of("http://example.com/?q=a b&r=é", "http://example.com/?q=a%20b&r=%C3%A9"),
                Arguments.of("http://example.com/?a=/?:@", "http://example.com/?a=/?:@"),
                // fragments and empty queries
                Arguments.of("http://example.com/a#b?c", "http://example.com/a"),
                Arguments.of("http://example.com/a?b#c", "http://example.com/a?b"),
                Arguments.of("http://example.com/a?", "http://example.com/a"),
                Arguments.of("http://example.com/a?#x", "http://example.com/a"),
                // query order is kept by default, and empty parameters
                Arguments.of("http://example.com/?b=2&a=1", "http://example.com/?b=2&a=1"),
                Arguments.of("http://example.com/?a=1&&b=2", "http://example.com/?a=1&&b=2"),
                // IDN and encoded hosts
                Arguments.of("http://bücher.example/", "http://xn--bcher-kva.example/"),
                Arguments.of("http://BÜCHER.example/", "http://xn--bcher-kva.example/"),
                Arguments.of("https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9"),
                Arguments.of("http://b%C3%BCcher.example/", "http://xn--bcher-kva.example/"),
                Arguments.of("http://%65xample.com/", "http://example.com/"),
                Arguments.of("http://xn--bcher-kva.example/", "http://xn--bcher-kva.example/"),
                Arguments.of("http://under_score.example.com/", "http://under_score.example.com/"),
                Arguments.of("http://example.com./", "http://example.com./"),
                // IPv4 and IPv6
                Arguments.of("http://192.168.0.1:80/", "http://192.168.0.1/"),
                Arguments.of("http://[2001:DB8::1]:8080/a", "http://[2001:db8::1]:8080/a"),
                Arguments.of("http://[::1]/", "http://[::1]/"),
                Arguments.of("https://[::FFFF:127.0.0.1]:443", "https://[::ffff:127.0.0.1]/"),
                // userinfo is kept, without counting as the host
                Arguments.of("http://User:Pa%73s@Example.com:80/", "http://User:Pass@example.com/"),
                // whitespace around and tabs and newlines inside
                Arguments.of("  http://example.com/a  ", "http://example.com/a"),
                Arguments.of("http://exa\tmple.com/a\nb", "http://example.com/ab")
        );
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("normalForms")
    void normalises(String url, String expected) {
        assertThat(STANDARD.normalize(url)).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "", " ", "example.com/a", "/a/b", "//example.com/a", "ftp://example.com/", "mailto:a@example.com",
        "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "http:/example.com/", "http:example.com",
        "http://", "http:///a", "http://:80/", "http://user@/", "http://exa mple.com/", "http://exa<mple.com/",
        "http://example.com:port/", "http://example.com:65536/", "http://example.com:-1/", "http://example.com:99999999999/",
        "http://[::1/", "http://[]/", "http://[::1]x/", "http://[fe80::1%25eth0]/", "http://%zz.com/", "http://%C3.com/",
        "http://a\\b.com/", "httpx://example.com/", "htt://example.com/"})
    void refuses(String url) {
        assertThat(STANDARD.normalize(url)).isEmpty();
    }

    @Test
    void returnsTheSameStringWhenItIsAlreadyNormal() {
        String url = "http://127.0.0.1:40123/site/1z";
        assertThat(STANDARD.normalize(url)).hasValueSatisfying(v -> assertThat(v).isSameAs(url));
    }

    @Test
    void isIdempotent() {
        for (String url : List.of("HTTP://Ex.com:80/a/../%7e?b=1&a=%zz#f", "http://bücher.example/a b?x=ü",
                "https://[::1]:443/./a/", "http://e.com/?&&")) {
            String once = STANDARD.normalize(url).orElseThrow();
            assertThat(STANDARD.normalize(once)).contains(once);
        }
    }

    @Test
    void everyResultParsesAsAJavaUri() {
        SplittableRandom random = new SplittableRandom(7);
        String alphabet = "aZ09-._~!$&'()*+,;=:@/?#%[]|\\^`{}<>\" \té€\uD83D\uDE00\uD800";
        int accepted = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder tail = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                tail.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String url = "http://example.com/" + tail;
            Optional<String> normal = STANDARD.normalize(url);
            if (normal.isPresent()) {
                accepted++;
                URI uri = URI.create(normal.get());
                assertThat(uri.getHost()).as(url).isEqualTo("example.com");
                assertThat(uri.getRawFragment()).as(url).isNull();
                assertThat(STANDARD.normalize(normal.get())).as(url).contains(normal.get());
            }
        }
        assertThat(accepted).isEqualTo(20_000);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://e.com/?b=2&a=1&c=3                    | http://e.com/?a=1&b=2&c=3
            http://e.com/?a=2&b=1&a=1                    | http://e.com/?a=2&a=1&b=1
            http://e.com/?b&a=1&ab=0                     | http://e.com/?a=1&ab=0&b
            http://e.com/?z=1&&y=2&                      | http://e.com/?y=2&z=1
            http://e.com/?%62=2&a=1                      | http://e.com/?a=1&b=2
            http://e.com/?&                              | http://e.com/
            http://e.com/?a=1&b=2                        | http://e.com/?a=1&b=2
            """)
    void sortsQueryParametersByNameKeepingTheOrderOfRepeatedNames(String url, String expected) {
        assertThat(new UrlNormalizer(true, List.of()).normalize(url)).contains(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://e.com/?utm_source=x&id=1&utm_medium=y | http://e.com/?id=1
            http://e.com/?id=1&fbclid=abc                | http://e.com/?id=1
            http://e.com/?fbclid=abc                     | http://e.com/
            http://e.com/?fbclid                         | http://e.com/
            http://e.com/?fbclidx=1&xfbclid=2            | http://e.com/?fbclidx=1&xfbclid=2
            http://e.com/?utm_=1&utm=2&UTM_SOURCE=3      | http://e.com/?utm=2&UTM_SOURCE=3
            http://e.com/?utm%5Fsource=x&b=1             | http://e.com/?b=1
            http://e.com/?sessionid=1&b=1#frag           | http://e.com/?b=1
            http://e.com/?b=1&a=2                        | http://e.com/?b=1&a=2
            http://e.com/?a=utm_source                   | http://e.com/?a=utm_source
            """)
    void stripsNamedParametersAndPrefixes(String url, String expected) {
        assertThat(new UrlNormalizer(false, List.of("utm_*", "fbclid", "sessionid")).normalize(url)).contains(expected);
    }

    @Test
    void sortsAndStripsTogether() {
        UrlNormalizer both = new UrlNormalizer(true, List.of("utm_*"));
        assertThat(both.normalize("HTTP://E.com:80/x?utm_a=1&z=1&b=2&utm_b=2#f")).contains("http://e.com/x?b=2&z=1");
        assertThat(both.sortQuery()).isTrue();
        assertThat(both.stripParams()).containsExactly("utm_*");
        assertThat(both).hasToString("UrlNormalizer[sortQuery=true, stripParams=[utm_*]]");
    }

    @Test
    void aLoneStarStripsEveryParameter() {
        assertThat(new UrlNormalizer(false, List.of("*")).normalize("http://e.com/a?x=1&y=2")).contains("http://e.com/a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "utm_*x", "*utm", "a*b*"})
    void refusesMalformedParameterNames(String name) {
        assertThatThrownBy(() -> new UrlNormalizer(false, List.of(name))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardNeitherSortsNorStrips() {
        assertThat(UrlNormalizer.standard().sortQuery()).isFalse();
        assertThat(UrlNormalizer.standard().stripParams()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://example.com/a                         | example.com
            https://example.com                          | example.com
            http://127.0.0.1:8080/site/1?x=1             | 127.0.0.1:8080
            https://example.com:8443?x                   | example.com:8443
            http://user:pw@example.com:81/               | example.com:81
            http://[::1]:8080/                           | [::1]:8080
            http://[::1]/                                | [::1]
            http://example.com#f                         | example.com
            """)
    void hostIsTheKeyForPerHostLimits(String normalizedUrl, String expected) {
        assertThat(UrlNormalizer.host(normalizedUrl)).isEqualTo(expected);
    }

    @Test
    void hostOfNormalisedUrlsDropsDefaultPortsAndCase() {
        assertThat(UrlNormalizer.host(STANDARD.normalize("HTTP://Example.COM:80/a").orElseThrow())).isEqualTo("example.com");
        assertThat(UrlNormalizer.host(STANDARD.normalize("https://Example.com:443/").orElseThrow())).isEqualTo("example.com");
        assertThat(UrlNormalizer.host(STANDARD.normalize("http://bücher.example:8080").orElseThrow()))
                .isEqualTo("xn--bcher-kva.example:8080");
    }

    @Test
    void hostRefusesARelativeUrl() {
        assertThatThrownBy(() -> UrlNormalizer.host("/a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
