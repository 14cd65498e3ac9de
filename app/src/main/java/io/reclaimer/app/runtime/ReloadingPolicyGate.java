package io.reclaimer.app.runtime;

import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.GateDecision;
import io.reclaimer.actions.flow.GatePlan;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.flow.PolicyRefresh;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.policies.Policies;
import io.reclaimer.policies.evaluation.PolicySet;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.loading.PolicyLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy directory as a gate that follows its changes while the service runs. {@link #refresh} compares a
 * digest of the files' names and contents (not their timestamps: a Kubernetes ConfigMap update swaps the
 * {@code ..data} symlink, which neither mtimes nor every file-system watcher report) and, on a change, loads
 * the set with the same loader as at start-up. The set in force is one reference, replaced atomically:
 * <ul>
 *   <li>a valid new set replaces the old one for every later question, including the execution-time gate's
 *       right before each side effect, so a request granted under the old set acts only if the new one allows it;</li>
 *   <li>an invalid new set keeps nothing in force, not even the last valid one: every question throws, so the
 *       execution-time gate holds every side effect and planning waits, until a valid set is read (fail closed).
 *       Keeping the old set would go on acting on rules an operator has just tried to change.</li>
 * </ul>
 * At start-up an invalid set is still an error ({@link PolicyLoadException}, file:line:column).
 */
final class ReloadingPolicyGate implements PolicyGate {

    private final Path source;
    private final AtomicReference<State> state;

    /** What is in force: a valid set's gate, or why there is none; the digest it was read from; its generation. */
    private record State(PolicyGate gate, String fingerprint, long generation) {
    }

    private ReloadingPolicyGate(Path source, State initial) {
        this.source = source;
        this.state = new AtomicReference<>(initial);
    }

    /** The policy set at {@code path} now; {@link PolicyLoadException} names every problem as file:line:column. */
    public static ReloadingPolicyGate load(Path path) {
        // the digest first: a change between digest and load is seen again (and reloaded) at the next refresh
        String fingerprint = Policies.fingerprint(path);
        return new ReloadingPolicyGate(path, new State(new PolicyEngineGate(Policies.engine(path), path), fingerprint, 1));
    }

    @Override
    public synchronized PolicyRefresh refresh() {
        State before = state.get();
        String fingerprint = Policies.fingerprint(source);
        if (fingerprint.equals(before.fingerprint())) {
            return PolicyRefresh.UNCHANGED;
        }
        PolicySet set;
        try {
            set = Policies.load(source);
        } catch (PolicyLoadException e) {
            state.set(new State(new Unavailable(source, "the policy set at " + source + " is invalid, every action is "
                    + "held until it is fixed: " + e.getMessage()), fingerprint, before.generation()));
            return PolicyRefresh.invalid(fingerprint, e.getMessage());
        } catch (RuntimeException e) {
            state.set(new State(new Unavailable(source, "the policy set at " + source + " could not be read, every action "
                    + "is held: " + e), fingerprint, before.generation()));
            return PolicyRefresh.invalid(fingerprint, String.valueOf(e));
        }
        state.set(new State(new PolicyEngineGate(new PolicyEngine(set), source), fingerprint, before.generation() + 1));
        return PolicyRefresh.reloaded(fingerprint, set.policies().size() + " policies from " + source + " (sha256 "
                + fingerprint.substring(0, 12) + ") are in force");
    }

    @Override
    public PolicyGate current() {
        return state.get().gate();
    }

    @Override
    public Optional<String> unavailable() {
        return state.get().gate() instanceof Unavailable none ? Optional.of(none.why) : Optional.empty();
    }

    @Override
    public long generation() {
        return state.get().generation();
    }

    @Override
    public GatePlan plan(List<Finding> findings, GateContext context) {
        return current().plan(findings, context);
    }

    @Override
    public GateDecision judge(Finding finding, GateContext context) {
        return current().judge(finding, context);
    }

    @Override
    public Optional<String> executionBlocker(GateContext context) {
        return current().executionBlocker(context);
    }

    @Override
    public String describe() {
        return "policies at " + source;
    }

    /** No valid set: every question fails, which the actions service answers by holding everything. */
    private static final class Unavailable implements PolicyGate {
        private final Path source;
        private final String why;

        Unavailable(Path source, String why) {
            this.source = source;
            this.why = why;
        }

        @Override
        public GatePlan plan(List<Finding> findings, GateContext context) {
            throw new IllegalStateException(why);
        }

        @Override
        public GateDecision judge(Finding finding, GateContext context) {
            throw new IllegalStateException(why);
        }

        @Override
        public Optional<String> executionBlocker(GateContext context) {
            throw new IllegalStateException(why);
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.of(why);
        }

        @Override
        public String describe() {
            return "policies at " + source + " (invalid)";
        }
    }
}
