package io.reclaimer.actions.permit;

import io.reclaimer.actions.audit.AuditEvents;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ExecutionGuard;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.flow.StandingCheck;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The execution-time gate of the actions service: gathers what {@link ExecutionPermit} decides on (the
 * finding as the feed knows it now, the target's observed facts, the current policy's judgement of both,
 * {@code actions.dryRun}, freezes and the hourly cap) and asks it. No I/O of its own: the policy gate is
 * pure and the facts come from the executor's re-check.
 */
public final class ExecutionGate implements ExecutionGuard, StandingCheck {

    private final PolicyGate policies;
    private final CurrentFindings findings;
    private final boolean dryRun;
    private final ToIntFunction<Instant> executionsInHourBefore;

    /**
     * @param executionsInHourBefore executions started in the hour before an instant (the hourly cap's count)
     */
    public ExecutionGate(PolicyGate policies, CurrentFindings findings, boolean dryRun,
                         ToIntFunction<Instant> executionsInHourBefore) {
        this.policies = policies;
        this.findings = findings;
        this.dryRun = dryRun;
        this.executionsInHourBefore = executionsInHourBefore;
    }

    /** The gate of {@code reclaimer rollback}: a person's rollback passes, nothing automatic does. */
    public static ExecutionGate forRollbackCommand(PolicyGate policies) {
        return new ExecutionGate(policies, CurrentFindings.NONE, true, now -> 0);
    }

    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public Permit beforeCheck(ActionRecord record, Instant now) {
        PolicyGate set = policies.current();
        return change(set, record, Optional.empty(), now, hold(set, now));
    }

    @Override
    public Permit afterCheck(ActionRecord record, Check check, Instant now) {
        PolicyGate set = policies.current();
        return change(set, record, check.observedFacts(), now, hold(set, now));
    }

    @Override
    public Permit standing(ActionRecord record, Instant now) {
        return change(policies.current(), record, Optional.empty(), now, Optional.empty());
    }

    /** The request judged on {@code current}, the finding an evaluation cycle has in hand (no holds). */
    @Override
    public Permit standing(ActionRecord record, Finding current, Instant now) {
        ActionRequest request = record.request();
        FindingState state = new FindingState.Known(current);
        return ExecutionPermit.change(ExecutionPermit.grantOf(request), request.type(), dryRun, state, Optional.empty(),
                judge(policies.current(), state, Optional.empty(), now), Optional.empty());
    }

    @Override
    public Permit beforeRestore(ActionRecord record, String actor, Instant now) {
        return restore(record, actor, Optional.empty(), now);
    }

    @Override
    public Permit afterRestoreCheck(ActionRecord record, String actor, Check check, Instant now) {
        return restore(record, actor, check.observedFacts(), now);
    }

    @Override
    public Permit sleep(ActionRecord schedule, TargetFacts namespace, Instant now) {
        ActionRequest request = schedule.request();
        FindingState state = findings.state(request.findingId());
        // the schedule keeps working after its finding resolved (a sleeping namespace may stop looking wasteful):
        // its last value is judged then, with what the namespace says now
        if (state instanceof FindingState.Resolved resolved && resolved.last().isPresent()) {
            state = new FindingState.Known(resolved.last().get());
        }
        Optional<TargetFacts> facts = Optional.of(namespace);
        PolicyGate set = policies.current();
        return ExecutionPermit.change(ExecutionPermit.grantOf(request), request.type(), dryRun, state, facts,
                judge(set, state, facts, now), freeze(set, now));
    }

    @Override
    public Permit wake(ActionRecord schedule, TargetFacts namespace, Instant now) {
        return restore(schedule, AuditEvents.SERVICE, Optional.of(namespace), now);
    }

    private Permit change(PolicyGate set, ActionRecord record, Optional<TargetFacts> observed, Instant now,
                          Optional<String> hold) {
        ActionRequest request = record.request();
        FindingState state = findings.state(request.findingId());
        return ExecutionPermit.change(ExecutionPermit.grantOf(request), request.type(), dryRun, state, observed,
                judge(set, state, observed, now), hold);
    }

    private Permit restore(ActionRecord record, String actor, Optional<TargetFacts> observed, Instant now) {
        ActionRequest request = record.request();
        PolicyGate set = policies.current();
        Finding finding = ExecutionPermit.overlay(lastKnown(request, now), observed);
        Optional<String> optOut = ReclaimerLabels.optOut(finding.labels(), finding.annotations(), finding.tags());
        Optional<String> protectedScope = protectedScope(set, finding, now);
        if (AuditEvents.isPerson(actor)) {
            return ExecutionPermit.personsRollback(actor, dryRun, optOut, protectedScope, freeze(set, now));
        }
        return ExecutionPermit.automaticRestore(dryRun, optOut, protectedScope, freeze(set, now));
    }

    private static Judgement judge(PolicyGate policies, FindingState state, Optional<TargetFacts> observed, Instant now) {
        if (!(state instanceof FindingState.Known known)) {
            return Judgement.NONE;
        }
        try {
            return Judgement.of(policies.judge(ExecutionPermit.overlay(known.finding(), observed), GateContext.at(now, 0)));
        } catch (RuntimeException e) {
            return Judgement.failed(String.valueOf(e.getMessage()));
        }
    }

    /** A protected namespace, as the policy gate's guardrail says (a restore is not judged on the verdict itself). */
    private static Optional<String> protectedScope(PolicyGate policies, Finding finding, Instant now) {
        try {
            return ExecutionPermit.blockedBy(policies.judge(finding, GateContext.at(now, 0)).verdict(), "protected-namespace");
        } catch (RuntimeException e) {
            return Optional.of("the policy could not judge the namespace: " + e.getMessage());
        }
    }

    /** The finding as last seen, or one rebuilt from the request (target, scope) when it is long gone. */
    private Finding lastKnown(ActionRequest request, Instant now) {
        FindingState state = findings.state(request.findingId());
        if (state instanceof FindingState.Known known) {
            return known.finding();
        }
        if (state instanceof FindingState.Resolved resolved && resolved.last().isPresent()) {
            return resolved.last().get();
        }
        String name = request.target().substring(request.target().lastIndexOf('/') + 1);
        return new Finding(request.findingId(), request.findingKind(), request.target(), "unknown",
                name.isEmpty() ? request.target() : name, request.target().startsWith("aws/") ? "aws" : "kubernetes",
                request.cluster(), request.namespace(), request.account(), request.region(), 0, request.createdAt(), now,
                null, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /** Freeze and hourly cap: what holds a new execution. */
    private Optional<String> hold(PolicyGate policies, Instant now) {
        return blocker(policies, now, executionsInHourBefore.applyAsInt(now));
    }

    /** The freeze alone: what holds a sleep, a wake or an automatic unmark (they are not counted as actions). */
    private static Optional<String> freeze(PolicyGate policies, Instant now) {
        return blocker(policies, now, 0);
    }

    private static Optional<String> blocker(PolicyGate policies, Instant now, int executionsLastHour) {
        try {
            return policies.executionBlocker(GateContext.at(now, executionsLastHour));
        } catch (RuntimeException e) {
            return Optional.of("the policy gate could not tell whether a freeze is active: " + e.getMessage());
        }
    }
}
