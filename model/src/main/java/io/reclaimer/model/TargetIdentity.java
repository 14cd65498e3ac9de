package io.reclaimer.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Exactly which object a finding priced, and so the only object an action on it may change: more than the
 * key, which names a place that can be emptied and filled again (a load balancer deleted and re-created
 * under the same name, a claim re-created in the same namespace, an account the service's own credentials
 * do not belong to). Findings carry it from the collectors' records; action requests carry it to the
 * executors, which compare it with what they find right before acting and change nothing when it differs.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "platform")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TargetIdentity.Aws.class, name = "aws"),
    @JsonSubTypes.Type(value = TargetIdentity.Kubernetes.class, name = "kubernetes"),
})
public sealed interface TargetIdentity permits TargetIdentity.Aws, TargetIdentity.Kubernetes {

    /** Why {@code observed} is not this object, or empty when it is (as far as this identity can tell). */
    Optional<String> mismatch(TargetIdentity observed);

    /** Whether the identity pins one object, not just a name (an id no re-creation can reproduce). */
    boolean unique();

    /**
     * An AWS resource: its account and region, the kind of resource ({@code EbsVolume}, {@code ElasticIp},
     * {@code LoadBalancer}, {@code EbsSnapshot}, {@code Ec2Instance}, as in findings), its id in the resource
     * key, and the id AWS never gives to another resource: the volume, allocation, snapshot or instance id,
     * an ALB/NLB/GWLB's ARN (whose last part is generated at creation), a classic ELB's DNS name (likewise).
     * {@code uniqueId} is empty when it is not known (an action requested before identities were recorded).
     */
    record Aws(String account, String region, String kind, String resourceId, String uniqueId) implements TargetIdentity {

        public static final String EBS_VOLUME = "EbsVolume";
        public static final String ELASTIC_IP = "ElasticIp";
        public static final String LOAD_BALANCER = "LoadBalancer";
        public static final String EBS_SNAPSHOT = "EbsSnapshot";
        public static final String EC2_INSTANCE = "Ec2Instance";

        public Aws {
            Require.segment(account, "identity.account");
            Require.segment(region, "identity.region");
            Require.text(kind, "identity.kind");
            Require.text(resourceId, "identity.resourceId");
            uniqueId = uniqueId == null ? "" : uniqueId;
        }

        /** A resource whose id in the key is already unique (volumes, addresses, snapshots, instances). */
        public static Aws of(CloudResourceRef ref, String kind) {
            return new Aws(ref.account(), ref.region(), kind, ref.resourceId(), ref.resourceId());
        }

        /** A load balancer: its ARN (ELBv2), or its DNS name for a classic ELB, which has no ARN to list. */
        public static Aws loadBalancer(CloudResourceRef ref, String arn, String dnsName) {
            String unique = arn != null && !arn.isBlank() ? arn : dnsName == null ? "" : dnsName.toLowerCase(java.util.Locale.ROOT);
            return new Aws(ref.account(), ref.region(), LOAD_BALANCER, ref.resourceId(), unique);
        }

        public CloudResourceRef ref() {
            return CloudResourceRef.aws(account, region, resourceId);
        }

        @Override
        public boolean unique() {
            return !uniqueId.isEmpty();
        }

        @Override
        public Optional<String> mismatch(TargetIdentity observed) {
            if (!(observed instanceof Aws other)) {
                return Optional.of("found " + observed + " where " + this + " was priced");
            }
            List<String> differences = new ArrayList<>();
            differ(differences, "account", account, other.account);
            differ(differences, "region", region, other.region);
            differ(differences, "kind", kind, other.kind);
            differ(differences, "id", resourceId, other.resourceId);
            if (!uniqueId.isEmpty() && !uniqueId.equalsIgnoreCase(other.uniqueId)) {
                differences.add("it is " + (other.uniqueId.isEmpty() ? "of unknown identity" : other.uniqueId)
                        + ", the finding priced " + uniqueId + " (another resource under the same name)");
            }
            return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
        }

        @Override
        public String toString() {
            return kind + " " + ref().key() + (uniqueId.isEmpty() || uniqueId.equals(resourceId) ? "" : " (" + uniqueId + ")");
        }
    }

    /**
     * A Kubernetes object: cluster, namespace ({@code ""} when cluster-scoped), kind, name, and its
     * {@code metadata.uid}, which the API server assigns at creation: an object deleted and created again
     * under the same name has another. {@code uid} is empty when the collector that saw it did not report one.
     */
    record Kubernetes(String cluster, String namespace, String kind, String name, String uid) implements TargetIdentity {

        public Kubernetes {
            Require.segment(cluster, "identity.cluster");
            namespace = namespace == null ? "" : namespace;
            Require.segment(kind, "identity.kind");
            Require.segment(name, "identity.name");
            uid = uid == null ? "" : uid;
        }

        public static Kubernetes of(ObjectRef ref, String uid) {
            return new Kubernetes(ref.cluster(), ref.namespace(), ref.kind(), ref.name(), uid);
        }

        public static Kubernetes of(WorkloadRef workload, String uid) {
            return new Kubernetes(workload.cluster(), workload.namespace(), workload.kind(), workload.name(), uid);
        }

        @Override
        public boolean unique() {
            return !uid.isEmpty();
        }

        @Override
        public Optional<String> mismatch(TargetIdentity observed) {
            if (!(observed instanceof Kubernetes other)) {
                return Optional.of("found " + observed + " where " + this + " was priced");
            }
            List<String> differences = new ArrayList<>();
            differ(differences, "cluster", cluster, other.cluster);
            differ(differences, "namespace", namespace, other.namespace);
            differ(differences, "kind", kind, other.kind);
            differ(differences, "name", name, other.name);
            if (!uid.isEmpty() && !uid.equals(other.uid)) {
                differences.add(kind + " " + name + " has uid " + (other.uid.isEmpty() ? "(none)" : other.uid)
                        + ", the finding priced uid " + uid + " (deleted and created again since)");
            }
            return differences.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", differences));
        }

        @Override
        public String toString() {
            return kind + " " + cluster + "/" + namespace + "/" + name + (uid.isEmpty() ? "" : " (uid " + uid + ")");
        }
    }

    private static void differ(List<String> differences, String field, String expected, String actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(field + " is " + actual + ", the finding priced " + expected);
        }
    }
}
