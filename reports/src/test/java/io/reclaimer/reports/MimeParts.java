package io.reclaimer.reports;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads parts of a received message by position, for structure assertions. */
final class MimeParts {

    private MimeParts() {
    }

    static Multipart multipart(Part part) throws MessagingException, IOException {
        return (Multipart) part.getContent();
    }

    static BodyPart part(Part parent, int index) throws MessagingException, IOException {
        return multipart(parent).getBodyPart(index);
    }

    static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof String s) {
            return s;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] bytes(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }
}
