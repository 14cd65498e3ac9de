package io.reclaimer.actions.execution;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.List;
import java.util.Optional;

/** The executors this service has, and which action on which kind of finding each takes. */
public final class ExecutorRegistry {

    private final List<ActionExecutor> executors;

    public ExecutorRegistry(List<ActionExecutor> executors) {
        this.executors = List.copyOf(executors);
    }

    public Optional<ActionExecutor> find(ActionRequest request) {
        return find(request.type(), request.findingKind());
    }

    public Optional<ActionExecutor> find(ActionType type, FindingKind kind) {
        return executors.stream().filter(e -> e.handles(type, kind)).findFirst();
    }

    public boolean executable(FindingKind kind, ActionType type) {
        return find(type, kind).isPresent();
    }

    public boolean reversible(ActionRequest request) {
        return find(request).map(e -> e.reversible(request)).orElse(false);
    }
}
