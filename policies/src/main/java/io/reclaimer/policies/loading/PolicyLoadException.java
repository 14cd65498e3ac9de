package io.reclaimer.policies.loading;

import java.util.List;
import java.util.stream.Collectors;

/** An invalid policy set: the message lists every problem as {@code file:line:column: message}. */
public final class PolicyLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public PolicyLoadException(List<Diagnostic> diagnostics) {
        super(diagnostics.size() + " problem" + (diagnostics.size() == 1 ? "" : "s") + " in the policy files:"
                + System.lineSeparator()
                + diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining(System.lineSeparator())));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
