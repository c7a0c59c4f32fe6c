package dev.sluice.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Durations, rates and sizes as a profile writes them. */
class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "2s, PT2S",
        "1m, PT1M",
        "1m30s, PT1M30S",
        "1h30m, PT1H30M",
        "1d, PT24H",
        "1.5s, PT1.5S",
        "3us, PT0.000003S",
        "3µs, PT0.000003S",
        "7ns, PT0.000000007S",
        "0, PT0S",
        "0s, PT0S",
        "' 2s ', PT2S",
    })
    void parsesDurations(String text, Duration expected) {
        assertThat(Units.duration(text)).isEqualTo(expected);
    }

    @Test
    void asksForAUnitWhenADurationIsABareNumber() {
        assertThatThrownBy(() -> Units.duration("10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration with a unit (ns, us, ms, s, m, h, d), e.g. 10ms or 10s, but was '10'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "5 parsecs", "-5s", "1m 30s", "2 s", "10sec", "s"})
    void rejectsMalformedDurations(String text) {
        assertThatThrownBy(() -> Units.duration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration such as 250ms, 2s, 1m or 1h30m, but was '" + text + "'");
    }

    @Test
    void rejectsEmptyDuration() {
        assertThatThrownBy(() -> Units.duration("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a duration such as 250ms, 2s or 1m, but it was empty");
    }

    @Test
    void rejectsDurationTooLongForOnePart() {
        assertThatThrownBy(() -> Units.duration("200000d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '200000d' is too long");
    }

    @Test
    void rejectsDurationWhosePartsAddUpToTooLong() {
        assertThatThrownBy(() -> Units.duration("100000d100000d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duration '100000d100000d' is too long");
    }

    @Test
    void reportsBadDurationsInAProfileAtTheValue() {
        assertThat(Loading.errors("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - name: a
                    kind: sleep
                    duration: 10
                  - name: b
                    kind: blocking-io
                    duration: 5 parsecs
                  - name: c
                    kind: sleep
                    duration: 100000d100000d
                """)).containsExactly(
                "test.yaml:7:15: stages.a.duration: expected a duration with a unit (ns, us, ms, s, m, h, d),"
                        + " e.g. 10ms or 10s, but was '10'",
                "test.yaml:10:15: stages.b.duration: expected a duration such as 250ms, 2s, 1m or 1h30m,"
                        + " but was '5 parsecs'",
                "test.yaml:13:15: stages.c.duration: duration '100000d100000d' is too long");
    }

    @Test
    void readsDurationIntoTheStage() {
        Profile profile = Loading.parse("""
                name: t
                source:
                  range: {count: 3}
                stages:
                  - kind: sleep
                    duration: 1m30s
                """);
        assertThat(profile.stages().get(0).work()).isEqualTo(new WorkSpec.Sleep(Duration.ofSeconds(90)));
    }

    @ParameterizedTest
    @CsvSource({
        "200/s, 200",
        "1500/m, 25",
        "60/min, 1",
        "3600/h, 1",
        "2/ms, 2000",
        "0.5/s, 0.5",
        "200 / s, 200",
    })
    void parsesRatesAsEventsPerSecond(String text, double perSecond) {
        assertThat(Units.rate(text)).isEqualTo(new Rate(perSecond));
    }

    @Test
    void givesTheIntervalBetweenEvents() {
        assertThat(Units.rate("200/s").intervalNanos()).isEqualTo(5_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"200", "200/x", "abc", "/s", "-5/s", "200/sec", ""})
    void rejectsMalformedRates(String text) {
        assertThatThrownBy(() -> Units.rate(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a rate such as 200/s, 1500/m or 2/ms, but was '" + text + "'");
    }

    @Test
    void rejectsZeroRate() {
        assertThatThrownBy(() -> Units.rate("0/s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a rate must be > 0, but was '0/s'");
    }

    @ParameterizedTest
    @CsvSource({
        "512, 512",
        "100B, 100",
        "10KB, 10000",
        "3MB, 3000000",
        "2GB, 2000000000",
        "16KiB, 16384",
        "1MiB, 1048576",
        "1GiB, 1073741824",
        "1.5KiB, 1536",
        "16 KiB, 16384",
    })
    void parsesSizesInBytes(String text, long bytes) {
        assertThat(Units.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "16kib", "-1", "", "1 TiB", "KiB"})
    void rejectsMalformedSizes(String text) {
        assertThatThrownBy(() -> Units.size(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a size such as 512, 100B, 16KiB, 1MiB or 10KB, but was '" + text + "'");
    }

    @Test
    void rejectsSizeTooLarge() {
        assertThatThrownBy(() -> Units.size("99999999999999999999GiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size '99999999999999999999GiB' is too large");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "250ms, 250ms",
        "90s, 90s",
        "1m30s, 90s",
        "2h, 2h",
        "3us, 3us",
        "1500ns, 1500ns",
    })
    void formatsDurationsTheWayAProfileWritesThem(String text, String formatted) {
        Duration d = Units.duration(text);
        assertThat(Units.format(d)).isEqualTo(formatted);
        assertThat(Units.duration(Units.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @CsvSource({
        "10KiB/s, 10240",
        "1MiB/m, 17476",
        "1MiB/min, 17476",
        "36KB/h, 10",
        "2KB/ms, 2000000",
        "500B/s, 500",
        "64/s, 64",
        "1.5KiB/s, 1536",
        "10 KiB / s, 10240",
        "0, 0",
        "0B/s, 0",
    })
    void parsesByteRatesAsBytesPerSecond(String text, long perSecond) {
        assertThat(Units.byteRate(text)).isEqualTo(perSecond);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "/s", "-5B/s", "10kib/s", "KiB/s", "10KiB/", ""})
    void rejectsMalformedByteRates(String text) {
        assertThatThrownBy(() -> Units.byteRate(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a byte rate such as 10KiB/s, 1MiB/m or 500B/s, but was '" + text + "'");
    }

    @Test
    void asksForATimeUnitWhenAByteRateIsASize() {
        assertThatThrownBy(() -> Units.byteRate("10KiB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a byte rate such as 10KiB/s, 1MiB/m or 500B/s, but was '10KiB'"
                        + " (a size needs a time unit: 10KiB/s)");
    }

    @Test
    void namesTheTimeUnitItDoesNotKnow() {
        assertThatThrownBy(() -> Units.byteRate("10KiB/sec"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected a byte rate per ms, s, m or h (e.g. 10KiB/s), but '10KiB/sec' is per 'sec'");
    }

    @Test
    void rejectsByteRateThatRoundsToNothing() {
        assertThatThrownBy(() -> Units.byteRate("1B/m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("byte rate '1B/m' is below 1 byte per second; write 0 for none or at least 1B/s");
    }

    @Test
    void rejectsByteRateTooLarge() {
        assertThatThrownBy(() -> Units.byteRate("99999999999GiB/ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("byte rate '99999999999GiB/ms' is too large");
    }
}
