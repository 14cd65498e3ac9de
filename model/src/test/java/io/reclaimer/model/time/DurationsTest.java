package io.reclaimer.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "''{0}'' is {1} ms")
    @CsvSource({
            "500ms, 500",
            "0s, 0",
            "90s, 90000",
            "5m, 300000",
            "2h, 7200000",
            "7d, 604800000",
            "2w, 1209600000",
            "1d12h, 129600000",
            "1h30m, 5400000",
            "1m30s, 90000",
            "1s500ms, 1500",
            "1w2d3h4m5s6ms, 788645006",
            "' 12h ', 43200000",
            "PT36H, 129600000",
            "P7D, 604800000",
            "pt1h, 3600000",
            "PT0.5S, 500",
    })
    void readsEveryUnitAndCombinationAndIso8601(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
        assertThat(Durations.tryParse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {
            "soon", "3 days", "two weeks", "12", "1.5h", "5M", "2H", "1y", "1mo", "12h1d", "1h1h", "1d 12h", "-5m",
            "-PT1H", "PT-1H", "P", "PT", "ms", "99999999999999999999s", "106751991167301d"})
    void refusesWhatIsNotADuration(String text) {
        assertThat(Durations.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid duration '" + text + "'")
                .hasMessageContaining("use e.g. 500ms, 90s, 5m, 2h, 7d, 2w, 1d12h or PT36H");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void refusesNothing(String text) {
        assertThat(Durations.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsInTheLargestWholeUnit() {
        assertThat(Durations.inOneUnit(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.inOneUnit(Duration.ofDays(14))).isEqualTo("14d");
        assertThat(Durations.inOneUnit(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Durations.inOneUnit(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Durations.inOneUnit(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(Durations.inOneUnit(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void printsCompactlyInCombinedUnits() {
        assertThat(Durations.compact(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.compact(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Durations.compact(Duration.ofHours(36))).isEqualTo("1d12h");
        assertThat(Durations.compact(Duration.ofSeconds(2_700))).isEqualTo("45m");
        assertThat(Durations.compact(Duration.ofSeconds(-90))).isEqualTo("-1m30s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"500ms", "90s", "5m", "36h", "7d", "1d12h", "1h30m", "1s500ms"})
    void whatItPrintsItReadsBack(String text) {
        Duration d = Durations.parse(text);
        assertThat(Durations.parse(Durations.inOneUnit(d))).isEqualTo(d);
        if (d.getNano() == 0) {
            assertThat(Durations.parse(Durations.compact(d))).isEqualTo(d);
        }
    }
}
