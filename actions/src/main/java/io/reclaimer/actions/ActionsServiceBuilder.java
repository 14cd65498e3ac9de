package io.reclaimer.actions;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.aws.AwsClients;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.gitops.ChangeRequests;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** What the service is made of; everything but Kafka and the config has a safe default. */
public final class ActionsServiceBuilder {
    final KafkaClientSettings kafka;
    final Topics topics;
    final ActionsConfig config;
    PolicyGate gate = new io.reclaimer.actions.flow.DenyAllGate();
    KubernetesClusters clusters;
    AwsClients aws;
    List<ActionExecutor> executors;
    PrometheusRegistry registry = new PrometheusRegistry();
    Clock clock = Clock.systemUTC();
    Map<String, String> environment = Map.of();
    ExecutionProbe probe = ExecutionProbe.NONE;
    ChangeRequests changeRequests;

    ActionsServiceBuilder(KafkaClientSettings kafka, Topics topics, ActionsConfig config) {
        this.kafka = kafka;
        this.topics = topics;
        this.config = config;
    }

    public ActionsServiceBuilder gate(PolicyGate value) {
        this.gate = value;
        return this;
    }

    /** The clusters the Kubernetes executors (downsize, schedule, PVC/PV delete, marks) act on. */
    public ActionsServiceBuilder kubernetes(KubernetesClusters value) {
        this.clusters = value;
        return this;
    }

    /** The AWS clients of the AWS executors (volume delete, EIP release, LB delete, marks). */
    public ActionsServiceBuilder aws(AwsClients value) {
        this.aws = value;
        return this;
    }

    /** Replaces the executors built from {@link #kubernetes} and {@link #aws} (tests). */
    public ActionsServiceBuilder executors(List<ActionExecutor> value) {
        this.executors = List.copyOf(value);
        return this;
    }

    public ActionsServiceBuilder registry(PrometheusRegistry value) {
        this.registry = value;
        return this;
    }

    public ActionsServiceBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** Where {@code SLACK_BOT_TOKEN} and {@code SLACK_SIGNING_SECRET} are read from (the process environment). */
    public ActionsServiceBuilder environment(Map<String, String> value) {
        this.environment = Map.copyOf(value);
        return this;
    }

    /** Where downsizes of GitOps-managed workloads go instead of the cluster (docs/gitops.md); none by default. */
    public ActionsServiceBuilder changeRequests(ChangeRequests value) {
        this.changeRequests = value;
        return this;
    }

    public ActionsServiceBuilder probe(ExecutionProbe value) {
        this.probe = value;
        return this;
    }

    public ActionsService start() {
        return new ActionsService(this);
    }
}
