package io.reclaimer.gitops.yaml;

import java.util.Comparator;
import java.util.List;

/** Replace the characters {@code [start, end)} of a file's text by {@code replacement}. */
public record TextEdit(int start, int end, String replacement) {

    public TextEdit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
        }
    }

    /** Applies non-overlapping edits (in any order) to {@code text}. */
    public static String apply(String text, List<TextEdit> edits) {
        List<TextEdit> sorted = edits.stream().sorted(Comparator.comparingInt(TextEdit::start)).toList();
        StringBuilder out = new StringBuilder(text.length() + 64);
        int at = 0;
        for (TextEdit edit : sorted) {
            if (edit.start() < at) {
                throw new IllegalArgumentException("overlapping edits at " + edit.start());
            }
            out.append(text, at, edit.start()).append(edit.replacement());
            at = edit.end();
        }
        return out.append(text.substring(at)).toString();
    }
}
