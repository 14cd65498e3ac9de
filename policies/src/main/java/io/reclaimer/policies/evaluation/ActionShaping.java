package io.reclaimer.policies.evaluation;

import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Evidence;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.policies.evaluation.GuardrailCheck.Status;
import io.reclaimer.policies.guardrails.DownsizeLimits;
import io.reclaimer.policies.guardrails.Guardrails;
import io.reclaimer.policies.guardrails.MarkForOp;
import io.reclaimer.policies.rules.RuleParameters;
import io.reclaimer.policies.rules.RuleParameters.DownsizeTo;
import io.reclaimer.policies.rules.RuleParameters.Limits;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the winning rule's parameters into the verdict's {@code parameters} (the contract in
 * docs/policies.md) and applies the guardrails that shape an action: the downsize step and floors, the
 * snapshot before a volume delete, and the mark-for-op grace period before any delete.
 */
final class ActionShaping {

    static final String DEFAULT_SCHEDULE_WINDOW = "Mon-Fri 07:00-20:00";
    static final String DEFAULT_TIME_ZONE = "UTC";

    private ActionShaping() {
    }

    static void shape(Draft draft, Guardrails guardrails, Instant now) {
        RuleParameters rule = draft.rule == null ? RuleParameters.NONE : draft.rule.parameters();
        draft.parameters.put(ActionParameters.ACTION, draft.action.wireName());
        switch (draft.action) {
            case DOWNSIZE -> downsize(draft, rule, guardrails.downsize());
            case SCHEDULE -> {
                draft.parameters.put(ActionParameters.SCHEDULE_WINDOW,
                        rule.scheduleWindow() == null ? DEFAULT_SCHEDULE_WINDOW : rule.scheduleWindow().windowText());
                draft.parameters.put(ActionParameters.TIME_ZONE, rule.timeZone() == null ? DEFAULT_TIME_ZONE : rule.timeZone().getId());
            }
            case DELETE -> {
                snapshot(draft, rule);
                gracePeriod(draft, rule, guardrails, now);
            }
            case MARK_FOR_OP -> {
                // never the action a kind maps to; the grace period turns a delete into it
            }
        }
    }

    private static void snapshot(Draft draft, RuleParameters rule) {
        if (draft.finding.kind().isVolume()) {
            draft.parameters.put(ActionParameters.SNAPSHOT, "true");
            if (Boolean.FALSE.equals(rule.snapshot())) {
                draft.check("snapshot-before-delete", Status.ADJUSTED, "the rule said snapshot: false, but a "
                        + draft.finding.kind() + " is always snapshotted before it is deleted");
            } else {
                draft.check("snapshot-before-delete", Status.HELD, "a snapshot is taken before the delete");
            }
        } else if (rule.snapshot() != null) {
            draft.parameters.put(ActionParameters.SNAPSHOT, rule.snapshot().toString());
        }
    }

    private static void gracePeriod(Draft draft, RuleParameters rule, Guardrails guardrails, Instant now) {
        int minimum = guardrails.minGraceDays();
        int asked = rule.graceDays() == null ? minimum : rule.graceDays();
        int graceDays = Math.max(asked, minimum);
        draft.parameters.put(ActionParameters.GRACE_DAYS, Integer.toString(graceDays));
        if (draft.outcome == Outcome.DENY) {
            return;
        }
        if (asked < minimum) {
            draft.notes.add("the rule's grace period of " + asked + " days was raised to the guardrails' minimum of "
                    + minimum + " days");
        }
        if (graceDays == 0) {
            draft.check("grace-period", Status.HELD, "no grace period is required");
            return;
        }
        Finding finding = draft.finding;
        Optional<String> raw = MarkForOp.rawMark(finding.annotations(), finding.tags());
        Optional<Instant> markedAt = raw.flatMap(MarkForOp::parse);
        Duration grace = Duration.ofDays(graceDays);
        if (markedAt.isEmpty()) {
            draft.action = ActionType.MARK_FOR_OP;
            Instant actAfter = now.plus(grace);
            draft.parameters.put(ActionParameters.ACTION, ActionType.MARK_FOR_OP.wireName());
            draft.parameters.put(ActionParameters.MARK_KEY, "aws".equals(finding.provider()) ? ReclaimerLabels.MARKED_FOR_OP_TAG : ReclaimerLabels.MARKED_FOR_OP);
            draft.parameters.put(ActionParameters.MARK_VALUE, now.toString());
            draft.parameters.put(ActionParameters.ACT_AFTER, actAfter.toString());
            String why = raw.isPresent() ? "the mark '" + raw.get() + "' is not an ISO-8601 instant, so it is renewed"
                    : "not marked yet";
            draft.check("grace-period", Status.ADJUSTED, why + ": mark it now and delete it after " + actAfter
                    + " (" + graceDays + " days) only if it is still orphaned then");
            if (draft.outcome == Outcome.APPROVE && guardrails.autoMark()) {
                draft.outcome = Outcome.AUTO;
                draft.notes.add("placing the mark is reversible and needs no approval (autoMark); approval is asked "
                        + "for the delete once the grace period is over");
            }
            return;
        }
        Instant actAfter = markedAt.get().plus(grace);
        draft.parameters.put(ActionParameters.ACT_AFTER, actAfter.toString());
        if (now.isBefore(actAfter)) {
            draft.cap(Outcome.DENY, "grace-period", "marked for deletion at " + markedAt.get() + "; the grace period of "
                    + graceDays + " days ends at " + actAfter);
        } else {
            draft.check("grace-period", Status.HELD, "marked at " + markedAt.get() + ", grace period of " + graceDays
                    + " days over since " + actAfter + " and still orphaned");
        }
    }

    private static void downsize(Draft draft, RuleParameters rule, DownsizeLimits limits) {
        DownsizeTo to = rule.downsizeTo() == null ? DownsizeTo.TARGET : rule.downsizeTo();
        Limits limitPolicy = rule.limits() == null ? Limits.PROPORTIONAL : rule.limits();
        draft.parameters.put(ActionParameters.DOWNSIZE_TO, to.wireName());
        draft.parameters.put(ActionParameters.LIMITS, limitPolicy.wireName());
        if (draft.outcome == Outcome.DENY) {
            return;
        }
        var evidence = draft.finding.evidence();
        Proposal cpu = Proposal.of("cpu request", "cores", evidence.get(Evidence.CPU_REQUEST_CORES),
                evidence.get(to == DownsizeTo.TARGET ? Evidence.CPU_TARGET_CORES : Evidence.CPU_UPPER_BOUND_CORES), limits.maxStepPercent(),
                BigDecimal.valueOf(limits.minCpuCores()), 3);
        Proposal memory = Proposal.of("memory request", "bytes", evidence.get(Evidence.MEMORY_REQUEST_BYTES),
                evidence.get(to == DownsizeTo.TARGET ? Evidence.MEMORY_TARGET_BYTES : Evidence.MEMORY_UPPER_BOUND_BYTES), limits.maxStepPercent(),
                BigDecimal.valueOf(limits.minMemoryBytes()), 0);
        if (!cpu.known() && !memory.known()) {
            draft.cap(Outcome.DRY_RUN, "downsize-limits", "the finding's evidence lacks the current request and the "
                    + "recommended value (" + Evidence.CPU_REQUEST_CORES + "/" + (to == DownsizeTo.TARGET ? Evidence.CPU_TARGET_CORES : Evidence.CPU_UPPER_BOUND_CORES)
                    + ", " + Evidence.MEMORY_REQUEST_BYTES + "/" + (to == DownsizeTo.TARGET ? Evidence.MEMORY_TARGET_BYTES : Evidence.MEMORY_UPPER_BOUND_BYTES)
                    + "), so the change cannot be sized");
            return;
        }
        List<String> parts = new ArrayList<>();
        boolean clamped = false;
        for (Proposal proposal : List.of(cpu, memory)) {
            if (!proposal.known()) {
                continue;
            }
            parts.add(proposal.describe());
            clamped |= proposal.clamped;
        }
        if (!cpu.changes() && !memory.changes()) {
            draft.cap(Outcome.DENY, "downsize-limits", "nothing left to downsize: " + String.join("; ", parts));
            return;
        }
        if (cpu.changes()) {
            draft.parameters.put(ActionParameters.CPU_REQUEST_CORES, cpu.proposed.toPlainString());
        }
        if (memory.changes()) {
            draft.parameters.put(ActionParameters.MEMORY_REQUEST_BYTES, memory.proposed.toPlainString());
        }
        draft.check("downsize-limits", clamped ? Status.ADJUSTED : Status.HELD, String.join("; ", parts)
                + " (max step " + PolicyEngine.fmt(limits.maxStepPercent()) + "%, floors "
                + PolicyEngine.fmt(limits.minCpuCores()) + " cores / " + limits.minMemoryBytes() + " bytes)");
    }

    /** One resource's downsize, computed in decimal so the same evidence always gives the same text. */
    private static final class Proposal {
        final String what;
        final String unit;
        BigDecimal current;
        BigDecimal proposed;
        boolean clamped;
        final List<String> notes = new ArrayList<>();

        private Proposal(String what, String unit) {
            this.what = what;
            this.unit = unit;
        }

        static Proposal of(String what, String unit, String currentText, String wantedText, double maxStepPercent,
                           BigDecimal floor, int scale) {
            Proposal p = new Proposal(what, unit);
            BigDecimal current = decimal(currentText);
            BigDecimal wanted = decimal(wantedText);
            if (current == null || wanted == null) {
                return p;
            }
            p.current = current;
            BigDecimal proposed = wanted;
            if (proposed.compareTo(current) > 0) {
                proposed = current;
                p.notes.add("the recommendation " + plain(wanted) + " is above it: left unchanged");
            }
            BigDecimal stepFloor = current.multiply(BigDecimal.valueOf(100 - maxStepPercent))
                    .divide(BigDecimal.valueOf(100), 12, RoundingMode.CEILING);
            if (proposed.compareTo(stepFloor) < 0) {
                p.notes.add("recommended " + plain(wanted) + ", limited by the max step");
                p.clamped = true;
                proposed = stepFloor;
            }
            if (proposed.compareTo(floor) < 0) {
                proposed = floor.min(current);
                p.notes.add("raised to the floor " + plain(floor));
                p.clamped = true;
            }
            p.proposed = proposed.setScale(scale, RoundingMode.CEILING).stripTrailingZeros();
            if (p.proposed.scale() < 0) {
                p.proposed = p.proposed.setScale(0);
            }
            return p;
        }

        boolean known() {
            return current != null;
        }

        boolean changes() {
            return known() && proposed.compareTo(current) < 0;
        }

        String describe() {
            String head = what + " " + plain(current) + " -> " + (changes() ? plain(proposed) : plain(current)) + " " + unit;
            return notes.isEmpty() ? head : head + " (" + String.join(", ", notes) + ")";
        }

        private static BigDecimal decimal(String text) {
            if (text == null) {
                return null;
            }
            try {
                BigDecimal value = new BigDecimal(text.trim());
                return value.signum() < 0 ? null : value;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private static String plain(BigDecimal value) {
            BigDecimal stripped = value.stripTrailingZeros();
            return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
        }
    }
}
