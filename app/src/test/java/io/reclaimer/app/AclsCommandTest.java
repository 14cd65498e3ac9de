package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code reclaimer acls} prints exactly the documented ACLs of a role as kafka-acls commands. */
class AclsCommandTest {

    @Test
    void aCollectorMayWriteObservationsAndUseItsOwnStateTopicNothingElse() {
        CliTest.Result result = CliTest.run("acls", "--principal", "User:collector-eu1", "--role", "collector",
                "--agent-id", "eu1", "--kafka-bootstrap", "kafka:9092");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains(
                "kafka-acls.sh --bootstrap-server kafka:9092 --command-config admin.properties --add --allow-principal "
                        + "User:collector-eu1 --operation Write --topic reclaimer.usage.samples",
                "--operation Write --topic reclaimer.k8s.workloads",
                "--operation Write --topic reclaimer.billing.lines",
                "--operation Write --topic reclaimer.usage.gpu",
                // the AWS collector publishes prices, the Kubernetes collector prices its nodes from them
                "--operation Write --topic reclaimer.pricing.prices",
                "--operation Read --topic reclaimer.pricing.prices",
                "--operation Create --topic reclaimer.agent-state.eu1",
                "--operation Read --topic reclaimer.agent-state.eu1")
                .doesNotContain("--operation Read --topic reclaimer.k8s.workloads", "actions.requests", "--cluster",
                        "--group");
        assertThat(result.out().lines().filter(l -> l.startsWith("kafka-acls.sh"))).hasSize(12);
    }

    @Test
    void theActionsServiceAloneWritesTheActionTopicsUnderItsTransactionalIdPrefix() {
        CliTest.Result result = CliTest.run("acls", "--principal", "User:actions", "--role", "actions");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("--operation Write --topic reclaimer.actions.requests",
                "--operation Write --topic reclaimer.audit", "--operation Read --topic reclaimer.findings",
                "--operation Write --transactional-id reclaimer-actions --resource-pattern-type prefixed");
    }

    @Test
    void theAnalysisOwnsItsInternalTopicsGroupAndTransactionalIdsByPrefix() {
        CliTest.Result result = CliTest.run("acls", "--principal", "User:analysis", "--role", "analysis");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("--operation All --topic reclaimer-analysis --resource-pattern-type prefixed",
                "--operation Read --group reclaimer-analysis --resource-pattern-type prefixed",
                "--operation Write --transactional-id reclaimer-analysis --resource-pattern-type prefixed",
                // executed actions, for the savings verified against the bill: read, never written
                "--operation Read --topic reclaimer.actions.requests", "--operation Read --topic reclaimer.actions.results")
                .doesNotContain("--operation Write --topic reclaimer.actions.requests",
                        "--operation Write --topic reclaimer.actions.results", "reclaimer.actions.decisions",
                        "reclaimer.audit");
    }

    @Test
    void aCollectorRoleWithoutAnAgentIdIsAnError() {
        CliTest.Result result = CliTest.run("acls", "--principal", "User:c", "--role", "collector");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("agent id (--agent-id)");
    }
}
