package io.reclaimer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's status line says what is happening and how long it will take. */
class DemoProgressTest {

    private static DemoProgress.Reading at(double seconds, double history, long lag, boolean running, Long untilStop) {
        return new DemoProgress.Reading(history, lag, running, (long) (seconds * 1e9),
                untilStop == null ? null : Duration.ofSeconds(untilStop));
    }

    @Test
    void whileTheHistoryIsSimulatedItSaysHowFarAndHowLongTheRestTakes() {
        String line = DemoProgress.line(at(0, 0.20, 1000, true, null), at(2, 0.30, 50_000, true, 110L));

        assertThat(line).isEqualTo("simulating history  30% · analysis 50,000 records behind · about 14s left · stops in 110s");
    }

    @Test
    void afterTheHistoryItSaysHowFarBehindTheAnalysisIsAndWhenItCatchesUp() {
        String line = DemoProgress.line(at(0, 1, 90_000, true, null), at(3, 1, 60_000, true, null));

        assertThat(line).isEqualTo("history sent · analysis catching up: 60,000 records behind at 10,000/s · about 6s left");
    }

    @Test
    void theFirstReadingHasNoEstimateAndACaughtUpAnalysisSaysSo() {
        assertThat(DemoProgress.line(null, at(0, 0, 0, false, null))).isEqualTo("simulating history   0% · analysis 0 records behind");
        assertThat(DemoProgress.line(at(0, 1, 0, true, null), at(1, 1, 0, true, 30L)))
                .isEqualTo("analysis caught up · live simulated fleet · stops in 30s");
    }
}
