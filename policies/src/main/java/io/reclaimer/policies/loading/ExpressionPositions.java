package io.reclaimer.policies.loading;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Maps a position inside an expression (CEL's 1-based line, 0-based column) back to the YAML file, for
 * plain, quoted and block ({@code |}, {@code >}) scalars, by laying the scalar's text over the source lines
 * it came from. Escapes inside double quotes and folded blank lines can shift the column slightly; the line
 * is always right.
 */
final class ExpressionPositions {
    private ExpressionPositions() {
    }

    /** 1-based {line, column} in the file. */
    static int[] locate(SourceFile source, ScalarNode node, String expression, int celLine, int celColumn) {
        int offset = 0;
        String[] lines = expression.split("\n", -1);
        for (int i = 0; i < celLine - 1 && i < lines.length; i++) {
            offset += lines[i].length() + 1;
        }
        offset += Math.max(0, celColumn);
        for (int[] segment : segments(source, node)) {
            if (offset <= segment[2]) {
                return new int[] {segment[0] + 1, segment[1] + offset + 1};
            }
            offset -= segment[2] + 1;
        }
        return new int[] {node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1};
    }

    /** {zeroBasedLine, zeroBasedColumn, length} of each stretch of source that holds scalar text. */
    private static List<int[]> segments(SourceFile source, ScalarNode node) {
        List<int[]> segments = new ArrayList<>();
        int startLine = node.getStartMark().getLine();
        int endLine = node.getEndMark().getLine();
        ScalarStyle style = node.getScalarStyle();
        if (style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED) {
            int indent = -1;
            for (int line = startLine + 1; line <= Math.min(endLine, source.lines().size() - 1); line++) {
                String text = source.line(line);
                if (text.isBlank()) {
                    continue;
                }
                int lead = text.length() - text.stripLeading().length();
                if (indent < 0) {
                    indent = lead;
                }
                if (lead < indent) {
                    break;
                }
                segments.add(new int[] {line, indent, text.stripTrailing().length() - indent});
            }
            return segments;
        }
        int quote = style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED ? 1 : 0;
        int column = node.getStartMark().getColumn() + quote;
        for (int line = startLine; line <= endLine; line++) {
            String text = source.line(line);
            int from = line == startLine ? column : text.length() - text.stripLeading().length();
            int to = line == endLine ? Math.max(from, node.getEndMark().getColumn() - quote) : text.stripTrailing().length();
            segments.add(new int[] {line, from, Math.max(0, to - from)});
        }
        return segments;
    }
}
