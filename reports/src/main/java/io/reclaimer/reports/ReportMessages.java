package io.reclaimer.reports;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/**
 * Builds the e-mail for a rendered report:
 * <pre>
 * multipart/mixed
 * ├── multipart/alternative
 * │   ├── text/plain                     (the text part, for clients that show no HTML)
 * │   └── multipart/related
 * │       ├── text/html                  (refers to the chart as cid:waste-trend@reclaimer)
 * │       └── image/png, inline          (Content-ID &lt;waste-trend@reclaimer&gt;)
 * └── text/csv, attachment               (the full list)
 * </pre>
 */
final class ReportMessages {

    private ReportMessages() {
    }

    public static MimeMessage compose(Session session, String from, RenderedReport report, Instant sentAt) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from, true));
            for (String to : report.recipients()) {
                message.addRecipient(Message.RecipientType.TO, ReportConfig.address(to, "recipient"));
            }
            message.setSubject(report.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(sentAt));

            MimeBodyPart text = new MimeBodyPart();
            text.setText(report.text(), StandardCharsets.UTF_8.name(), "plain");

            MimeBodyPart html = new MimeBodyPart();
            html.setText(report.html(), StandardCharsets.UTF_8.name(), "html");
            MimeBodyPart chart = new MimeBodyPart();
            chart.setDataHandler(new DataHandler(new ByteArrayDataSource(report.chartPng(), "image/png")));
            chart.setContentID("<" + RenderedReport.CHART_CID + ">");
            chart.setDisposition(Part.INLINE);
            chart.setFileName("waste-trend.png");
            MimeMultipart related = new MimeMultipart("related");
            related.addBodyPart(html);
            related.addBodyPart(chart);
            MimeBodyPart relatedPart = new MimeBodyPart();
            relatedPart.setContent(related);

            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(relatedPart);
            MimeBodyPart alternativePart = new MimeBodyPart();
            alternativePart.setContent(alternative);

            MimeBodyPart csv = new MimeBodyPart();
            csv.setDataHandler(new DataHandler(new ByteArrayDataSource(report.csv(), "text/csv; charset=UTF-8")));
            csv.setFileName(report.csvFileName());
            csv.setDisposition(Part.ATTACHMENT);

            MimeMultipart mixed = new MimeMultipart("mixed");
            mixed.addBodyPart(alternativePart);
            mixed.addBodyPart(csv);
            message.setContent(mixed);
            message.saveChanges();
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot compose the report e-mail: " + e.getMessage(), e);
        }
    }

    /** A session for composing only (writing .eml files); sending uses {@link SmtpDelivery}'s session. */
    public static Session offlineSession() {
        return Session.getInstance(new Properties());
    }
}
