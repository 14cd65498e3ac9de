package io.reclaimer.model.actions;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.serde.AddedLater;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import java.time.Instant;
import java.util.Map;

/**
 * A proposed change to one target, with the policy verdict that governs it. {@code actionId} is stable for
 * the same finding and proposed state, so re-evaluating an unchanged finding does not create a second
 * action. {@code currentState} is what execution re-checks right before acting; {@code identity} is exactly
 * which object the finding priced, which the executor compares with what it finds before any change (null on
 * requests written before identities were recorded: the executors then fall back to what the target key holds).
 * {@code whatIf}, on a downsize, is the what-if of the recommended value the planner found on the recommendation
 * (for the approver to read; not part of the action's identity, not checked by execution); null on every other
 * request and on those written before it.
 */
@JsonTypeName("action-request/v1")
public record ActionRequest(String actionId, ActionType type, String findingId, FindingKind findingKind, String target,
                            String cluster, String namespace, String account, String region,
                            Map<String, String> currentState, Map<String, String> proposedState, double monthlyUsd,
                            Double confidence, PolicyVerdict verdict, Instant createdAt,
                            @AddedLater("issue 13: the identity of the priced object") TargetIdentity identity,
                            @AddedLater("issue 17: the what-if of the recommended value, on a downsize") WhatIfEstimate whatIf)
        implements Event {

    /** A request without a recorded identity. */
    public ActionRequest(String actionId, ActionType type, String findingId, FindingKind findingKind, String target,
                         String cluster, String namespace, String account, String region,
                         Map<String, String> currentState, Map<String, String> proposedState, double monthlyUsd,
                         Double confidence, PolicyVerdict verdict, Instant createdAt) {
        this(actionId, type, findingId, findingKind, target, cluster, namespace, account, region, currentState,
                proposedState, monthlyUsd, confidence, verdict, createdAt, null, null);
    }

    /** A request without a what-if estimate. */
    public ActionRequest(String actionId, ActionType type, String findingId, FindingKind findingKind, String target,
                         String cluster, String namespace, String account, String region,
                         Map<String, String> currentState, Map<String, String> proposedState, double monthlyUsd,
                         Double confidence, PolicyVerdict verdict, Instant createdAt, TargetIdentity identity) {
        this(actionId, type, findingId, findingKind, target, cluster, namespace, account, region, currentState,
                proposedState, monthlyUsd, confidence, verdict, createdAt, identity, null);
    }

    public ActionRequest {
        Require.text(actionId, "actionId");
        Require.present(type, "type");
        Require.text(findingId, "findingId");
        Require.present(findingKind, "findingKind");
        Require.text(target, "target");
        cluster = cluster == null ? "" : cluster;
        namespace = namespace == null ? "" : namespace;
        account = account == null ? "" : account;
        region = region == null ? "" : region;
        currentState = Require.map(currentState, "currentState");
        proposedState = Require.map(proposedState, "proposedState");
        Require.finite(monthlyUsd, "monthlyUsd");
        if (confidence != null) {
            Require.fraction(confidence, "confidence");
        }
        Require.present(verdict, "verdict");
        Require.present(createdAt, "createdAt");
    }

    /** The same request for exactly this object. */
    public ActionRequest withIdentity(TargetIdentity target) {
        return new ActionRequest(actionId, type, findingId, findingKind, this.target, cluster, namespace, account, region,
                currentState, proposedState, monthlyUsd, confidence, verdict, createdAt, target, whatIf);
    }
}
