package io.reclaimer.app.recommendations;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A container in a URL path: {@code {cluster}/{namespace}/{kind}/{name}/{container}}, each segment
 * percent-encoded (a cluster id such as {@code eks:eu-west-1:prod} may carry ':', spaces or any other character
 * but '/', which no segment of a {@link ContainerRef} holds). A '+' in a path is a plus, not a space: only query
 * strings are form-encoded.
 */
final class ContainerPath {

    static final String FORM = "{cluster}/{namespace}/{kind}/{name}/{container}";

    private ContainerPath() {
    }

    /** The container named by the raw (still encoded) path segments; IllegalArgumentException says what is wrong. */
    public static ContainerRef parse(String rawSegments) {
        String[] raw = rawSegments.split("/", -1);
        if (raw.length != 5) {
            throw new IllegalArgumentException("expected " + FORM + " (five segments, '/' inside one encoded as %2F), got "
                    + raw.length + " segment" + (raw.length == 1 ? "" : "s") + ": " + rawSegments);
        }
        String[] decoded = new String[5];
        for (int i = 0; i < 5; i++) {
            decoded[i] = decode(raw[i]);
        }
        try {
            return new ContainerRef(decoded[0], decoded[1], decoded[2], decoded[3], decoded[4]);
        } catch (InvalidEventException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The encoded path of a container, the inverse of {@link #parse}. */
    public static String of(ContainerRef container) {
        return encode(container.cluster()) + '/' + encode(container.namespace()) + '/' + encode(container.workloadKind())
                + '/' + encode(container.workloadName()) + '/' + encode(container.container());
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed percent-encoding in path segment '" + segment + "'", e);
        }
    }

    private static String encode(String segment) {
        // URLEncoder form-encodes: a space becomes '+', which a path reads as a plus
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
