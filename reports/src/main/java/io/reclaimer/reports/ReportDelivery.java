package io.reclaimer.reports;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Where composed report e-mails go: an SMTP server ({@link SmtpDelivery}) or a directory ({@link DirectoryDelivery}). */
public interface ReportDelivery {

    /** The mail session to compose messages in. */
    Session session();

    /** Delivers one message; returns where it went, for the log and the CLI. */
    String deliver(MimeMessage message, RenderedReport report);
}
