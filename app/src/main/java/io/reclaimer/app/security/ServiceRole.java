package io.reclaimer.app.security;

import static org.apache.kafka.common.acl.AclOperation.ALL;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;

import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The three service identities of a deployment and exactly the Kafka ACLs each needs: the one place that says who
 * may read and write what (docs/security.md prints the same table). Operations not listed are denied under
 * {@code allow.everyone.if.no.acl.found=false} (READ and WRITE imply DESCRIBE); in particular no service has any cluster-level right, none may
 * create the catalog's topics (an admin runs {@code reclaimer topics --create}), a collector agent reads only its
 * own state topic, and only the actions service may write the action and audit topics.
 */
public enum ServiceRole {

    /** A collector agent (Kubernetes, AWS or simulated): writes observations, keeps its own state topic. */
    COLLECTOR,
    /** The analysis (Kafka Streams): reads observations, writes recommendations, findings and costs. */
    ANALYSIS,
    /** The actions service (and {@code reclaimer rollback}, {@code reclaimer report}): the only writer of actions. */
    ACTIONS;

    /**
     * The identifiers a role's ACLs are bound to.
     *
     * @param agentId         a collector agent's id ({@code kafka.agentId}): its state topic
     * @param applicationId   the analysis' {@code analysis.applicationId}: consumer group, transactional ids and
     *                        internal topics, all prefixed with it
     * @param transactionalId the actions service's {@code actions.transactionalId}: its journal and its rollbacks'
     *                        ({@code <id>-rollback}), as a prefix
     */
    public record Ids(String agentId, String applicationId, String transactionalId) {
    }

    public static ServiceRole parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + name + "': use collector, analysis or actions", e);
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Topics of the catalog the role reads. */
    public List<TopicSpec<?, ?>> reads(Topics t) {
        return switch (this) {
            // the Kubernetes collector prices nodes from what the AWS collector published (by assignment, no group)
            case COLLECTOR -> List.of(t.prices());
            case ANALYSIS -> List.of(t.usageSamples(), t.containerEvents(), t.gpuUsage(), t.workloads(),
                    t.kubernetesInventory(), t.cloudInventory(), t.billingLines(), t.prices(), t.recommendations(),
                    t.findings(), t.costAllocations(), t.costReconciliations(),
                    // executed actions, for the savings verified against the bill (docs/waste.md)
                    t.actionRequests(), t.actionResults());
            // findings and recommendations to act on; the rest for the weekly report and the ledger
            case ACTIONS -> List.of(t.findings(), t.recommendations(), t.kubernetesInventory(), t.actionRequests(),
                    t.actionDecisions(), t.actionResults(), t.audit());
        };
    }

    /** Topics of the catalog the role writes. */
    public List<TopicSpec<?, ?>> writes(Topics t) {
        return switch (this) {
            case COLLECTOR -> List.of(t.usageSamples(), t.containerEvents(), t.gpuUsage(), t.workloads(),
                    t.kubernetesInventory(), t.cloudInventory(), t.billingLines(), t.prices());
            case ANALYSIS -> List.of(t.recommendations(), t.findings(), t.costAllocations(), t.costReconciliations(),
                    t.deadLetters());
            case ACTIONS -> List.of(t.actionRequests(), t.actionDecisions(), t.actionResults(), t.audit(),
                    t.deadLetters());
        };
    }

    /** Every catalog topic the role touches: those must exist before it starts. */
    public List<TopicSpec<?, ?>> topics(Topics t) {
        Set<TopicSpec<?, ?>> all = new LinkedHashSet<>(reads(t));
        all.addAll(writes(t));
        return List.copyOf(all);
    }

    /** Exactly the ACLs of this role for {@code principal} (e.g. {@code User:collector-eu1}). */
    public List<AclBinding> acls(String principal, Topics t, Ids ids) {
        if (principal == null || !principal.contains(":")) {
            throw new IllegalArgumentException("a principal is TYPE:NAME, e.g. User:reclaimer-collector, was '"
                    + principal + "'");
        }
        List<AclBinding> acls = new ArrayList<>();
        for (TopicSpec<?, ?> topic : reads(t)) {
            acls.add(allow(principal, ResourceType.TOPIC, topic.name(), PatternType.LITERAL, READ));
        }
        for (TopicSpec<?, ?> topic : writes(t)) {
            acls.add(allow(principal, ResourceType.TOPIC, topic.name(), PatternType.LITERAL, WRITE));
        }
        switch (this) {
            case COLLECTOR -> {
                String state = t.agentState(required(ids.agentId(), "agent id (--agent-id)")).name();
                for (AclOperation op : List.of(CREATE, READ, WRITE)) {
                    acls.add(allow(principal, ResourceType.TOPIC, state, PatternType.LITERAL, op));
                }
            }
            case ANALYSIS -> {
                String app = required(ids.applicationId(), "application id");
                // its changelog and repartition topics: created, written, read, purged and described by Streams
                acls.add(allow(principal, ResourceType.TOPIC, app, PatternType.PREFIXED, ALL));
                acls.add(allow(principal, ResourceType.GROUP, app, PatternType.PREFIXED, READ));
                acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, app, PatternType.PREFIXED, WRITE));
            }
            case ACTIONS -> {
                String id = required(ids.transactionalId(), "transactional id");
                acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, id, PatternType.PREFIXED, WRITE));
            }
            default -> throw new IllegalStateException("unhandled role " + this);
        }
        return acls;
    }

    private static String required(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is required for these ACLs");
        }
        return value;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
