package io.reclaimer.policies.loading;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads findings people write by hand (for {@code policy explain} and policy tests) with the model's
 * {@link Json#forHandWrittenFiles()} mapper, so they obey the same contract as the topic: unknown fields
 * are errors. For convenience {@code "schema": "finding/v1"} may be left out, and so may {@code id}
 * (derived as {@code kind:resource}, like {@link Finding#idFor}).
 */
public final class FindingFiles {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FindingFiles() {
    }

    /** A finding JSON file; a problem is reported as {@code file:line:column: message}. */
    public static Finding read(Path file) throws FindingFileException {
        JsonNode tree;
        try {
            tree = Json.forHandWrittenFiles().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new FindingFileException(file + ":" + (at == null ? 1 : at.getLineNr()) + ":"
                    + (at == null ? 1 : at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new FindingFileException(file + ": cannot read: " + e.getMessage());
        }
        try {
            return convert(tree, null);
        } catch (IllegalArgumentException e) {
            throw new FindingFileException(file + ":1:1: " + e.getMessage());
        }
    }

    /** An inline finding in a test file; {@code observedAt} defaults to the test's {@code now}. */
    static Finding fromYaml(Node node, Instant observedAtDefault) {
        return convert(toJson(node), observedAtDefault);
    }

    private static Finding convert(JsonNode tree, Instant observedAtDefault) {
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a finding must be an object");
        }
        ObjectNode copy = NODES.objectNode();
        copy.put("schema", "finding/v1");
        copy.setAll(object);
        if (!copy.has("id") && copy.path("kind").isTextual() && copy.path("resource").isTextual()) {
            try {
                copy.put("id", Finding.idFor(FindingKind.fromWireName(copy.get("kind").asText()),
                        copy.get("resource").asText()));
            } catch (InvalidEventException e) {
                // the unknown kind is reported by the mapper below
            }
        }
        if (!copy.has("observedAt") && observedAtDefault != null) {
            copy.put("observedAt", observedAtDefault.toString());
        }
        try {
            return Json.forHandWrittenFiles().treeToValue(copy, Finding.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof InvalidEventException invalid ? invalid : e;
            String message = cause == e ? e.getOriginalMessage() : cause.getMessage();
            String field = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                    .map(JsonMappingException.Reference::getFieldName).filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.joining(".")) : "";
            if (!field.isEmpty() && !message.contains("\"" + field + "\"")) {
                message = "'" + field + "': " + message;
            }
            throw new IllegalArgumentException("invalid finding: " + message);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid finding: " + e.getMessage());
        }
    }

    static JsonNode toJson(Node node) {
        if (node instanceof MappingNode mapping) {
            ObjectNode object = NODES.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(tuple.getKeyNode());
                object.set(key, toJson(tuple.getValueNode()));
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = NODES.arrayNode();
            sequence.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        String value = scalar.getValue();
        try {
            if (tag.equals(Tag.NULL)) {
                return NODES.nullNode();
            }
            if (tag.equals(Tag.BOOL)) {
                return NODES.booleanNode(Boolean.parseBoolean(value));
            }
            if (tag.equals(Tag.INT)) {
                return NODES.numberNode(new java.math.BigInteger(value.replace("_", "")));
            }
            if (tag.equals(Tag.FLOAT)) {
                return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return NODES.textNode(value);
        }
        return NODES.textNode(value);
    }

    /** A finding file that could not be read, with its {@code file:line:column: message}. */
    public static final class FindingFileException extends Exception {
        private static final long serialVersionUID = 1L;

        public FindingFileException(String message) {
            super(message);
        }
    }
}
