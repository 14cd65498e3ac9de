package io.reclaimer.policies.rules;

/**
 * Where something was declared: the file as the user named it (relative to the loaded directory) and the
 * 1-based line and column. Printed in explanations so a reviewer can jump to the rule that decided.
 */
public record SourceRef(String file, int line, int column) {

    public static final SourceRef BUILT_IN = new SourceRef("built-in defaults", 0, 0);

    @Override
    public String toString() {
        return line == 0 ? file : file + ':' + line + ':' + column;
    }
}
