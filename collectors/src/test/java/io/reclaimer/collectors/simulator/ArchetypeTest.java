package io.reclaimer.collectors.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchetypeTest {

    @Test
    void noArchetypeUsesNegativeCpuOrMemoryHoweverFarTheNoiseFalls() {
        Instant monday = Instant.parse("2026-11-30T00:00:00Z");
        for (Archetype archetype : Archetype.values()) {
            for (int hour = 0; hour < 24 * 7; hour++) {
                Archetype.LocalTime time = Archetype.LocalTime.of(monday.plus(Duration.ofHours(hour)));
                for (double noise = -10; noise <= 10; noise += 0.25) {
                    for (double burst : new double[] {0, 0.5, 0.98, 1}) {
                        assertThat(archetype.cpuFraction(time, noise, burst))
                                .as("%s at hour %d, noise %s, burst %s", archetype, hour, noise, burst).isPositive();
                    }
                    assertThat(archetype.memoryFraction(time, noise, 0.5))
                            .as("%s memory at hour %d, noise %s", archetype, hour, noise).isPositive();
                }
            }
        }
    }
}
