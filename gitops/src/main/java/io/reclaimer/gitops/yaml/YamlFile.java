package io.reclaimer.gitops.yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * One YAML file as text plus its documents' node trees with their positions. Nothing is ever re-serialized:
 * edits replace exact character ranges of {@link #text()} ({@link TextEdit}), so comments, key order, quoting and
 * indentation outside the changed scalars stay byte for byte.
 */
public final class YamlFile {

    private final String path;
    private final String text;
    private final List<Node> documents;
    private final int[] charOffsets;

    private YamlFile(String path, String text, List<Node> documents) {
        this.path = path;
        this.text = text;
        this.documents = documents;
        this.charOffsets = text.codePointCount(0, text.length()) == text.length() ? null : offsets(text);
    }

    /** Parses every document of {@code text}; {@link YamlEngineException} when it is not YAML (a Helm template...). */
    public static YamlFile parse(String path, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(path).setUseMarks(true).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(50).build();
        List<Node> docs = new ArrayList<>();
        for (Node node : new Compose(settings).composeAllFromString(text)) {
            if (node != null) {
                docs.add(node);
            }
        }
        return new YamlFile(path, text, docs);
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public List<Node> documents() {
        return documents;
    }

    /** Character offset in {@link #text()} of a mark (marks count code points). */
    public int offset(Mark mark) {
        int index = mark.getIndex();
        return charOffsets == null ? index : charOffsets[index];
    }

    public int start(Node node) {
        return offset(node.getStartMark().orElseThrow());
    }

    public int end(Node node) {
        return offset(node.getEndMark().orElseThrow());
    }

    /** 1-based line of a node, for messages. */
    public int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static int[] offsets(String text) {
        int[] map = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            map[cp++] = i;
        }
        map[cp] = text.length();
        return map;
    }

    // ------------------------------------------------------------------ tree helpers

    /** The value of {@code key} in a mapping, or empty. */
    public static Optional<Node> get(Node node, String key) {
        return tuple(node, key).map(NodeTuple::getValueNode);
    }

    public static Optional<NodeTuple> tuple(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return Optional.of(tuple);
                }
            }
        }
        return Optional.empty();
    }

    /** Follows a path of mapping keys. */
    public static Optional<Node> at(Node node, String... keys) {
        Optional<Node> current = Optional.ofNullable(node);
        for (String key : keys) {
            current = current.flatMap(n -> get(n, key));
        }
        return current;
    }

    /** The text of a scalar value, or empty when absent or not a scalar (null scalars are empty too). */
    public static Optional<String> text(Node node, String... keys) {
        return at(node, keys).filter(n -> n instanceof ScalarNode).map(n -> ((ScalarNode) n).getValue())
                .filter(v -> !v.isEmpty() && !v.equals("~") && !v.equals("null"));
    }

    public static List<Node> items(Node node) {
        return node instanceof SequenceNode sequence ? sequence.getValue() : List.of();
    }

    /** A sequence of scalars as strings (skipping anything else). */
    public static List<String> strings(Node node) {
        List<String> values = new ArrayList<>();
        for (Node item : items(node)) {
            if (item instanceof ScalarNode scalar) {
                values.add(scalar.getValue());
            }
        }
        return values;
    }
}
