package io.reclaimer.streams;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.ObjectRef;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Key serdes of the analysis' input topics that refuse, at the door, a key that is not the identity the topic
 * promises (strict UTF-8, then the identity's own parser): such a record becomes a dead letter through the
 * deserialization handler, with the parser's reason, instead of an exception deep in a processor that parses the
 * key (namespace activity, cost allocation, orphans). Every key inside the topology is then a parsed-before one.
 * A missing key is refused too: every input is keyed by an identity.
 */
final class InputKeys {

    private InputKeys() {
    }

    /** {@code cluster/namespace/kind/name/container}: usage samples, container events, workloads, recommendations. */
    public static Serde<String> containers() {
        return validated("container", key -> {
            if (!isContainerKey(key)) {
                ContainerRef.parse(key); // throws with the parser's reason
            }
        });
    }

    /**
     * What {@link ContainerRef#parse} accepts (five '/'-separated segments, none blank), checked without splitting:
     * every usage sample's key passes here. A key this refuses goes to the parser for its reason.
     */
    static boolean isContainerKey(String key) {
        int slashes = 0;
        boolean blank = true;
        for (int i = 0, n = key.length(); i < n; i++) {
            char c = key.charAt(i);
            if (c == '/') {
                if (blank || ++slashes > 4) {
                    return false;
                }
                blank = true;
            } else if (blank && !Character.isWhitespace(c)) {
                blank = false;
            }
        }
        return slashes == 4 && !blank;
    }

    /** {@code cluster/namespace/Kind/name}: the Kubernetes inventory. */
    public static Serde<String> objects() {
        return validated("object", key -> ObjectRef.parse(key));
    }

    /** {@code provider/account/region/resource-id}: the cloud inventory. */
    public static Serde<String> cloudResources() {
        return validated("cloud resource", key -> CloudResourceRef.parse(key));
    }

    /**
     * {@code aws/account/yyyy-mm-dd/metric/tag:k=v} or {@code .../service:name}: billing lines ({@code BillingLine.key()};
     * the group may hold '/', a tag value can).
     */
    public static Serde<String> billingLines() {
        return validated("billing line", key -> {
            String[] parts = key.split("/", 5);
            if (parts.length != 5 || !"aws".equals(parts[0]) || parts[1].isBlank() || parts[3].isBlank()
                    || !(parts[4].startsWith("tag:") || parts[4].startsWith("service:"))) {
                throw new InvalidEventException("billing line key must be aws/account/date/metric/(tag:k=v|service:name): "
                        + key);
            }
            try {
                java.time.LocalDate.parse(parts[2]);
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidEventException("billing line key has no date (yyyy-mm-dd): " + key);
            }
        });
    }

    /** An action id: requests and results of the actions service. */
    public static Serde<String> actionIds() {
        return validated("action id", key -> {
            if (key.isBlank()) {
                throw new InvalidEventException("action id key is blank");
            }
        });
    }

    /** {@code cluster/yyyy-mm-dd}: the reconciliation days ({@code CostReconciliation.key()}). */
    public static Serde<String> reconciliationDays() {
        return validated("reconciliation day", key -> {
            int slash = key.lastIndexOf('/');
            if (slash <= 0) {
                throw new InvalidEventException("reconciliation key must be cluster/yyyy-mm-dd: " + key);
            }
            try {
                java.time.LocalDate.parse(key.substring(slash + 1));
            } catch (java.time.format.DateTimeParseException e) {
                throw new InvalidEventException("reconciliation key has no date (yyyy-mm-dd): " + key);
            }
        });
    }

    private static Serde<String> validated(String what, Consumer<String> parse) {
        Serializer<String> serializer = Serdes.String().serializer();
        Deserializer<String> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                throw new InvalidEventException(what + " key is missing");
            }
            String key;
            if (isAscii(bytes)) {
                key = new String(bytes, StandardCharsets.ISO_8859_1); // ASCII is valid UTF-8: no decoder needed
            } else {
                try {
                    key = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    throw new InvalidEventException(what + " key is not UTF-8 text");
                }
            }
            try {
                parse.accept(key);
            } catch (RuntimeException e) {
                throw new InvalidEventException("invalid " + what + " key: " + e.getMessage());
            }
            return key;
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
