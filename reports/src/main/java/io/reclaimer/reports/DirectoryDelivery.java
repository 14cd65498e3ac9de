package io.reclaimer.reports;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each report into a directory instead of sending it: {@code <recipient>.eml} (the exact message,
 * openable by any mail client) and {@code <recipient>.html} (the HTML part with the chart beside it as
 * {@code <recipient>.png}, so a browser shows it as the mail client would).
 */
public final class DirectoryDelivery implements ReportDelivery {

    private final Path directory;
    private final List<Path> written = new ArrayList<>();

    public DirectoryDelivery(Path directory) {
        this.directory = directory;
    }

    @Override
    public Session session() {
        return ReportMessages.offlineSession();
    }

    @Override
    public String deliver(MimeMessage message, RenderedReport report) {
        List<Path> files = write(message, report);
        return "written to " + files.get(0) + " and " + files.get(1);
    }

    public List<Path> write(MimeMessage message, RenderedReport report) {
        String base = fileName(String.join("+", report.recipients()));
        try {
            Files.createDirectories(directory);
            Path eml = directory.resolve(base + ".eml");
            try (OutputStream out = Files.newOutputStream(eml)) {
                message.writeTo(out);
            }
            Path png = directory.resolve(base + ".png");
            Files.write(png, report.chartPng());
            Path html = directory.resolve(base + ".html");
            Files.writeString(html, report.html().replace("cid:" + RenderedReport.CHART_CID, png.getFileName().toString()));
            Path csv = directory.resolve(base + ".csv");
            Files.write(csv, report.csv());
            List<Path> files = List.of(eml, html, png, csv);
            written.addAll(files);
            return files;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot write the report into " + directory + ": " + e.getMessage(), e);
        }
    }

    public List<Path> written() {
        return List.copyOf(written);
    }

    static String fileName(String recipient) {
        return recipient.replaceAll("[^A-Za-z0-9@._+-]", "_");
    }
}
