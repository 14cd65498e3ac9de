package io.reclaimer.reports;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;

/** Sends over SMTP with Jakarta Mail (Angus): plain, STARTTLS (required) or SSL, with or without login. */
public final class SmtpDelivery implements ReportDelivery {

    private final Session session;
    private final ReportConfig config;

    public SmtpDelivery(ReportConfig config) {
        this.config = config;
        boolean ssl = config.smtpSecurity() == ReportConfig.Security.SSL;
        String protocol = ssl ? "smtps" : "smtp";
        String timeout = Long.toString(config.smtpTimeout().toMillis());
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", config.smtpHost());
        p.put("mail." + protocol + ".port", Integer.toString(config.smtpPort()));
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        p.put("mail." + protocol + ".from", config.from());
        boolean auth = !config.smtpUsername().isEmpty();
        p.put("mail." + protocol + ".auth", Boolean.toString(auth));
        if (config.smtpSecurity() == ReportConfig.Security.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (ssl || config.smtpSecurity() == ReportConfig.Security.STARTTLS) {
            p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        Authenticator authenticator = auth ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(config.smtpUsername(), config.smtpPassword());
            }
        } : null;
        this.session = Session.getInstance(p, authenticator);
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public String deliver(MimeMessage message, RenderedReport report) {
        try {
            Transport.send(message);
            return "sent to " + String.join(", ", report.recipients()) + " via " + config.smtpHost() + ":" + config.smtpPort();
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send the report through " + config.smtpHost() + ":"
                    + config.smtpPort() + " (" + config.smtpSecurity() + "): " + e.getMessage(), e);
        }
    }
}
