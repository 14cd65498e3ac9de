package io.reclaimer.policies.loading;

import io.reclaimer.model.time.Durations;
import io.reclaimer.policies.rules.SourceRef;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed, position-aware reading of a SnakeYAML node tree. Every problem is recorded with the exact node's
 * position and reading goes on, so one run reports all the problems of a file; a reader method returns
 * null (or an empty value) for what it could not read.
 */
final class DocReader {
    final SourceFile source;
    private final List<Diagnostic> problems;

    DocReader(SourceFile source, List<Diagnostic> problems) {
        this.source = source;
        this.problems = problems;
    }

    void error(Node node, String message) {
        error(node.getStartMark(), message);
    }

    void error(Mark mark, String message) {
        problems.add(new Diagnostic(source.display(), mark.getLine() + 1, mark.getColumn() + 1, message));
    }

    void errorAt(int line, int column, String message) {
        problems.add(new Diagnostic(source.display(), line, column, message));
    }

    SourceRef ref(Node node) {
        return new SourceRef(source.relative(), node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    /** The keys of a mapping, checked against the allowed ones (unknown and duplicate keys are errors). */
    Fields fields(Node node, String where, List<String> allowed) {
        Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            error(node, where + " must be a mapping, got " + describe(node));
            return new Fields(this, node, where, tuples);
        }
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                error(keyNode, "keys in " + where + " must be plain strings");
                continue;
            }
            String key = scalar.getValue();
            if (tuples.containsKey(key)) {
                error(keyNode, "duplicate key '" + key + "' in " + where);
                continue;
            }
            if (!allowed.contains(key)) {
                error(keyNode, "unknown key '" + key + "' in " + where + suggestion(key, allowed));
                continue;
            }
            tuples.put(key, tuple);
        }
        return new Fields(this, node, where, tuples);
    }

    static String suggestion(String key, List<String> allowed) {
        String best = allowed.stream().min(Comparator.comparingInt(candidate -> distance(key, candidate))).orElse(null);
        if (best != null && distance(key, best) <= Math.max(2, key.length() / 4)) {
            return " (did you mean '" + best + "'?)";
        }
        return " (allowed: " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static int distance(String a, String b) {
        String x = a.toLowerCase(java.util.Locale.ROOT);
        String y = b.toLowerCase(java.util.Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getTag().equals(Tag.NULL) ? "nothing" : "'" + scalar.getValue() + "'";
        }
        return "a " + node.getNodeId();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    String text(Node node, String what) {
        if (node instanceof ScalarNode scalar && !isNull(node) && !scalar.getValue().isBlank()) {
            return scalar.getValue();
        }
        error(node, "'" + what + "' must be a non-empty string, got " + describe(node));
        return null;
    }

    Double number(Node node, String what, double min, double max) {
        if (node instanceof ScalarNode scalar && (scalar.getTag().equals(Tag.INT) || scalar.getTag().equals(Tag.FLOAT))) {
            try {
                double value = Double.parseDouble(scalar.getValue().replace("_", ""));
                if (Double.isFinite(value) && value >= min && value <= max) {
                    return value;
                }
                error(node, "'" + what + "' must be between " + plain(min) + " and " + plain(max) + ", got "
                        + scalar.getValue());
                return null;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(node, "'" + what + "' must be a number, got " + describe(node));
        return null;
    }

    Integer integer(Node node, String what, int min) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
            try {
                int value = Integer.parseInt(scalar.getValue().replace("_", ""));
                if (value >= min) {
                    return value;
                }
                error(node, "'" + what + "' must be at least " + min + ", got " + value);
                return null;
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(node, "'" + what + "' must be a whole number, got " + describe(node));
        return null;
    }

    Boolean bool(Node node, String what) {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)) {
            String value = scalar.getValue().toLowerCase(java.util.Locale.ROOT);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.valueOf(value);
            }
        }
        error(node, "'" + what + "' must be true or false, got " + describe(node));
        return null;
    }

    Duration duration(Node node, String what) {
        String text = text(node, what);
        if (text == null) {
            return null;
        }
        var parsed = Durations.tryParse(text);
        if (parsed.isEmpty()) {
            error(node, "'" + what + "' must be a duration such as 30m, 12h, 7d or P7D, got '" + text + "'");
            return null;
        }
        return parsed.get();
    }

    ZoneId zone(Node node, String what) {
        String text = text(node, what);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            error(node, "'" + what + "' must be a time zone such as UTC or Europe/Paris, got '" + text + "'");
            return null;
        }
    }

    /** A list of non-empty strings; anything else in it is reported and skipped. */
    List<String> strings(Node node, String what) {
        List<String> values = new ArrayList<>();
        if (!(node instanceof SequenceNode sequence)) {
            error(node, "'" + what + "' must be a list, got " + describe(node));
            return values;
        }
        for (Node item : sequence.getValue()) {
            String value = text(item, what + "[]");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    List<Node> list(Node node, String what) {
        if (!(node instanceof SequenceNode sequence)) {
            error(node, "'" + what + "' must be a list, got " + describe(node));
            return List.of();
        }
        return sequence.getValue();
    }

    /** A mapping of string to string (label selectors, expected parameters). */
    Map<String, String> stringMap(Node node, String what) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            error(node, "'" + what + "' must be a mapping of strings, got " + describe(node));
            return values;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode k && !isNull(k) ? k.getValue() : null;
            if (key == null) {
                error(tuple.getKeyNode(), "keys in '" + what + "' must be strings");
                continue;
            }
            if (values.containsKey(key)) {
                error(tuple.getKeyNode(), "duplicate key '" + key + "' in '" + what + "'");
                continue;
            }
            String value = text(tuple.getValueNode(), what + "." + key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    private static String plain(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The checked keys of one mapping. */
    static final class Fields {
        private final DocReader reader;
        private final Node node;
        private final String where;
        private final Map<String, NodeTuple> tuples;

        Fields(DocReader reader, Node node, String where, Map<String, NodeTuple> tuples) {
            this.reader = reader;
            this.node = node;
            this.where = where;
            this.tuples = tuples;
        }

        Node node() {
            return node;
        }

        boolean has(String key) {
            return tuples.containsKey(key);
        }

        /** The value, or null when absent (an explicit {@code null} value counts as absent too). */
        Node get(String key) {
            NodeTuple tuple = tuples.get(key);
            return tuple == null || isNull(tuple.getValueNode()) ? null : tuple.getValueNode();
        }

        Node key(String key) {
            NodeTuple tuple = tuples.get(key);
            return tuple == null ? null : tuple.getKeyNode();
        }

        /** The value, or null after reporting it missing at the mapping's start. */
        Node required(String key) {
            Node value = get(key);
            if (value == null) {
                reader.error(tuples.containsKey(key) ? tuples.get(key).getKeyNode() : node,
                        "missing required key '" + key + "' in " + where);
            }
            return value;
        }
    }
}
