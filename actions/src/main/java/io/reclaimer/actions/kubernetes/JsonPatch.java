package io.reclaimer.actions.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 6902 JSON Patch. Resource edits use JSON Patch, never merge patches: a merge patch replaces or (on
 * some servers) appends whole lists, and a strategic merge patch is not understood everywhere. {@code test}
 * operations make an edit conditional on what was re-checked, so a concurrent change fails the patch
 * instead of being overwritten.
 */
final class JsonPatch {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ArrayNode ops = MAPPER.createArrayNode();

    static JsonPatch create() {
        return new JsonPatch();
    }

    /** JSON Pointer escaping of one path segment ({@code reclaimer.io/x} → {@code reclaimer.io~1x}). */
    static String segment(String raw) {
        return raw.replace("~", "~0").replace("/", "~1");
    }

    JsonPatch test(String path, Object value) {
        return op("test", path, value);
    }

    JsonPatch add(String path, Object value) {
        return op("add", path, value);
    }

    JsonPatch replace(String path, Object value) {
        return op("replace", path, value);
    }

    JsonPatch remove(String path) {
        ops.addObject().put("op", "remove").put("path", path);
        return this;
    }

    /** Sets a value whether or not it exists ({@code add} replaces an existing member of an object). */
    JsonPatch set(String path, Object value) {
        return add(path, value);
    }

    private JsonPatch op(String op, String path, Object value) {
        ObjectNode node = ops.addObject().put("op", op).put("path", path);
        node.set("value", MAPPER.valueToTree(value));
        return this;
    }

    boolean isEmpty() {
        return ops.isEmpty();
    }

    int size() {
        return ops.size();
    }

    String json() {
        try {
            return MAPPER.writeValueAsString(ops);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return json();
    }
}
