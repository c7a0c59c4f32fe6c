package dev.sluice.crawl;

import static java.util.Objects.requireNonNull;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The robots.txt rules of one host for one crawler, parsed by crawler-commons'
 * {@link SimpleRobotRulesParser} (RFC 9309: the most specific user-agent group, longest match wins,
 * an Allow beats a Disallow of the same length, {@code *} and {@code $} in patterns,
 * {@code /robots.txt} itself always allowed).
 *
 * <ul>
 *   <li>The user agent is reduced to its product token, the leading letters, '_' and '-' in lower
 *       case ({@code SluiceBot/0.1 (+https://...)} is {@code sluicebot}), and matched against the
 *       file's groups; without a matching group the {@code *} group applies.</li>
 *   <li>Only the first 500 KiB of a file are parsed (RFC 9309 asks for at least that much).</li>
 *   <li>A file served as HTML, or that looks like HTML, allows everything (crawler-commons).</li>
 *   <li><b>Long crawl delays.</b> crawler-commons refuses to honour a {@code Crawl-delay} above
 *       {@link SimpleRobotRulesParser#DEFAULT_MAX_CRAWL_DELAY} (300 s): it replaces the whole file with
 *       "disallow everything" and no delay. That is kept: a host that asks for more than five minutes
 *       between fetches is not crawled, rather than crawled faster than it asked. A delay too large for
 *       an int of seconds and without a decimal point ({@code Crawl-delay: 99999999999}) fails to parse
 *       in crawler-commons and is ignored (no delay, rules kept). Decimal delays ({@code 0.5}) are
 *       honoured to the millisecond; negative ones count as none.</li>
 * </ul>
 *
 * <p>{@link #allowed} costs crawler-commons' parse of the URL ({@link java.net.URI}, then
 * {@link java.net.URL}), about 0.7 µs and 900 bytes a check on a small rule set; rules that allow
 * everything answer without it. Immutable and thread-safe.
 */
public final class RobotsRules {

    /** RFC 9309 2.5: crawlers parse at least the first 500 KiB. */
    static final int MAX_BYTES = 500 * 1024;

    private static final SimpleRobotRulesParser PARSER = new SimpleRobotRulesParser();
    private static final RobotsRules ALLOW_ALL =
            new RobotsRules(new SimpleRobotRules(RobotRulesMode.ALLOW_ALL), "allow all");
    private static final RobotsRules DISALLOW_ALL =
            new RobotsRules(new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), "disallow all");

    private final BaseRobotRules rules;
    private final boolean allowsEverything;
    private final Duration crawlDelay;
    private final String description;

    private RobotsRules(BaseRobotRules rules, String description) {
        this.rules = rules;
        // A file without rules for us (e.g. "Disallow:" alone) allows every URL: no need to parse them.
        this.allowsEverything = rules.isAllowAll()
                || (rules instanceof SimpleRobotRules simple && !simple.isAllowNone() && simple.getRobotRules().isEmpty());
        long millis = rules.getCrawlDelay();
        this.crawlDelay = millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO;
        this.description = description;
    }

    /**
     * The rules that {@code content}, the body of {@code robotsUrl} fetched with status 2xx, sets for
     * {@code userAgent}.
     *
     * @throws IllegalArgumentException if {@code userAgent} does not start with a product token
     */
    public static RobotsRules parse(byte[] content, String robotsUrl, String userAgent) {
        requireNonNull(content, "content");
        requireNonNull(robotsUrl, "robotsUrl");
        String token = productToken(userAgent);
        byte[] parsed = content.length > MAX_BYTES ? Arrays.copyOf(content, MAX_BYTES) : content;
        SimpleRobotRules rules = PARSER.parseContent(robotsUrl, parsed, "text/plain", List.of(token));
        return new RobotsRules(rules, "parsed from " + robotsUrl + " for " + token);
    }

    /** Rules that allow everything, with no crawl delay. */
    public static RobotsRules allowAll() {
        return ALLOW_ALL;
    }

    /**
     * The rules when robots.txt could not be had, by the status of its fetch (RFC 9309 2.3.1):
     * <ul>
     *   <li>3xx (a redirect not followed, or more than five of them) and 4xx ("unavailable"): allow
     *       all;</li>
     *   <li>429 and 5xx ("unreachable"): disallow all. The host is to be retried later; 429 is read
     *       as "unreachable" too, as major crawlers do, since it says the server is overloaded.</li>
     * </ul>
     *
     * @throws IllegalArgumentException for a status below 300 (a 2xx body is to be {@link #parse}d) or
     *     above 599
     */
    public static RobotsRules fromStatus(int status) {
        if (status == 429 || (status >= 500 && status <= 599)) {
            return DISALLOW_ALL;
        }
        if (status >= 300 && status <= 499) {
            return ALLOW_ALL;
        }
        throw new IllegalArgumentException("expected a 3xx, 4xx or 5xx status for robots.txt, but was " + status
                + (status >= 200 && status < 300 ? " (parse the body instead)" : ""));
    }

    /**
     * Whether the crawler may fetch {@code url}, an absolute URL on the host these rules are for (best
     * normalised first: {@link UrlNormalizer}). The host is not checked.
     */
    public boolean allowed(String url) {
        requireNonNull(url, "url");
        return allowsEverything || rules.isAllowed(url);
    }

    /** The delay the file asks for between fetches; zero when none. */
    public Duration crawlDelay() {
        return crawlDelay;
    }

    /**
     * The product token of a user agent: its leading letters, '_' and '-', in lower case.
     *
     * @throws IllegalArgumentException if there are none
     */
    static String productToken(String userAgent) {
        requireNonNull(userAgent, "userAgent");
        int i = 0;
        while (i < userAgent.length()) {
            char c = userAgent.charAt(i);
            if (!(UriSyntax.isAlpha(c) || c == '_' || c == '-')) {
                break;
            }
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(
                    "a user agent starts with a product token ([a-zA-Z_-]+), but was '" + userAgent + "'");
        }
        return userAgent.substring(0, i).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "RobotsRules[" + description + (crawlDelay.isZero() ? "" : ", crawl delay " + crawlDelay) + "]";
    }
}
