package io.reclaimer.actions.support;

import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.GateDecision;
import io.reclaimer.actions.flow.GatePlan;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Findings, verdicts, requests and gates for tests. */
public final class Fixtures {

    /**
     * The fixed "now" of tests that run everything on a clock pinned here. Never combine it with a service
     * on the real clock: use the {@code Instant now} overloads with that clock's instant instead.
     */
    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Fixtures() {
    }

    public static Finding overprovisioned(String cluster, String namespace, String workload, String container,
                                          String cpuNow, String memNow) {
        return overprovisioned(T0, cluster, namespace, workload, container, cpuNow, memNow);
    }

    /** An over-provisioned container last seen at {@code now} (tests whose service runs on a real clock). */
    public static Finding overprovisioned(Instant now, String cluster, String namespace, String workload,
                                          String container, String cpuNow, String memNow) {
        String key = cluster + "/" + namespace + "/Deployment/" + workload + "/" + container;
        return new Finding(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, key), FindingKind.OVERPROVISIONED_CONTAINER,
                key, "Deployment", workload, "kubernetes", cluster, namespace, "", "", 42.5, now.minusSeconds(86400 * 7), now,
                0.9, Map.of("cpuRequestCores", cpuNow, "memoryRequestBytes", memNow, "cpuTargetCores", "0.2",
                        "memoryTargetBytes", "268435456"), Map.of("app", workload), Map.of(), Map.of());
    }

    public static Finding volume(String volumeId) {
        String key = "aws/123456789012/eu-west-1/" + volumeId;
        return new Finding(Finding.idFor(FindingKind.UNATTACHED_VOLUME, key), FindingKind.UNATTACHED_VOLUME, key,
                "EbsVolume", volumeId, "aws", "", "", "123456789012", "eu-west-1", 8.0, T0.minusSeconds(86400 * 30), T0,
                null, Map.of("state", "available", "sizeGib", "100", "volumeType", "gp3"), Map.of(), Map.of(), Map.of());
    }

    public static Finding offHours(String cluster, String namespace) {
        String key = cluster + "//Namespace/" + namespace;
        return new Finding(Finding.idFor(FindingKind.OFF_HOURS_SCHEDULE, key), FindingKind.OFF_HOURS_SCHEDULE, key,
                "Namespace", namespace, "kubernetes", cluster, namespace, "", "", 120.0, T0.minusSeconds(86400 * 14), T0,
                null, Map.of("days", "Mon-Fri", "hours", "07:00-20:00", "timeZone", "Europe/Paris"), Map.of(), Map.of(),
                Map.of());
    }

    public static PolicyVerdict verdict(Outcome outcome, Map<String, String> parameters, String... approvers) {
        return verdict(T0, outcome, parameters, approvers);
    }

    /**
     * A verdict given at {@code now}: an approval expires 72 h later. A test whose service runs on a real
     * clock must pass that clock's now here, or the approval expires on the calendar, not in the test.
     */
    public static PolicyVerdict verdict(Instant now, Outcome outcome, Map<String, String> parameters,
                                        String... approvers) {
        return new PolicyVerdict(outcome, "test-policy", "test-rule", List.of("rule test-rule selects this finding: "
                + outcome.name().toLowerCase()), List.of(approvers), outcome == Outcome.APPROVE ? now.plusSeconds(72 * 3600)
                : null, parameters);
    }

    /** A gate answering every finding with the verdict {@code decide} gives it. */
    public static PolicyGate gate(Function<Finding, PolicyVerdict> decide) {
        return new PolicyGate() {
            @Override
            public GatePlan plan(List<Finding> findings, GateContext context) {
                return new GatePlan(findings.stream().map(f -> new GateDecision(f, f.kind().action(), decide.apply(f)))
                        .toList(), false, List.of());
            }
        };
    }

    public static ActionRequest request(String id, ActionType type, FindingKind kind, String target,
                                        Map<String, String> current, Map<String, String> proposed, PolicyVerdict verdict,
                                        Instant createdAt) {
        return new ActionRequest(id, type, "finding-" + id, kind, target, "prod-eu", "shop", "", "", current, proposed,
                10.0, 0.9, verdict, createdAt);
    }

    /**
     * An executor of every action that finds the workload at 500m and plans 250m CPU, and records {@code prefix} and
     * the action id in {@code applied} for each apply.
     */
    public static ActionExecutor recordingExecutor(List<String> applied, String prefix) {
        return new ActionExecutor() {
            @Override
            public boolean handles(ActionType type, FindingKind kind) {
                return true;
            }

            @Override
            public Check check(ActionRequest request) {
                return Check.original(Map.of("cpu", "500m"), Map.of("cpu", "250m"));
            }

            @Override
            public Map<String, String> apply(ActionRequest request, Check check) {
                applied.add(prefix + request.actionId());
                return check.plannedState();
            }
        };
    }
}
