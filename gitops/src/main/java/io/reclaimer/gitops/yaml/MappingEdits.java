package io.reclaimer.gitops.yaml;

import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The three edits a resources block needs, each as the smallest text change: replace a scalar (its quotes
 * kept), add an entry to an existing mapping (one new line at the siblings' indentation, or {@code , k: v}
 * in a flow mapping), remove an entry (its line, or {@code k: v} and one comma in a flow mapping).
 */
public final class MappingEdits {

    private MappingEdits() {
    }

    /** Replaces a scalar's text, keeping its quoting style. */
    public static TextEdit replace(YamlFile file, ScalarNode scalar, String value) {
        String text = switch (scalar.getScalarStyle()) {
            case SINGLE_QUOTED -> "'" + value.replace("'", "''") + "'";
            case DOUBLE_QUOTED -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            default -> value;
        };
        if (scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED) {
            throw new IllegalArgumentException("a block scalar cannot be replaced in place");
        }
        return new TextEdit(file.start(scalar), file.end(scalar), text);
    }

    /** Adds {@code key: value} to a mapping that has no such key; empty when the mapping's layout does not allow it. */
    public static Optional<TextEdit> add(YamlFile file, MappingNode mapping, String key, String value) {
        List<NodeTuple> entries = mapping.getValue();
        String text = file.text();
        if (mapping.getFlowStyle() == FlowStyle.FLOW) {
            int close = text.lastIndexOf('}', file.end(mapping) - 1);
            if (close < file.start(mapping)) {
                return Optional.empty();
            }
            return Optional.of(new TextEdit(close, close, (entries.isEmpty() ? "" : ", ") + key + ": " + value));
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        NodeTuple last = entries.get(entries.size() - 1);
        if (!(last.getValueNode() instanceof ScalarNode) && !(last.getValueNode() instanceof MappingNode m
                && m.getFlowStyle() == FlowStyle.FLOW)) {
            return Optional.empty();
        }
        int column = entries.get(0).getKeyNode().getStartMark().orElseThrow().getColumn();
        int lineEnd = text.indexOf('\n', file.end(last.getValueNode()));
        String line = " ".repeat(column) + key + ": " + value;
        if (lineEnd < 0) {
            return Optional.of(new TextEdit(text.length(), text.length(), "\n" + line));
        }
        return Optional.of(new TextEdit(lineEnd + 1, lineEnd + 1, line + "\n"));
    }

    /** Removes the entry of {@code key}; empty when its layout does not allow a clean removal. */
    public static Optional<TextEdit> remove(YamlFile file, MappingNode mapping, String key) {
        Optional<NodeTuple> found = YamlFile.tuple(mapping, key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        NodeTuple tuple = found.get();
        String text = file.text();
        int keyStart = file.start(tuple.getKeyNode());
        int valueEnd = file.end(tuple.getValueNode());
        if (mapping.getFlowStyle() == FlowStyle.FLOW) {
            int after = valueEnd;
            while (after < text.length() && text.charAt(after) == ' ') {
                after++;
            }
            if (after < text.length() && text.charAt(after) == ',') {
                after++;
                while (after < text.length() && text.charAt(after) == ' ') {
                    after++;
                }
                return Optional.of(new TextEdit(keyStart, after, ""));
            }
            int before = keyStart;
            while (before > 0 && text.charAt(before - 1) == ' ') {
                before--;
            }
            if (before > 0 && text.charAt(before - 1) == ',') {
                return Optional.of(new TextEdit(before - 1, valueEnd, ""));
            }
            return Optional.of(new TextEdit(keyStart, valueEnd, ""));
        }
        int lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
        if (!text.substring(lineStart, keyStart).isBlank() || !(tuple.getValueNode() instanceof ScalarNode)) {
            return Optional.empty();
        }
        int lineEnd = text.indexOf('\n', valueEnd);
        return Optional.of(new TextEdit(lineStart, lineEnd < 0 ? text.length() : lineEnd + 1, ""));
    }

    /** The scalar value of {@code key} in a mapping, if it is one. */
    public static Optional<ScalarNode> scalar(Node mapping, String key) {
        return YamlFile.get(mapping, key).filter(n -> n instanceof ScalarNode).map(n -> (ScalarNode) n);
    }
}
