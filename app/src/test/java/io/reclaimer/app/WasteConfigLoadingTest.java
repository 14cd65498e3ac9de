package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.app.config.ConfigException;
import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.model.findings.FindingKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code waste} section as users write it: partial, overriding only what they care about. */
class WasteConfigLoadingTest {

    @TempDir
    Path dir;

    @Test
    void anAbsentSectionIsEveryDocumentedDefault() {
        ReclaimerConfig config = ConfigLoader.load(null, Map.of());
        assertThat(config.waste().thresholdDays().of(FindingKind.UNATTACHED_VOLUME)).isEqualTo(Duration.ofDays(7));
        assertThat(config.waste().thresholdDays().of(FindingKind.ORPHANED_SNAPSHOT)).isEqualTo(Duration.ofDays(30));
        assertThat(config.waste().prices().ebsUsdPerGibMonth()).containsEntry("gp3", 0.08).containsEntry("io1", 0.125);
        assertThat(config.waste().offHours().timeZone()).isEqualTo("UTC");
        assertThat(config.waste().allocation().shareIdle()).isTrue();
        assertThat(config.waste().overprovisioned().minMonthlySavingsUsd()).isEqualTo(5.0);
    }

    @Test
    void aPartialSectionKeepsTheDefaultsOfEverythingElse() throws Exception {
        Path file = Files.writeString(dir.resolve("reclaimer.yaml"), """
                waste:
                  thresholdDays:
                    unattachedVolume: 14
                  prices:
                    ebsUsdPerGibMonth:
                      gp3: 0.0952
                  offHours:
                    timeZone: Europe/Paris
                  nonProduction:
                    values: [staging, dev]
                """);
        ReclaimerConfig config = ConfigLoader.load(file, Map.of("RECLAIMER_WASTE_SAMPLE_LATENESS_MINUTES", "20"));
        assertThat(config.waste().thresholdDays().unattachedVolume()).isEqualTo(14);
        assertThat(config.waste().thresholdDays().idleLoadBalancer()).isEqualTo(7);
        assertThat(config.waste().prices().ebsUsdPerGibMonth()).containsEntry("gp3", 0.0952).containsEntry("gp2", 0.10);
        assertThat(config.waste().offHours().zoneId().getId()).isEqualTo("Europe/Paris");
        assertThat(config.waste().nonProduction().values()).containsExactly("staging", "dev");
        assertThat(config.waste().nonProduction().environmentLabel()).isEqualTo("env");
        assertThat(config.waste().sampleLatenessMinutes()).isEqualTo(20);
    }

    @Test
    void theNodeAndSpotFindingsOptionsHaveTheirDocumentedDefaultsAndComeFromTheFile() throws Exception {
        ReclaimerConfig defaults = ConfigLoader.load(null, Map.of());
        assertThat(defaults.waste().capacity().underutilizedNodeMaxRequestShare()).isEqualTo(0.5);
        assertThat(defaults.waste().thresholdDays().of(FindingKind.UNDERUTILIZED_NODE)).isEqualTo(Duration.ofDays(1));
        assertThat(defaults.waste().thresholdDays().of(FindingKind.SPOT_ELIGIBLE)).isEqualTo(Duration.ofDays(1));
        Path file = Files.writeString(dir.resolve("reclaimer.yaml"), """
                waste:
                  thresholdDays:
                    underutilizedNode: 3
                    spotEligible: 0
                  capacity:
                    underutilizedNodeMaxRequestShare: 0.3
                """);
        ReclaimerConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.waste().capacity().underutilizedNodeMaxRequestShare()).isEqualTo(0.3);
        assertThat(config.waste().capacity().idleGpuWindowHours()).isEqualTo(24);
        assertThat(config.waste().thresholdDays().of(FindingKind.UNDERUTILIZED_NODE)).isEqualTo(Duration.ofDays(3));
        assertThat(config.waste().thresholdDays().of(FindingKind.SPOT_ELIGIBLE)).isEqualTo(Duration.ZERO);

        Path invalid = Files.writeString(dir.resolve("invalid.yaml"), """
                waste:
                  capacity:
                    underutilizedNodeMaxRequestShare: 1.5
                """);
        assertThatThrownBy(() -> ConfigLoader.load(invalid, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("underutilizedNodeMaxRequestShare");
    }

    @Test
    void theRollbackWindowAndTheAccountsBothServicesUseComeFromTheFile() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).waste().rollbackWindow()).isEqualTo(Duration.ofDays(30));
        Path file = Files.writeString(dir.resolve("reclaimer.yaml"), """
                waste:
                  rollbackWindowDays: 45
                aws:
                  accounts:
                    - roleArn: arn:aws:iam::210987654321:role/reclaimer-collector
                      actionsRoleArn: arn:aws:iam::210987654321:role/reclaimer-actions
                      externalId: reclaimer
                """);
        ReclaimerConfig config = ConfigLoader.load(file, Map.of());
        assertThat(config.waste().rollbackWindow()).isEqualTo(Duration.ofDays(45));
        assertThat(config.aws().access()).singleElement().satisfies(account -> {
            assertThat(account.id()).isEqualTo("210987654321");
            assertThat(account.roleToAct()).isEqualTo("arn:aws:iam::210987654321:role/reclaimer-actions");
            assertThat(account.externalId()).isEqualTo("reclaimer");
        });
        assertThat(ConfigLoader.load(file, Map.of("RECLAIMER_WASTE_ROLLBACK_WINDOW_DAYS", "7")).waste().rollbackWindowDays())
                .isEqualTo(7);

        Path wrongAccount = Files.writeString(dir.resolve("wrong.yaml"), """
                aws:
                  accounts:
                    - id: "123456789012"
                      actionsRoleArn: arn:aws:iam::210987654321:role/reclaimer-actions
                """);
        assertThatThrownBy(() -> ConfigLoader.load(wrongAccount, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not match the account of actionsRoleArn");
    }

    @Test
    void anInvalidValueFailsAtStartUpNamingFileLineAndOption() throws Exception {
        Path file = Files.writeString(dir.resolve("reclaimer.yaml"), """
                waste:
                  offHours:
                    timeZone: Mars/Olympus
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("reclaimer.yaml:").hasMessageContaining("waste.offHours.timeZone is not a time zone: Mars/Olympus");

        Path typo = Files.writeString(dir.resolve("typo.yaml"), """
                waste:
                  thresholdDays:
                    unatachedVolume: 3
                """);
        assertThatThrownBy(() -> ConfigLoader.load(typo, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("typo.yaml:3:").hasMessageContaining("unatachedVolume");
    }
}
