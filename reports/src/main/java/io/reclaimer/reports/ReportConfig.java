package io.reclaimer.reports;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * The {@code report} section: when the weekly report goes out, to whom, and through which SMTP server.
 * Flat (no nested sections) so every option has its {@code RECLAIMER_REPORT_*} environment override.
 *
 * @param enabled            whether the actions service sends the report on its schedule (default true)
 * @param schedule           5-field Unix cron expression (default {@code 0 8 * * MON}: Mondays 08:00)
 * @param timeZone           time zone of the schedule and of the dates in the report (default {@code UTC})
 * @param period             the window "this week" covers: realized savings, new waste (default 7d)
 * @param trendWeeks         weeks shown in the week-over-week trend and chart (default 8)
 * @param topRecommendations rightsizing opportunities listed per team or namespace (default 5)
 * @param from               sender address (default {@code reclaimer@localhost})
 * @param defaultRecipients  who gets the whole-fleet report, and anything nobody owns (default none)
 * @param subjectPrefix      start of the subject line (default {@code [Reclaimer]})
 * @param dashboardUrl       link to the Grafana fleet dashboard shown in the report (default none)
 * @param smtpHost           SMTP server (default {@code localhost})
 * @param smtpPort           SMTP port (default 25 without TLS, 587 with STARTTLS, 465 with SSL)
 * @param smtpSecurity       {@code starttls} (required, not opportunistic), {@code tls} (also {@code ssl}: TLS from the
 *                           first byte) or {@code none} (only for a relay on the same host or a test server) (default
 *                           starttls)
 * @param smtpUsername       SMTP login; empty sends without authentication (default empty)
 * @param smtpPassword       SMTP password; set it through {@code RECLAIMER_REPORT_SMTP_PASSWORD}, not the file
 * @param smtpTimeout        connect, read and write timeout (default 30s)
 */
public record ReportConfig(Boolean enabled, String schedule, String timeZone, Duration period, Integer trendWeeks,
                           Integer topRecommendations, String from, List<String> defaultRecipients, String subjectPrefix,
                           String dashboardUrl, String smtpHost, Integer smtpPort, Security smtpSecurity,
                           String smtpUsername, String smtpPassword, Duration smtpTimeout) {

    // before DEFAULTS: building the defaults parses the default schedule
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public static final ReportConfig DEFAULTS = new ReportConfig(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    public enum Security {
        NONE, STARTTLS, SSL;

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Security parse(String name) {
            if ("tls".equalsIgnoreCase(name)) {
                return SSL;
            }
            for (Security s : values()) {
                if (s.name().equalsIgnoreCase(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown smtpSecurity '" + name + "': use starttls, tls or none");
        }

        @com.fasterxml.jackson.annotation.JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReportConfig {
        enabled = enabled == null || enabled;
        schedule = blank(schedule) ? "0 8 * * MON" : schedule.trim();
        cron(schedule);
        timeZone = blank(timeZone) ? "UTC" : timeZone.trim();
        zone(timeZone);
        period = period == null ? Duration.ofDays(7) : period;
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, was " + period);
        }
        trendWeeks = trendWeeks == null ? 8 : trendWeeks;
        if (trendWeeks < 2 || trendWeeks > 52) {
            throw new IllegalArgumentException("trendWeeks must be within 2..52, was " + trendWeeks);
        }
        topRecommendations = topRecommendations == null ? 5 : topRecommendations;
        if (topRecommendations < 1) {
            throw new IllegalArgumentException("topRecommendations must be >= 1, was " + topRecommendations);
        }
        from = blank(from) ? "reclaimer@localhost" : from.trim();
        address(from, "from");
        defaultRecipients = defaultRecipients == null ? List.of()
                : defaultRecipients.stream().filter(a -> !blank(a)).map(String::trim).toList();
        defaultRecipients.forEach(a -> address(a, "defaultRecipients"));
        subjectPrefix = subjectPrefix == null ? "[Reclaimer]" : subjectPrefix.trim();
        dashboardUrl = dashboardUrl == null ? "" : dashboardUrl.trim();
        smtpHost = blank(smtpHost) ? "localhost" : smtpHost.trim();
        // credentials and reports are not sent in clear text unless someone says so
        smtpSecurity = smtpSecurity == null ? Security.STARTTLS : smtpSecurity;
        smtpPort = smtpPort == null ? switch (smtpSecurity) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case SSL -> 465;
        } : smtpPort;
        if (smtpPort < 1 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtpPort must be within 1..65535, was " + smtpPort);
        }
        smtpUsername = smtpUsername == null ? "" : smtpUsername;
        smtpPassword = smtpPassword == null ? "" : smtpPassword;
        smtpTimeout = smtpTimeout == null ? Duration.ofSeconds(30) : smtpTimeout;
        if (smtpTimeout.isNegative() || smtpTimeout.isZero()) {
            throw new IllegalArgumentException("smtpTimeout must be positive, was " + smtpTimeout);
        }
    }

    /** The parsed schedule. */
    public Cron cron() {
        return cron(schedule);
    }

    public ZoneId zone() {
        return zone(timeZone);
    }

    public ReportConfig withSmtp(String host, int port) {
        return new ReportConfig(enabled, schedule, timeZone, period, trendWeeks, topRecommendations, from,
                defaultRecipients, subjectPrefix, dashboardUrl, host, port, smtpSecurity, smtpUsername, smtpPassword,
                smtpTimeout);
    }

    public ReportConfig withPeriod(Duration newPeriod) {
        return new ReportConfig(enabled, schedule, timeZone, newPeriod, trendWeeks, topRecommendations, from,
                defaultRecipients, subjectPrefix, dashboardUrl, smtpHost, smtpPort, smtpSecurity, smtpUsername,
                smtpPassword, smtpTimeout);
    }

    public ReportConfig withDefaultRecipients(List<String> recipients) {
        return new ReportConfig(enabled, schedule, timeZone, period, trendWeeks, topRecommendations, from,
                recipients, subjectPrefix, dashboardUrl, smtpHost, smtpPort, smtpSecurity, smtpUsername, smtpPassword,
                smtpTimeout);
    }

    public ReportConfig withSchedule(String cron, String zone) {
        return new ReportConfig(enabled, cron, zone, period, trendWeeks, topRecommendations, from,
                defaultRecipients, subjectPrefix, dashboardUrl, smtpHost, smtpPort, smtpSecurity, smtpUsername,
                smtpPassword, smtpTimeout);
    }

    private static Cron cron(String expression) {
        try {
            return CRON.parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid schedule '" + expression
                    + "': use a 5-field cron expression such as '0 8 * * MON' (" + e.getMessage() + ")", e);
        }
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid timeZone '" + id + "': use an IANA zone such as Europe/Paris", e);
        }
    }

    static InternetAddress address(String text, String field) {
        try {
            InternetAddress address = new InternetAddress(text, true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalArgumentException(field + ": invalid e-mail address '" + text + "': " + e.getMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** As the record's, with the SMTP password redacted: configs are logged and printed. */
    @Override
    public String toString() {
        return "ReportConfig[enabled=" + enabled + ", schedule=" + schedule + ", timeZone=" + timeZone + ", period="
                + period + ", from=" + from + ", defaultRecipients=" + defaultRecipients + ", smtpHost=" + smtpHost
                + ", smtpPort=" + smtpPort + ", smtpSecurity=" + smtpSecurity + ", smtpUsername=" + smtpUsername
                + ", smtpPassword=" + (smtpPassword.isEmpty() ? "" : "[redacted]") + "]";
    }

    /** The same report sent with {@code security}, on that security's default port (set another with {@link #withSmtp}). */
    public ReportConfig withSmtpSecurity(Security security) {
        return new ReportConfig(enabled, schedule, timeZone, period, trendWeeks, topRecommendations, from,
                defaultRecipients, subjectPrefix, dashboardUrl, smtpHost, null, security, smtpUsername, smtpPassword,
                smtpTimeout);
    }
}
