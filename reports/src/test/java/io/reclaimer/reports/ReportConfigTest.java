package io.reclaimer.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportConfigTest {

    @Test
    void defaultsToMondayEightInTheMorningUtcOverPlainSmtp() {
        ReportConfig config = ReportConfig.DEFAULTS;

        assertThat(config.enabled()).isTrue();
        assertThat(config.schedule()).isEqualTo("0 8 * * MON");
        assertThat(config.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(config.period()).isEqualTo(Duration.ofDays(7));
        assertThat(config.trendWeeks()).isEqualTo(8);
        assertThat(config.topRecommendations()).isEqualTo(5);
        assertThat(config.from()).isEqualTo("reclaimer@localhost");
        assertThat(config.defaultRecipients()).isEmpty();
        assertThat(config.smtpHost()).isEqualTo("localhost");
        assertThat(config.smtpPort()).isEqualTo(587);
        assertThat(config.smtpSecurity()).isEqualTo(ReportConfig.Security.STARTTLS);
    }

    @Test
    void tlsIsAnAliasOfSslAndThePasswordNeverPrints() {
        assertThat(ReportConfig.Security.parse("tls")).isEqualTo(ReportConfig.Security.SSL);
        ReportConfig withPassword = new ReportConfig(null, null, null, null, null, null, null, null, null, null, null,
                null, null, "reclaimer", "hunter2", null);
        assertThat(withPassword.toString()).doesNotContain("hunter2").contains("smtpPassword=[redacted]");
    }

    @Test
    void picksTheSmtpPortThatGoesWithTheSecurity() {
        assertThat(config(ReportConfig.Security.NONE).smtpPort()).isEqualTo(25);
        assertThat(config(ReportConfig.Security.STARTTLS).smtpPort()).isEqualTo(587);
        assertThat(config(ReportConfig.Security.SSL).smtpPort()).isEqualTo(465);
    }

    @Test
    void refusesAnInvalidScheduleZoneOrAddressNamingTheOption() {
        assertThatThrownBy(() -> ReportConfig.DEFAULTS.withSchedule("every monday", "UTC"))
                .hasMessageContaining("invalid schedule 'every monday'");
        assertThatThrownBy(() -> ReportConfig.DEFAULTS.withSchedule("0 8 * * MON", "Mars/Olympus"))
                .hasMessageContaining("invalid timeZone 'Mars/Olympus'");
        assertThatThrownBy(() -> ReportConfig.DEFAULTS.withDefaultRecipients(List.of("not an address")))
                .hasMessageContaining("defaultRecipients: invalid e-mail address 'not an address'");
    }

    @Test
    void nextRunOfTheDefaultScheduleIsTheComingMondayAtEightInItsZone() {
        ReportConfig paris = ReportConfig.DEFAULTS.withSchedule("0 8 * * MON", "Europe/Paris");
        WeeklyReportSchedule schedule = new WeeklyReportSchedule(paris, java.time.Clock.systemUTC(), () -> { });
        try (schedule) {
            ZonedDateTime wednesday = ZonedDateTime.parse("2025-06-18T10:00:00Z");
            assertThat(schedule.nextAfter(wednesday)).contains(ZonedDateTime.parse("2025-06-23T08:00:00+02:00[Europe/Paris]"));
            ZonedDateTime mondayJustBefore = ZonedDateTime.parse("2025-06-23T05:59:00Z");
            assertThat(schedule.nextAfter(mondayJustBefore).orElseThrow().toInstant())
                    .isEqualTo(ZonedDateTime.parse("2025-06-23T06:00:00Z").toInstant());
        }
    }

    private static ReportConfig config(ReportConfig.Security security) {
        return new ReportConfig(null, null, null, null, null, null, null, null, null, null, null, null, security,
                null, null, null);
    }
}
