package dev.sluice.profile;

import static dev.sluice.profile.Loading.ONE_STAGE;
import static dev.sluice.profile.Loading.error;
import static dev.sluice.profile.Loading.serverError;
import static dev.sluice.profile.Loading.serverErrors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mistakes in a server block, each reported as {@code file:line:col: message} at the key or value at fault. */
class ServerErrorsTest {

    // Unknown keys, at every level

    @Test
    void rejectsMisspeltServerKeyInAProfile() {
        assertThat(error(ONE_STAGE + "sever: {}\n"))
                .isEqualTo("test.yaml:8:1: unknown key 'sever' in the profile; did you mean 'server'?");
    }

    @Test
    void rejectsUnknownKeyInAProfilesServerBlockWithSuggestion() {
        assertThat(error(ONE_STAGE + "server:\n  prot: 80\n"))
                .isEqualTo("test.yaml:9:3: unknown key 'prot' in 'server'; did you mean 'port'?");
    }

    @Test
    void rejectsUnknownKeyAtTheTopOfAServerFileWithSuggestion() {
        assertThat(serverError("port: 0\nmax-conections: 5\n"))
                .isEqualTo("server.yaml:2:1: unknown key 'max-conections' in the server config;"
                        + " did you mean 'max-connections'?");
    }

    @Test
    void listsTheServerKeysWhenNothingIsClose() {
        assertThat(serverError("colour: red\n"))
                .isEqualTo("server.yaml:1:1: unknown key 'colour' in the server config; expected one of: host, port,"
                        + " hosts, seed, protocols, keep-alive, idle-timeout, max-connections, beyond-max, site, robots,"
                        + " routes");
    }

    @Test
    void rejectsUnknownKeyInSiteWithSuggestion() {
        assertThat(serverError("site:\n  pages: 10\n  out-degre: 3\n"))
                .isEqualTo("server.yaml:3:3: unknown key 'out-degre' in 'site'; did you mean 'out-degree'?");
    }

    @Test
    void rejectsUnknownKeyInRobotsWithSuggestion() {
        assertThat(serverError("robots: {crawl-dealy: 1s}\n"))
                .isEqualTo("server.yaml:1:10: unknown key 'crawl-dealy' in 'robots'; did you mean 'crawl-delay'?");
    }

    @Test
    void rejectsUnknownRouteNameWithSuggestion() {
        assertThat(serverError("routes:\n  sitee:\n    latency: 5ms\n"))
                .isEqualTo("server.yaml:2:3: unknown key 'sitee' in 'routes'; did you mean 'site'?");
    }

    @Test
    void listsTheRouteNamesWhenNothingIsClose() {
        assertThat(serverError("routes: {homepage: {}}\n"))
                .isEqualTo("server.yaml:1:10: unknown key 'homepage' in 'routes'; expected one of: site, bytes, delay,"
                        + " status, api, robots, default");
    }

    @Test
    void rejectsMisspeltLatencyInARouteWithSuggestion() {
        assertThat(serverError("routes:\n  site:\n    lattency: 5ms\n"))
                .isEqualTo("server.yaml:3:5: unknown key 'lattency' in 'routes.site'; did you mean 'latency'?");
    }

    @Test
    void rejectsMisspeltFaultInARouteWithSuggestion() {
        assertThat(serverError("routes:\n  api:\n    eror-rate: 0.1\n"))
                .isEqualTo("server.yaml:3:5: unknown key 'eror-rate' in 'routes.api'; did you mean 'error-rate'?");
    }

    @Test
    void rejectsUnknownKeyInStallWithSuggestion() {
        assertThat(serverErrors("routes: {site: {stall: {evry: 10s, for: 1s}}}\n")).containsExactly(
                "server.yaml:1:24: routes.site.stall needs 'every'",
                "server.yaml:1:25: unknown key 'evry' in 'routes.site.stall'; did you mean 'every'?");
    }

    @Test
    void rejectsMisspeltLatencyFormWithSuggestion() {
        assertThat(serverError("routes: {site: {latency: {unifrom: {min: 1ms, max: 2ms}}}}\n"))
                .isEqualTo("server.yaml:1:27: unknown key 'unifrom' in 'routes.site.latency'; did you mean 'uniform'?");
    }

    @Test
    void rejectsKeyThatALatencyFormDoesNotTake() {
        assertThat(serverError("routes: {site: {latency: {uniform: {min: 1ms, max: 2ms, mean: 1ms}}}}\n"))
                .isEqualTo("server.yaml:1:57: unknown key 'mean' in 'routes.site.latency.uniform'; expected one of:"
                        + " min, max");
    }

    @Test
    void rejectsUnknownKeyDeepInAProfilesServerBlockWithTheFullPath() {
        assertThat(Loading.errors(ONE_STAGE + """
                server:
                  routes:
                    site:
                      latency: {normal: {mean: 5ms, stdev: 1ms}}
                """)).containsExactly(
                        "test.yaml:11:25: server.routes.site.latency.normal needs 'stddev'",
                        "test.yaml:11:37: unknown key 'stdev' in 'server.routes.site.latency.normal';"
                                + " did you mean 'stddev'?");
    }

    // Wrong types and malformed values

    @Test
    void rejectsWordForPort() {
        assertThat(serverError("port: http\n"))
                .isEqualTo("server.yaml:1:7: port: expected a whole number, but was 'http'");
    }

    @Test
    void rejectsEmptyQuotedHost() {
        assertThat(serverError("host: \"\"\n"))
                .isEqualTo("server.yaml:1:7: host: expected a host name or address such as 127.0.0.1, but it was empty");
    }

    @Test
    void rejectsListForHosts() {
        assertThat(serverError("hosts: [1, 2]\n"))
                .isEqualTo("server.yaml:1:8: hosts must be a single value, but was a list");
    }

    @Test
    void rejectsWordThatIsNotABoolean() {
        assertThat(serverError("keep-alive: maybe\n"))
                .isEqualTo("server.yaml:1:13: keep-alive: expected true or false, but was 'maybe'");
    }

    @Test
    void rejectsMisspeltBeyondMaxWithSuggestion() {
        assertThat(serverError("beyond-max: refuze\n"))
                .isEqualTo("server.yaml:1:13: beyond-max: unknown value 'refuze'; did you mean 'refuse'?");
    }

    @Test
    void rejectsDurationWithoutAUnit() {
        assertThat(serverError("idle-timeout: 60\n"))
                .isEqualTo("server.yaml:1:15: idle-timeout: expected a duration with a unit (ns, us, ms, s, m, h, d),"
                        + " e.g. 60ms or 60s, but was '60'");
    }

    @Test
    void rejectsUnknownProtocolWithSuggestionAtTheItem() {
        assertThat(serverError("protocols: [http1.1, http/1.1]\n"))
                .isEqualTo("server.yaml:1:22: protocols[1]: unknown protocol 'http/1.1'; did you mean 'http1.1'?");
    }

    @Test
    void rejectsProtocolListedTwice() {
        assertThat(serverError("protocols: [h2c, h2c]\n"))
                .isEqualTo("server.yaml:1:18: protocols[1]: h2c is listed twice");
    }

    @Test
    void rejectsMappingForProtocols() {
        assertThat(serverError("protocols: {h2c: true}\n"))
                .isEqualTo("server.yaml:1:12: protocols must be a list (e.g. [a, b]) or a single value, but was a mapping");
    }

    @Test
    void rejectsScalarWhereSiteMappingIsExpected() {
        assertThat(serverError("site: 1000\n"))
                .isEqualTo("server.yaml:1:7: site must be a mapping (key: value lines), but was the value '1000'");
    }

    @Test
    void rejectsPageSizeThatDoesNotFitAnInt() {
        assertThat(serverError("site: {page-size: 4GiB}\n"))
                .isEqualTo("server.yaml:1:19: site.page-size: expected a size up to 2147483647 bytes (just under 2GiB),"
                        + " but was '4GiB'");
    }

    @Test
    void rejectsWordForAFraction() {
        assertThat(serverError("routes: {site: {error-rate: abc}}\n"))
                .isEqualTo("server.yaml:1:29: routes.site.error-rate: expected a fraction from 0 to 1 such as 0.01,"
                        + " but was 'abc'");
    }

    @Test
    void explainsThatAPercentageIsWrittenAsAFraction() {
        assertThat(serverError("routes: {site: {reset-rate: 5%}}\n"))
                .isEqualTo("server.yaml:1:29: routes.site.reset-rate: expected a fraction from 0 to 1 such as 0.01,"
                        + " but was '5%' (write a percentage as a fraction: 5% is 0.05)");
    }

    @Test
    void rejectsSlowBodyWithoutATimeUnit() {
        assertThat(serverError("routes: {site: {slow-body: 10KiB}}\n"))
                .isEqualTo("server.yaml:1:28: routes.site.slow-body: expected a byte rate such as 10KiB/s, 1MiB/m or"
                        + " 500B/s, but was '10KiB' (a size needs a time unit: 10KiB/s)");
    }

    @Test
    void rejectsStallWrittenAsADuration() {
        assertThat(serverError("routes: {site: {stall: 1s}}\n"))
                .isEqualTo("server.yaml:1:24: routes.site.stall must be a mapping (key: value lines), but was the value"
                        + " '1s'");
    }

    @Test
    void rejectsStallWithoutFor() {
        assertThat(serverError("routes: {site: {stall: {every: 10s}}}\n"))
                .isEqualTo("server.yaml:1:24: routes.site.stall needs 'for'");
    }

    @Test
    void rejectsEmptyServerBlockSayingHowToAskForTheDefaults() {
        assertThat(error(ONE_STAGE + "server:\n"))
                .isEqualTo("test.yaml:8:8: server is empty; write server: {} for a test server with the defaults,"
                        + " or remove the key for none");
    }

    @Test
    void rejectsServerFileThatIsAList() {
        assertThat(serverError("- port: 80\n"))
                .isEqualTo("server.yaml:1:1: the server config must be a mapping (key: value lines), but was a list");
    }

    // Rules of the records, placed at the key that broke them

    @Test
    void rejectsZeroHostsAtTheValue() {
        assertThat(serverError("hosts: 0\n")).isEqualTo("server.yaml:1:8: hosts must be > 0, but was 0");
    }

    @Test
    void rejectsPortAbove65535AtTheValue() {
        assertThat(serverError("port: 70000\n"))
                .isEqualTo("server.yaml:1:7: port must be 0 (any free port) to 65535, but was 70000");
    }

    @Test
    void rejectsNegativePort() {
        assertThat(serverError("port: -1\n"))
                .isEqualTo("server.yaml:1:7: port must be 0 (any free port) to 65535, but was -1");
    }

    @Test
    void rejectsSeveralHostsOnANameThatCannotCountUp() {
        assertThat(serverError("host: localhost\nhosts: 3\n"))
                .isEqualTo("server.yaml:2:8: hosts above 1 needs an IPv4 loopback host (127.x.y.z) to count up from,"
                        + " but host was localhost");
    }

    @Test
    void rejectsNegativeMaxConnections() {
        assertThat(serverError("max-connections: -1\n"))
                .isEqualTo("server.yaml:1:18: max-connections must be >= 0, but was -1");
    }

    @Test
    void rejectsEmptyProtocolList() {
        assertThat(serverError("protocols: []\n"))
                .isEqualTo("server.yaml:1:12: protocols must name at least one of http1.1, h2c");
    }

    @Test
    void rejectsZeroPages() {
        assertThat(serverError("site:\n  pages: 0\n")).isEqualTo("server.yaml:2:10: site.pages must be > 0, but was 0");
    }

    @Test
    void rejectsZeroPageSize() {
        assertThat(serverError("site: {page-size: 0B}\n"))
                .isEqualTo("server.yaml:1:19: site.page-size must be > 0, but was 0");
    }

    @Test
    void rejectsDisallowPrefixWithoutASlashAtThatPrefix() {
        assertThat(serverError("robots:\n  disallow:\n    - /a/\n    - private/\n"))
                .isEqualTo("server.yaml:4:7: robots.disallow prefixes must start with '/', but one was 'private/'");
    }

    @Test
    void rejectsErrorRateAboveOne() {
        assertThat(serverError("routes:\n  site:\n    error-rate: 1.5\n"))
                .isEqualTo("server.yaml:3:17: routes.site.error-rate must be a fraction from 0 to 1, but was 1.5");
    }

    @Test
    void rejectsNegativeResetRate() {
        assertThat(serverError("routes:\n  site:\n    reset-rate: -0.1\n"))
                .isEqualTo("server.yaml:3:17: routes.site.reset-rate must be a fraction from 0 to 1, but was -0.1");
    }

    @Test
    void rejectsErrorStatusThatIsNotAnErrorTheServerInjects() {
        assertThat(serverError("routes:\n  site:\n    error-status: 404\n"))
                .isEqualTo("server.yaml:3:19: routes.site.error-status must be one of 429, 500, 502, 503, 504,"
                        + " but was 404");
    }

    @Test
    void rejectsStallForAsLongAsEveryAtFor() {
        assertThat(serverError("routes:\n  site:\n    stall: {every: 10s, for: 10s}\n"))
                .isEqualTo("server.yaml:3:30: routes.site.stall 'for' (10s) must be shorter than 'every' (10s)");
    }

    @Test
    void rejectsRatesAddingUpToMoreThanOne() {
        assertThat(serverError("routes: {site: {error-rate: 0.5, reset-rate: 0.25, close-mid-body-rate: 0.5}}\n"))
                .isEqualTo("server.yaml:1:29: routes.site.error-rate + reset-rate + close-mid-body-rate + hang-rate"
                        + " must add up to at most 1, but was 1.25");
    }

    @Test
    void reportsRuleBrokenInAProfilesServerBlockWithTheFullPath() {
        assertThat(error(ONE_STAGE + "server:\n  routes:\n    site:\n      error-status: 404\n"))
                .isEqualTo("test.yaml:11:21: server.routes.site.error-status must be one of 429, 500, 502, 503, 504,"
                        + " but was 404");
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        assertThat(serverErrors("""
                port: http
                site: {pages: 0}
                routes:
                  site: {error-rate: 2}
                  sitee: {}
                """)).containsExactly(
                        "server.yaml:1:7: port: expected a whole number, but was 'http'",
                        "server.yaml:2:15: site.pages must be > 0, but was 0",
                        "server.yaml:4:22: routes.site.error-rate must be a fraction from 0 to 1, but was 2.0",
                        "server.yaml:5:3: unknown key 'sitee' in 'routes'; did you mean 'site'?");
    }
}
