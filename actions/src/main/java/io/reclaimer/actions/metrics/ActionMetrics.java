package io.reclaimer.actions.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The actions dashboard's metrics (docs/metrics.md), registered on the registry the caller passes in.
 * Gauges read the ledger when scraped, so they are right after a restart too; counters count what this
 * process did since it started.
 */
public final class ActionMetrics {

    private final Counter actions;
    private final Counter failures;
    private final Counter interactions;
    private final Counter scheduleTransitions;
    private final Counter runsStopped;
    private final Counter policyReloads;
    private final PrometheusRegistry registry;

    public ActionMetrics(PrometheusRegistry registry, ActionLedger ledger) {
        this.registry = registry;
        policyReloads = Counter.builder().name("reclaimer_actions_policy_reloads_total")
                .help("Changed policy sets read while running, by result: reloaded (in force at once), invalid (every "
                        + "action held until a valid set is read; the audit log's policy-invalid event has file:line)")
                .labelNames("result").register(registry);
        actions = Counter.builder().name("reclaimer_actions_total")
                .help("Actions by type and outcome: dry_run, approval_requested, auto, approved, rejected, snoozed, "
                        + "expired, executed, aborted, failed, withdrawn (no longer allowed right before acting), "
                        + "rolled_back, rollback_failed, proposed_in_git (a pull request instead of a live change), "
                        + "reverted (an executed change undone outside Reclaimer)")
                .labelNames("type", "outcome", "cluster").register(registry);
        failures = Counter.builder().name("reclaimer_actions_failures_total")
                .help("Executions and rollbacks that failed (the change may be partial: see the audit log)")
                .labelNames("type", "stage", "cluster").register(registry);
        interactions = Counter.builder().name("reclaimer_actions_slack_interactions_total")
                .help("Slack interactions by result: accepted, refused (not an approver, or an approval the current "
                        + "policy no longer allows), stale (already decided or expired), rejected_signature (answered 401)")
                .labelNames("result").register(registry);
        scheduleTransitions = Counter.builder().name("reclaimer_actions_schedule_transitions_total")
                .help("Scheduled namespaces put to sleep or woken up").labelNames("state").register(registry);
        runsStopped = Counter.builder().name("reclaimer_actions_runs_stopped_total")
                .help("Policy runs stopped by a blast-radius cap (max share of a kind per run): every decision of the "
                        + "run was lowered to dry-run; the audit log's run-stopped event says which cap")
                .register(registry);
        GaugeWithCallback.builder().name("reclaimer_actions_pending_approvals")
                .help("Approval requests waiting for a decision in Slack, by cluster (empty for cloud resources)")
                .labelNames("cluster")
                .callback(cb -> {
                    Map<String, Integer> byCluster = new TreeMap<>();
                    for (ActionRecord r : ledger.inPhase(Phase.PENDING_APPROVAL)) {
                        byCluster.merge(cluster(r.request()), 1, Integer::sum);
                    }
                    if (byCluster.isEmpty()) {
                        cb.call(0, ""); // a series from the start: dashboards and alerts see 0, not "no data"
                    }
                    byCluster.forEach((cluster, n) -> cb.call(n, cluster));
                })
                .register(registry);
        GaugeWithCallback.builder().name("reclaimer_actions_realized_monthly_savings_usd")
                .help("Monthly USD taken back by executed actions that were not rolled back, by action type and "
                        + "cluster (empty for cloud resources)")
                .labelNames("type", "cluster")
                .callback(cb -> {
                    Map<ActionType, Map<String, Double>> totals = ledger.realizedMonthlyUsd();
                    for (ActionType type : ActionType.values()) {
                        Map<String, Double> byCluster = totals.getOrDefault(type, Map.of());
                        if (byCluster.isEmpty()) {
                            cb.call(0.0, label(type), "");
                        }
                        byCluster.forEach((cluster, usd) -> cb.call(usd, label(type), cluster));
                    }
                })
                .register(registry);
    }

    /** The {@code type} label keeps its documented snake_case spelling (docs/metrics.md), not the wire name. */
    public static String label(ActionType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    public void action(ActionRequest request, String outcome) {
        actions.labelValues(label(request.type()), outcome, cluster(request)).inc();
    }

    public void failure(ActionRequest request, String stage) {
        failures.labelValues(label(request.type()), stage, cluster(request)).inc();
    }

    /** Counts the outcome an execution, rollback or withdrawal ended in; intents are not outcomes. */
    public void finished(ActionRecord record) {
        record.lastResult().ifPresent(result -> {
            ActionRequest request = record.request();
            switch (result.status()) {
                case EXECUTED -> action(request, "executed");
                case ABORTED -> action(request, "aborted");
                case WITHDRAWN -> action(request, "withdrawn");
                case PROPOSED_IN_GIT -> action(request, "proposed_in_git");
                case REJECTED -> action(request, "rejected");
                case REVERTED -> action(request, "reverted");
                case FAILED -> {
                    action(request, "failed");
                    failure(request, "execution");
                }
                case ROLLED_BACK -> action(request, "rolled_back");
                case ROLLBACK_FAILED -> {
                    action(request, "rollback_failed");
                    failure(request, "rollback");
                }
                default -> {
                    // intents are not outcomes
                }
            }
        });
    }

    /** The cluster of a Kubernetes target; cloud resources have none (their account and region are in the audit). */
    public static String cluster(ActionRequest request) {
        return request.cluster() == null ? "" : request.cluster();
    }

    public void interaction(String result) {
        interactions.labelValues(result).inc();
    }

    public void runStopped() {
        runsStopped.inc();
    }

    public void policyReload(String result) {
        policyReloads.labelValues(result).inc();
    }

    /** {@code reclaimer_actions_policy_set_valid}: 1 while the policy set in force is valid, 0 while every action is held. */
    public void policySetValid(java.util.function.BooleanSupplier valid) {
        GaugeWithCallback.builder().name("reclaimer_actions_policy_set_valid")
                .help("1 when the policy directory as last read is valid; 0 when it is invalid and every action is held")
                .callback(cb -> cb.call(valid.getAsBoolean() ? 1 : 0))
                .register(registry);
    }

    public void scheduleTransition(String state) {
        scheduleTransitions.labelValues(state).inc();
    }
}
