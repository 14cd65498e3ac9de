package io.reclaimer.actions.flow;

import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Evidence;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * Turns the gate's decision for a finding into an action request: what the target looks like now, what it
 * should look like, and the verdict, made safe. Pure: values in, a value out.
 *
 * <p>The verdict is only ever made more restrictive here: the service-wide dry-run switch, a missing
 * executor, or an approval nobody could give turn it into dry-run, with the reason appended to the
 * policy's own reasons.
 */
public final class ActionPlanner {

    private final boolean dryRun;
    private final Duration approvalTtl;
    private final BiPredicate<FindingKind, ActionType> executable;

    public ActionPlanner(boolean dryRun, Duration approvalTtl, BiPredicate<FindingKind, ActionType> executable) {
        this.dryRun = dryRun;
        this.approvalTtl = approvalTtl;
        this.executable = executable;
    }

    /** The outcome of planning one finding: a request, or why there is none. */
    public sealed interface Planned {
    }

    public record Proposed(ActionRequest request) implements Planned {
    }

    public record Skipped(String findingId, String reason) implements Planned {
    }

    public Planned plan(GateDecision decision, Recommendation recommendation, Instant now) {
        Finding finding = decision.finding();
        PolicyVerdict verdict = decision.verdict();
        if (verdict.outcome() == Outcome.DENY) {
            return new Skipped(finding.id(), "denied: " + String.join("; ", verdict.reasons()));
        }
        ActionType type = decision.action();
        Map<String, String> current = new LinkedHashMap<>();
        Map<String, String> proposed = new LinkedHashMap<>();
        Optional<String> problem = switch (type) {
            case DOWNSIZE -> downsize(finding, verdict, recommendation, current, proposed);
            case SCHEDULE -> schedule(finding, verdict, current, proposed);
            case DELETE -> delete(finding, verdict, current, proposed);
            case MARK_FOR_OP -> mark(verdict, current, proposed);
        };
        if (problem.isPresent()) {
            return new Skipped(finding.id(), problem.get());
        }
        PolicyVerdict safe = makeSafe(finding, type, verdict, now);
        String id = ActionIds.of(finding.id(), type, proposed, finding.since());
        // a downsize carries the what-if of the recommended value, for the approver: not part of the action's id
        WhatIfEstimate whatIf = type == ActionType.DOWNSIZE && recommendation != null ? recommendation.whatIf() : null;
        return new Proposed(new ActionRequest(id, type, finding.id(), finding.kind(), finding.resource(), finding.cluster(),
                finding.namespace(), finding.account(), finding.region(), current, proposed, finding.monthlyUsd(),
                finding.confidence() != null ? finding.confidence() : recommendation != null ? recommendation.confidence() : null,
                safe, now, finding.identity(), whatIf));
    }

    private PolicyVerdict makeSafe(Finding finding, ActionType type, PolicyVerdict verdict, Instant now) {
        Outcome outcome = verdict.outcome();
        List<String> reasons = new ArrayList<>(verdict.reasons());
        Instant expiresAt = verdict.expiresAt();
        boolean acting = outcome == Outcome.APPROVE || outcome == Outcome.AUTO;
        if (acting && dryRun) {
            outcome = Outcome.DRY_RUN;
            reasons.add("actions.dryRun is on: recorded as dry-run, nothing is asked or executed");
        } else if (acting && !executable.test(finding.kind(), type)) {
            outcome = Outcome.DRY_RUN;
            reasons.add("no executor takes " + type.wireName() + " for " + finding.kind()
                    + " findings: recorded as dry-run");
        } else if (outcome == Outcome.APPROVE && verdict.approvers().isEmpty()) {
            outcome = Outcome.DRY_RUN;
            reasons.add("the verdict names no approvers, so nobody could approve it: recorded as dry-run");
        }
        if (outcome == Outcome.APPROVE && expiresAt == null) {
            expiresAt = now.plus(approvalTtl);
            reasons.add("the approval request expires at " + expiresAt + " (actions.approvalTtl)");
        }
        if (outcome == verdict.outcome() && reasons.size() == verdict.reasons().size()) {
            return verdict;
        }
        return new PolicyVerdict(outcome, verdict.policy(), verdict.rule(), reasons,
                outcome == Outcome.APPROVE ? verdict.approvers() : List.of(), outcome == Outcome.APPROVE ? expiresAt : null,
                verdict.parameters());
    }

    // ------------------------------------------------------------------ downsize

    private static Optional<String> downsize(Finding finding, PolicyVerdict verdict, Recommendation rec,
                                             Map<String, String> current, Map<String, String> proposed) {
        Map<String, String> evidence = finding.evidence();
        Map<String, String> params = verdict.parameters();
        boolean upperBound = ActionParameters.DOWNSIZE_TO_UPPER_BOUND.equals(params.get(ActionParameters.DOWNSIZE_TO));
        BigDecimal cpuNow = decimal(evidence.get(Evidence.CPU_REQUEST_CORES));
        if (cpuNow == null && rec != null && rec.cpu().requestCores() != null) {
            cpuNow = BigDecimal.valueOf(rec.cpu().requestCores());
        }
        BigDecimal memNow = decimal(evidence.get(Evidence.MEMORY_REQUEST_BYTES));
        if (memNow == null && rec != null && rec.memory().requestBytes() != null) {
            memNow = BigDecimal.valueOf(rec.memory().requestBytes());
        }
        BigDecimal cpuTo = decimal(params.get(ActionParameters.CPU_REQUEST_CORES));
        if (cpuTo == null) {
            cpuTo = decimal(evidence.get(upperBound ? Evidence.CPU_UPPER_BOUND_CORES : Evidence.CPU_TARGET_CORES));
        }
        if (cpuTo == null && rec != null) {
            cpuTo = BigDecimal.valueOf(upperBound ? rec.cpu().upperBoundCores() : rec.cpu().targetCores());
        }
        BigDecimal memTo = decimal(params.get(ActionParameters.MEMORY_REQUEST_BYTES));
        if (memTo == null) {
            memTo = decimal(evidence.get(upperBound ? Evidence.MEMORY_UPPER_BOUND_BYTES : Evidence.MEMORY_TARGET_BYTES));
        }
        if (memTo == null && rec != null) {
            memTo = BigDecimal.valueOf(upperBound ? rec.memory().upperBoundBytes() : rec.memory().targetBytes());
        }
        if (cpuTo != null) {
            // whole millicores, rounded up: a request is never cut below what was recommended
            cpuTo = cpuTo.setScale(3, RoundingMode.CEILING);
        }
        if (memTo != null) {
            memTo = memTo.setScale(0, RoundingMode.CEILING);
        }
        Optional<String> kind = DownsizeTargets.refusal(finding.resource());
        if (kind.isPresent()) {
            return kind;
        }
        boolean cpu = cpuNow != null && cpuTo != null && cpuTo.signum() > 0 && cpuTo.compareTo(cpuNow) < 0;
        boolean mem = memNow != null && memTo != null && memTo.signum() > 0 && memTo.compareTo(memNow) < 0;
        String hpa = "";
        if (cpu && "true".equals(evidence.get(Evidence.HPA_SCALES_ON_CPU))) {
            // a new CPU request moves the HPA's utilisation target: both change together, or neither; the HPA
            // target is not part of a downsize yet, so the CPU request stays
            cpu = false;
            hpa = "; the CPU request is left alone: an HPA scales on CPU utilisation, and cutting the request "
                    + "without adjusting its target in the same change would make it scale out";
        }
        if (!cpu && !mem) {
            return Optional.of("nothing to downsize: no current request with a lower recommended value "
                    + "(cpu " + cpuNow + " -> " + cpuTo + ", memory " + memNow + " -> " + memTo + ")" + hpa);
        }
        if (cpu) {
            current.put(ActionParameters.CPU_REQUEST_CORES, plain(cpuNow));
            proposed.put(ActionParameters.CPU_REQUEST_CORES, plain(cpuTo));
        }
        if (mem) {
            current.put(ActionParameters.MEMORY_REQUEST_BYTES, plain(memNow));
            proposed.put(ActionParameters.MEMORY_REQUEST_BYTES, plain(memTo));
        }
        proposed.put(ActionParameters.LIMITS, params.getOrDefault(ActionParameters.LIMITS, ActionParameters.LIMITS_PROPORTIONAL));
        return Optional.empty();
    }

    // ------------------------------------------------------------------ schedule

    private static Optional<String> schedule(Finding finding, PolicyVerdict verdict, Map<String, String> current,
                                             Map<String, String> proposed) {
        Map<String, String> evidence = finding.evidence();
        String window = verdict.parameters().get(ActionParameters.SCHEDULE_WINDOW);
        if (window == null && evidence.containsKey(Evidence.DAYS) && evidence.containsKey(Evidence.HOURS)) {
            window = evidence.get(Evidence.DAYS) + " " + evidence.get(Evidence.HOURS);
        }
        String zone = verdict.parameters().getOrDefault(ActionParameters.TIME_ZONE,
                evidence.getOrDefault(Evidence.TIME_ZONE, "UTC"));
        if (window == null || window.isBlank()) {
            return Optional.of("no uptime window: neither the verdict (scheduleWindow) nor the finding's evidence names one");
        }
        if (finding.namespace().isEmpty() || finding.cluster().isEmpty()) {
            return Optional.of("a schedule needs the finding's cluster and namespace");
        }
        current.put(ActionParameters.SCHEDULE, "none");
        proposed.put(ActionParameters.SCHEDULE_WINDOW, window);
        proposed.put(ActionParameters.TIME_ZONE, zone);
        return Optional.empty();
    }

    // ------------------------------------------------------------------ delete and mark

    private static Optional<String> delete(Finding finding, PolicyVerdict verdict, Map<String, String> current,
                                           Map<String, String> proposed) {
        Map<String, String> evidence = finding.evidence();
        switch (finding.kind()) {
            case UNATTACHED_VOLUME -> {
                current.put(ActionParameters.STATE, "available");
                proposed.put(ActionParameters.STATE, "deleted");
                // a volume is never deleted without a completed snapshot, whatever the gate forgot to say
                proposed.put(ActionParameters.SNAPSHOT,
                        ActionParameters.snapshotFirst(verdict.parameters()) ? "true" : "false");
            }
            case UNASSOCIATED_ADDRESS -> {
                current.put("associated", "false");
                copy(evidence, Evidence.PUBLIC_IP, current, ActionParameters.PUBLIC_IP);
                proposed.put(ActionParameters.STATE, "released");
            }
            case IDLE_LOAD_BALANCER -> {
                current.put("healthyTargets", "0");
                copy(evidence, Evidence.LOAD_BALANCER_TYPE, current, ActionParameters.LOAD_BALANCER_TYPE);
                copy(evidence, Evidence.LOAD_BALANCER_NAME, current, ActionParameters.LOAD_BALANCER_NAME);
                proposed.put(ActionParameters.STATE, "deleted");
            }
            case UNUSED_PVC -> {
                current.put("mountedByPods", "0");
                proposed.put(ActionParameters.STATE, "deleted");
            }
            case RELEASED_PV -> {
                current.put("phase", "Released");
                proposed.put(ActionParameters.STATE, "deleted");
            }
            default -> {
                current.putAll(evidence);
                proposed.put(ActionParameters.STATE, "deleted");
            }
        }
        copy(verdict.parameters(), ActionParameters.GRACE_DAYS, proposed);
        return Optional.empty();
    }

    private static Optional<String> mark(PolicyVerdict verdict, Map<String, String> current, Map<String, String> proposed) {
        Map<String, String> params = verdict.parameters();
        String key = params.get(ActionParameters.MARK_KEY);
        String value = params.get(ActionParameters.MARK_VALUE);
        if (key == null || value == null) {
            return Optional.of("a mark-for-op verdict must name markKey and markValue");
        }
        current.put(ActionParameters.MARK, "none");
        proposed.put(ActionParameters.MARK_KEY, key);
        proposed.put(ActionParameters.MARK_VALUE, value);
        copy(params, ActionParameters.GRACE_DAYS, proposed);
        copy(params, ActionParameters.ACT_AFTER, proposed);
        return Optional.empty();
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to) {
        copy(from, key, to, key);
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to, String toKey) {
        String value = from.get(key);
        if (value != null && !value.isBlank()) {
            to.put(toKey, value);
        }
    }

    private static BigDecimal decimal(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
