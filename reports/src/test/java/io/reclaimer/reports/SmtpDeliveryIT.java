package io.reclaimer.reports;

import static io.reclaimer.reports.ReportFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP login with the configured credentials, against GreenMail; a refused login fails only that delivery. */
class SmtpDeliveryIT {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("reclaimer", "s3cret"));

    private static WeeklyReportJob.Outcome send(String username, String password) {
        ReportConfig config = new ReportConfig(null, null, null, null, null, null, "reclaimer@example.com", null, null,
                null, "127.0.0.1", GREEN_MAIL.getSmtp().getPort(), ReportConfig.Security.NONE, username, password, null);
        return new WeeklyReportJob(config, ReportFixtures::fleet, new SmtpDelivery(config), Clock.fixed(NOW, ZoneOffset.UTC))
                .run(List.of("finops@example.com"));
    }

    @Test
    void logsInWithTheConfiguredCredentials() {
        WeeklyReportJob.Outcome outcome = send("reclaimer", "s3cret");

        assertThat(outcome.failed()).isEmpty();
        assertThat(GREEN_MAIL.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aRefusedLoginIsAFailedDeliveryNamingTheServer() {
        WeeklyReportJob.Outcome outcome = send("reclaimer", "wrong");

        assertThat(outcome.delivered()).isEmpty();
        assertThat(outcome.failed()).singleElement().asString()
                .startsWith("the whole fleet: cannot send the report through 127.0.0.1:" + GREEN_MAIL.getSmtp().getPort() + " (none)");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
    }
}
