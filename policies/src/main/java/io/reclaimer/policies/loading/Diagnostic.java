package io.reclaimer.policies.loading;

import java.util.Comparator;

/**
 * One problem in a policy file: {@code file:line:column: message}, line and column 1-based, the file as
 * the user named it (the directory given plus the path below it) so editors and terminals can jump to it.
 */
public record Diagnostic(String file, int line, int column, String message) implements Comparable<Diagnostic> {

    private static final Comparator<Diagnostic> ORDER = Comparator.comparing(Diagnostic::file)
            .thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column)
            .thenComparing(Diagnostic::message);

    @Override
    public int compareTo(Diagnostic other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return file + ':' + line + ':' + column + ": " + message;
    }
}
