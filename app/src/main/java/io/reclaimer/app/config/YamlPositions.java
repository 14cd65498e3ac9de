package io.reclaimer.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Where every key of a YAML document starts ({@code /kafka/topicNamespace} → line 3, column 3), so an
 * error found while binding can point at the key at fault rather than wherever the parser happened to be.
 */
final class YamlPositions {

    /** Marks an object level in the stack of array positions (ArrayDeque refuses nulls). */
    private static final int[] NOT_AN_ARRAY = new int[0];

    private final Map<String, JsonLocation> keys;

    private YamlPositions(Map<String, JsonLocation> keys) {
        this.keys = keys;
    }

    static YamlPositions index(Path file) {
        Map<String, JsonLocation> keys = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
            Deque<String> path = new ArrayDeque<>();
            Deque<int[]> arrayIndexes = new ArrayDeque<>();
            JsonToken token;
            String pendingField = null;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> {
                        pendingField = parser.currentName();
                        keys.put(pointer(path) + "/" + pendingField, parser.currentTokenLocation());
                    }
                    case START_OBJECT, START_ARRAY -> {
                        path.addLast(segment(pendingField, arrayIndexes));
                        pendingField = null;
                        arrayIndexes.addLast(token == JsonToken.START_ARRAY ? new int[] {0} : NOT_AN_ARRAY);
                    }
                    case END_OBJECT, END_ARRAY -> {
                        path.pollLast();
                        arrayIndexes.pollLast();
                        advanceArray(arrayIndexes);
                    }
                    default -> {
                        pendingField = null;
                        advanceArray(arrayIndexes);
                    }
                }
            }
        } catch (IOException e) {
            // unparsable YAML: the binder reports the syntax error itself
        }
        return new YamlPositions(keys);
    }

    private static String segment(String field, Deque<int[]> arrayIndexes) {
        if (field != null) {
            return field;
        }
        int[] index = arrayIndexes.peekLast();
        return index == null || index == NOT_AN_ARRAY ? "" : Integer.toString(index[0]);
    }

    private static void advanceArray(Deque<int[]> arrayIndexes) {
        int[] index = arrayIndexes.peekLast();
        if (index != null && index != NOT_AN_ARRAY) {
            index[0]++;
        }
    }

    private static String pointer(Deque<String> path) {
        StringBuilder out = new StringBuilder();
        boolean root = true;
        for (String segment : path) {
            if (root) {
                root = false; // the document's own object
                continue;
            }
            out.append('/').append(segment);
        }
        return out.toString();
    }

    /** Where the key at {@code pointer} ({@code /section/option}) is written, if it is. */
    java.util.Optional<JsonLocation> key(String pointer) {
        return java.util.Optional.ofNullable(keys.get(pointer));
    }

    /** The key the exception is about, or the key named by the first word of {@code reason} under it. */
    JsonLocation locate(JsonMappingException e, String reason) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()));
        }
        String firstWord = reason == null ? "" : reason.split("[ .:]", 2)[0];
        JsonLocation named = keys.get(pointer + "/" + firstWord);
        if (named != null) {
            return named;
        }
        JsonLocation key = keys.get(pointer.toString());
        return key != null ? key : e.getLocation();
    }
}
