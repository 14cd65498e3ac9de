package io.reclaimer.actions.execution;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reclaimer never acts on the namespace it runs in, whatever that namespace is called: its analysis looks idle
 * at night, its state volumes look like any other claim, and a policy written for "every namespace" would
 * otherwise put Reclaimer itself to sleep or delete its state. The namespace comes from the downward API
 * ({@code POD_NAMESPACE}, set by the Helm chart and the kustomize base); without it nothing is protected
 * and the service says so at start-up.
 *
 * <p>A guarded executor's re-check answers CHANGED with the reason (the action is recorded as aborted, not
 * failed), and its apply refuses too, so no path reaches the change. Rollbacks are not refused: they restore.
 */
public final class OwnNamespaceGuard {

    /** The downward-API variable holding the pod's namespace. */
    public static final String ENVIRONMENT_VARIABLE = "POD_NAMESPACE";

    private final String namespace;

    private OwnNamespaceGuard(String namespace) {
        this.namespace = namespace == null ? "" : namespace.trim();
    }

    public static OwnNamespaceGuard of(String namespace) {
        return new OwnNamespaceGuard(namespace);
    }

    public static OwnNamespaceGuard fromEnvironment(Map<String, String> environment) {
        return new OwnNamespaceGuard(environment.get(ENVIRONMENT_VARIABLE));
    }

    /** The protected namespace; empty when this process does not know where it runs. */
    public Optional<String> namespace() {
        return namespace.isEmpty() ? Optional.empty() : Optional.of(namespace);
    }

    /** Why this request must not be carried out, when it targets the protected namespace. */
    public Optional<String> refusal(ActionRequest request) {
        if (namespace.isEmpty() || !namespace.equals(request.namespace())) {
            return Optional.empty();
        }
        return Optional.of("namespace " + namespace + " is where Reclaimer runs (" + ENVIRONMENT_VARIABLE
                + "): it is never acted on");
    }

    public List<ActionExecutor> guard(List<ActionExecutor> executors) {
        return namespace.isEmpty() ? executors : executors.stream().<ActionExecutor>map(Guarded::new).toList();
    }

    private final class Guarded implements ActionExecutor {

        private final ActionExecutor delegate;

        Guarded(ActionExecutor delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean handles(ActionType type, FindingKind kind) {
            return delegate.handles(type, kind);
        }

        @Override
        public Check check(ActionRequest request) throws Exception {
            Optional<String> refusal = refusal(request);
            return refusal.isPresent() ? Check.changed(refusal.get()) : delegate.check(request);
        }

        @Override
        public Map<String, String> apply(ActionRequest request, Check check) throws Exception {
            Optional<String> refusal = refusal(request);
            if (refusal.isPresent()) {
                throw new ActionAbortedException(refusal.get());
            }
            return delegate.apply(request, check);
        }

        /** The engine's entry point: the delegate keeps its own last look before an irreversible step. */
        @Override
        public Map<String, String> apply(ActionRequest request, Check check, Confirmation lastLook) throws Exception {
            Optional<String> refusal = refusal(request);
            if (refusal.isPresent()) {
                throw new ActionAbortedException(refusal.get());
            }
            return delegate.apply(request, check, lastLook);
        }

        @Override
        public boolean reversible(ActionRequest request) {
            return delegate.reversible(request);
        }

        @Override
        public Check checkRollback(ActionRequest request, ActionResult executed) throws Exception {
            return delegate.checkRollback(request, executed);
        }

        @Override
        public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws Exception {
            return delegate.rollback(request, executed);
        }
    }
}
