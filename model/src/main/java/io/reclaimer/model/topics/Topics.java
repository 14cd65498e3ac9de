package io.reclaimer.model.topics;

import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.audit.AuditEvent;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.deadletter.DeadLetter;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec.Cleanup;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.GpuUsageSample;
import io.reclaimer.model.usage.UsageSample;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalog: every topic Reclaimer reads or writes, in one place. Names are
 * {@code <namespace>.<topic>} with namespace {@value #DEFAULT_NAMESPACE} by default, so several
 * installations (or integration tests sharing one broker) can live on one Kafka cluster. Keys are always
 * strings holding a stable identity (see the key methods of ContainerRef, ObjectRef, CloudResourceRef,
 * BillingLine and Finding). Partition counts are the defaults for a fleet of ~1,000 clusters; more
 * partitions let more Streams instances share the work.
 */
public final class Topics {

    public static final String DEFAULT_NAMESPACE = "reclaimer";
    /** The Kafka client config key under which the namespace travels to handlers created by Kafka. */
    public static final String NAMESPACE_CONFIG = "reclaimer.topics.namespace";
    /** Usage samples, container events, workload specs and recommendations are joined on the container key. */
    public static final String CONTAINER_GROUP = "container";
    public static final int CONTAINER_PARTITIONS = 12;

    private static final Pattern VALID_NAMESPACE = Pattern.compile("[a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*");
    private static final Serde<String> KEYS = Serdes.String();
    private static final Topics DEFAULT = new Topics(DEFAULT_NAMESPACE);

    private final String namespace;
    private final TopicSpec<String, UsageSample> usageSamples;
    private final TopicSpec<String, ContainerEvent> containerEvents;
    private final TopicSpec<String, GpuUsageSample> gpuUsage;
    private final TopicSpec<String, WorkloadContainerSpec> workloads;
    private final TopicSpec<String, KubernetesObject> kubernetesInventory;
    private final TopicSpec<String, CloudResource> cloudInventory;
    private final TopicSpec<String, BillingLine> billingLines;
    private final TopicSpec<String, PriceRecord> prices;
    private final TopicSpec<String, Recommendation> recommendations;
    private final TopicSpec<String, Finding> findings;
    private final TopicSpec<String, CostAllocation> costAllocations;
    private final TopicSpec<String, CostReconciliation> costReconciliations;
    private final TopicSpec<String, ActionRequest> actionRequests;
    private final TopicSpec<String, ActionDecision> actionDecisions;
    private final TopicSpec<String, ActionResult> actionResults;
    private final TopicSpec<String, AuditEvent> audit;
    private final TopicSpec<String, DeadLetter> deadLetters;
    private final List<TopicSpec<?, ?>> all;

    private Topics(String namespace) {
        if (!VALID_NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("invalid topic namespace '" + namespace
                    + "': use letters, digits, '-', '_' and '.' separators");
        }
        this.namespace = namespace;
        usageSamples = new TopicSpec<>(name("usage.samples"), KEYS, JsonSerde.of(UsageSample.class),
                CONTAINER_PARTITIONS, Cleanup.DELETE, Duration.ofDays(3), CONTAINER_GROUP,
                "CPU and memory working set per pod container, from metrics-server, Prometheus or the simulator");
        containerEvents = new TopicSpec<>(name("k8s.container-events"), KEYS, JsonSerde.of(ContainerEvent.class),
                CONTAINER_PARTITIONS, Cleanup.DELETE, Duration.ofDays(14), CONTAINER_GROUP,
                "OOM kills and restarts per pod container");
        gpuUsage = new TopicSpec<>(name("usage.gpu"), KEYS, JsonSerde.of(GpuUsageSample.class), CONTAINER_PARTITIONS,
                Cleanup.DELETE, Duration.ofDays(14), CONTAINER_GROUP,
                "GPU utilisation per pod container from DCGM (through Prometheus), keyed by container key");
        workloads = new TopicSpec<>(name("k8s.workloads"), KEYS, JsonSerde.of(WorkloadContainerSpec.class),
                CONTAINER_PARTITIONS, Cleanup.COMPACT, null, CONTAINER_GROUP,
                "Requests, limits, replicas, HPA and unit prices per workload container; tombstone on delete");
        kubernetesInventory = new TopicSpec<>(name("k8s.inventory"), KEYS, JsonSerde.of(KubernetesObject.class), 6,
                Cleanup.COMPACT, null, "", "Nodes (priced), namespaces, PVCs, PVs and services; tombstone on delete");
        cloudInventory = new TopicSpec<>(name("cloud.inventory"), KEYS, JsonSerde.of(CloudResource.class), 6,
                Cleanup.COMPACT, null, "",
                "EBS volumes, Elastic IPs, snapshots, instances and load balancers; tombstone when gone");
        billingLines = new TopicSpec<>(name("billing.lines"), KEYS, JsonSerde.of(BillingLine.class), 3,
                Cleanup.COMPACT, null, "", "Daily Cost Explorer lines by service and by cost-allocation tag; latest reading wins");
        prices = new TopicSpec<>(name("pricing.prices"), KEYS, JsonSerde.of(PriceRecord.class), 3, Cleanup.COMPACT, null,
                "", "AWS Price List prices (EC2 instance types, EBS, load balancers, public IPv4), current spot prices and "
                + "each account's effective discount, keyed by PriceRecord.key(); refreshed daily, latest price wins");
        recommendations = new TopicSpec<>(name("rightsizing.recommendations"), KEYS, JsonSerde.of(Recommendation.class),
                CONTAINER_PARTITIONS, Cleanup.COMPACT, null, CONTAINER_GROUP,
                "Rightsizing recommendations, emitted only when they change materially");
        findings = new TopicSpec<>(name("findings"), KEYS, JsonSerde.of(Finding.class), 6, Cleanup.COMPACT, null, "",
                "Priced waste findings keyed by finding id; tombstone when resolved");
        costAllocations = new TopicSpec<>(name("costs.allocation"), KEYS, JsonSerde.of(CostAllocation.class), 6,
                Cleanup.COMPACT, null, "", "OpenCost-style cost per cluster, namespace, workload and team over the latest "
                + "complete hours, keyed by CostAllocation.key(); tombstone when it leaves the window");
        costReconciliations = new TopicSpec<>(name("costs.reconciliation"), KEYS, JsonSerde.of(CostReconciliation.class),
                3, Cleanup.COMPACT, null, "", "Daily estimate vs Cost Explorer invoice per cluster, keyed cluster/date");
        actionRequests = new TopicSpec<>(name("actions.requests"), KEYS, JsonSerde.of(ActionRequest.class), 3,
                Cleanup.DELETE, Duration.ofDays(90), "", "Proposed actions with their policy verdict, keyed by action id");
        actionDecisions = new TopicSpec<>(name("actions.decisions"), KEYS, JsonSerde.of(ActionDecision.class), 3,
                Cleanup.DELETE, Duration.ofDays(90), "", "Approvals, rejections, snoozes and expiries, keyed by action id");
        actionResults = new TopicSpec<>(name("actions.results"), KEYS, JsonSerde.of(ActionResult.class), 3,
                Cleanup.DELETE, Duration.ofDays(90), "", "Execution intents and outcomes, keyed by action id");
        audit = new TopicSpec<>(name("audit"), KEYS, JsonSerde.of(AuditEvent.class), 3, Cleanup.DELETE,
                Duration.ofDays(400), "", "Append-only audit log of every decision and change");
        deadLetters = new TopicSpec<>(name("dead-letters"), KEYS, JsonSerde.of(DeadLetter.class), 3, Cleanup.DELETE,
                Duration.ofDays(30), "", "Records that failed to deserialize or validate, with the reason and source offset");
        all = List.of(usageSamples, containerEvents, gpuUsage, workloads, kubernetesInventory, cloudInventory, billingLines, prices,
                recommendations, findings, costAllocations, costReconciliations, actionRequests, actionDecisions, actionResults,
                audit, deadLetters);
    }

    /** The catalog of the default installation. */
    public static Topics defaults() {
        return DEFAULT;
    }

    public static Topics namespace(String namespace) {
        return DEFAULT_NAMESPACE.equals(namespace) ? DEFAULT : new Topics(namespace);
    }

    private String name(String topic) {
        return namespace + '.' + topic;
    }

    public String namespace() {
        return namespace;
    }

    public TopicSpec<String, UsageSample> usageSamples() {
        return usageSamples;
    }

    public TopicSpec<String, ContainerEvent> containerEvents() {
        return containerEvents;
    }

    public TopicSpec<String, GpuUsageSample> gpuUsage() {
        return gpuUsage;
    }

    public TopicSpec<String, WorkloadContainerSpec> workloads() {
        return workloads;
    }

    public TopicSpec<String, KubernetesObject> kubernetesInventory() {
        return kubernetesInventory;
    }

    public TopicSpec<String, CloudResource> cloudInventory() {
        return cloudInventory;
    }

    public TopicSpec<String, BillingLine> billingLines() {
        return billingLines;
    }

    public TopicSpec<String, PriceRecord> prices() {
        return prices;
    }

    public TopicSpec<String, Recommendation> recommendations() {
        return recommendations;
    }

    public TopicSpec<String, Finding> findings() {
        return findings;
    }

    public TopicSpec<String, CostAllocation> costAllocations() {
        return costAllocations;
    }

    public TopicSpec<String, CostReconciliation> costReconciliations() {
        return costReconciliations;
    }

    public TopicSpec<String, ActionRequest> actionRequests() {
        return actionRequests;
    }

    public TopicSpec<String, ActionDecision> actionDecisions() {
        return actionDecisions;
    }

    public TopicSpec<String, ActionResult> actionResults() {
        return actionResults;
    }

    public TopicSpec<String, AuditEvent> audit() {
        return audit;
    }

    public TopicSpec<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    public List<TopicSpec<?, ?>> all() {
        return all;
    }

    /**
     * The private state topic of one collector agent: a compacted copy of the keys (and values) the agent itself
     * published on the compacted topics, under {@code <topic name>|<key>}, so that at start-up it learns its own
     * prior state without reading the whole fleet's topics (and so needs no read access to them). One partition:
     * it holds one agent's clusters or accounts. Not part of {@link #all()}: the agent creates its own.
     */
    public TopicSpec<String, byte[]> agentState(String agentId) {
        if (agentId == null || !agentId.matches("[a-zA-Z0-9_-]+")) {
            throw new IllegalArgumentException("invalid agent id '" + agentId + "': use letters, digits, '-' and '_'");
        }
        return new TopicSpec<>(agentStatePrefix() + agentId, KEYS, Serdes.ByteArray(), 1, Cleanup.COMPACT, null, "",
                "What collector agent " + agentId + " published on the compacted topics, for its own restarts");
    }

    /** The prefix of every agent's state topic name. */
    public String agentStatePrefix() {
        return name("agent-state.");
    }
}
