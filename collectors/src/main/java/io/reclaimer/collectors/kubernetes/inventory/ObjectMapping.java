package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.ServiceInfo;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Pure mappings from fabric8 objects to the inventory records; no client, no state. */
final class ObjectMapping {

    /** The annotation kubectl apply writes: a full copy of the object, noise for every consumer. */
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** The label EndpointSlices carry to name their Service. */
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final String EBS_CSI_DRIVER = "ebs.csi.aws.com";

    private ObjectMapping() {
    }

    public static NodeInfo node(String cluster, Node node, NodePricer pricer, Instant now) {
        Map<String, String> labels = labels(node.getMetadata());
        ResourceAmounts capacity = node.getStatus() == null ? ResourceAmounts.NONE
                : Quantities.amounts(node.getStatus().getCapacity());
        ResourceAmounts allocatable = node.getStatus() == null ? ResourceAmounts.NONE
                : Quantities.amounts(node.getStatus().getAllocatable());
        String instanceType = NodeLabels.instanceType(labels);
        String region = NodeLabels.region(labels);
        CapacityType capacityType = NodeLabels.capacityType(labels);
        NodePricer.NodePrice price = pricer.price(instanceType, region, NodeLabels.zone(labels), capacityType,
                capacity.cpuCores() == null ? 0 : capacity.cpuCores(),
                capacity.memoryBytes() == null ? 0 : capacity.memoryBytes(), capacity.gpus());
        return new NodeInfo(ObjectRef.clusterScoped(cluster, "Node", node.getMetadata().getName()), instanceType,
                region, NodeLabels.zone(labels), capacityType, NodeLabels.nodePool(labels), capacity, allocatable,
                price.hourlyUsd(), price.unitPrices(), price.source(), labels, now);
    }

    public static NamespaceInfo namespace(String cluster, Namespace namespace, Instant now) {
        ObjectMeta meta = namespace.getMetadata();
        return new NamespaceInfo(ObjectRef.clusterScoped(cluster, "Namespace", meta.getName()), labels(meta),
                annotations(meta), createdAt(meta, now), now, uid(meta));
    }

    public static PersistentVolumeClaimInfo pvc(String cluster, PersistentVolumeClaim pvc, List<String> mountedByPods,
                                                Instant now) {
        ObjectMeta meta = pvc.getMetadata();
        var spec = pvc.getSpec();
        Long requested = spec == null || spec.getResources() == null || spec.getResources().getRequests() == null ? null
                : Quantities.bytes(spec.getResources().getRequests().get("storage"));
        String phase = pvc.getStatus() == null || pvc.getStatus().getPhase() == null ? "Pending" : pvc.getStatus().getPhase();
        return new PersistentVolumeClaimInfo(ref(cluster, pvc), phase, spec == null ? "" : spec.getStorageClassName(),
                requested == null ? 0 : requested, spec == null ? "" : spec.getVolumeName(),
                mountedByPods.stream().sorted().toList(), labels(meta), annotations(meta), createdAt(meta, now), now,
                uid(meta));
    }

    public static PersistentVolumeInfo pv(String cluster, PersistentVolume pv, Instant now) {
        ObjectMeta meta = pv.getMetadata();
        PersistentVolumeSpec spec = pv.getSpec();
        Map<String, Quantity> capacity = spec == null ? null : spec.getCapacity();
        Long bytes = capacity == null ? null : Quantities.bytes(capacity.get("storage"));
        String phase = pv.getStatus() == null || pv.getStatus().getPhase() == null ? "Pending" : pv.getStatus().getPhase();
        String claimRef = spec == null || spec.getClaimRef() == null ? ""
                : spec.getClaimRef().getNamespace() + "/" + spec.getClaimRef().getName();
        return new PersistentVolumeInfo(ObjectRef.clusterScoped(cluster, "PersistentVolume", meta.getName()), phase,
                bytes == null ? 0 : bytes, spec == null ? "" : spec.getStorageClassName(),
                spec == null ? "" : spec.getPersistentVolumeReclaimPolicy(), claimRef, cloudVolumeId(spec),
                labels(meta), createdAt(meta, now), now, uid(meta), annotations(meta));
    }

    /**
     * The EBS volume behind a PV: the EBS CSI driver's volumeHandle ({@code vol-...}) or the in-tree
     * plugin's volumeID, which may be written {@code aws://us-east-1a/vol-...}.
     */
    static String cloudVolumeId(PersistentVolumeSpec spec) {
        if (spec == null) {
            return "";
        }
        if (spec.getCsi() != null && EBS_CSI_DRIVER.equals(spec.getCsi().getDriver())) {
            return nullToEmpty(spec.getCsi().getVolumeHandle());
        }
        if (spec.getAwsElasticBlockStore() != null && spec.getAwsElasticBlockStore().getVolumeID() != null) {
            String id = spec.getAwsElasticBlockStore().getVolumeID();
            return id.substring(id.lastIndexOf('/') + 1);
        }
        return "";
    }

    public static ServiceInfo service(String cluster, Service service, int readyEndpoints, Instant now) {
        ObjectMeta meta = service.getMetadata();
        String type = service.getSpec() == null || service.getSpec().getType() == null ? "ClusterIP"
                : service.getSpec().getType();
        return new ServiceInfo(ref(cluster, service), type, readyEndpoints, loadBalancerHostname(service),
                labels(meta), annotations(meta), createdAt(meta, now), now, uid(meta));
    }

    private static String loadBalancerHostname(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
            if (ingress.getHostname() != null) {
                return ingress.getHostname();
            }
            if (ingress.getIp() != null) {
                return ingress.getIp();
            }
        }
        return "";
    }

    /**
     * Ready endpoints per Service ({@code namespace/name}), summed over its EndpointSlices. An endpoint whose
     * {@code ready} condition is absent counts as ready, as the EndpointSlice API specifies.
     */
    public static Map<String, Integer> readyEndpoints(Collection<EndpointSlice> slices) {
        Map<String, Integer> ready = new HashMap<>();
        for (EndpointSlice slice : slices) {
            String service = labels(slice.getMetadata()).get(SERVICE_NAME_LABEL);
            if (service == null || slice.getEndpoints() == null) {
                continue;
            }
            int count = 0;
            for (Endpoint endpoint : slice.getEndpoints()) {
                if (endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady())) {
                    count++;
                }
            }
            ready.merge(slice.getMetadata().getNamespace() + "/" + service, count, Integer::sum);
        }
        return ready;
    }

    static ObjectRef ref(String cluster, HasMetadata object) {
        return new ObjectRef(cluster, object.getMetadata().getNamespace(), object.getKind() != null
                ? object.getKind() : object.getClass().getSimpleName(), object.getMetadata().getName());
    }

    static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    static Map<String, String> annotations(ObjectMeta meta) {
        if (meta == null || meta.getAnnotations() == null || meta.getAnnotations().isEmpty()) {
            return Map.of();
        }
        if (!meta.getAnnotations().containsKey(LAST_APPLIED)) {
            return meta.getAnnotations();
        }
        Map<String, String> copy = new HashMap<>(meta.getAnnotations());
        copy.remove(LAST_APPLIED);
        return copy;
    }

    /** The object's metadata.uid, which the API server gives each object at creation; "" when absent. */
    static String uid(ObjectMeta meta) {
        return meta == null || meta.getUid() == null ? "" : meta.getUid();
    }

    static Instant createdAt(ObjectMeta meta, Instant fallback) {
        return meta == null || meta.getCreationTimestamp() == null ? fallback : Instant.parse(meta.getCreationTimestamp());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
