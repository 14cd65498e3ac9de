package io.reclaimer.streams.orphans;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.findings.Evidence;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.waste.WastePrices;
import io.reclaimer.streams.waste.WastePrices.Price;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a cloud resource or a Kubernetes storage/network object is orphaned, and what it costs. Pure: each
 * rule takes the resource (null when deleted) and the facts joined to it and returns an assessment. The
 * age threshold is applied later, by the finding tracker, in event time.
 *
 * <p>One piece of waste is reported once: an EBS volume behind a Kubernetes PV is explained by the PV
 * ({@code released-pv}, {@code unused-pvc}), not also as {@code unattached-volume}; a load balancer behind
 * a Kubernetes Service by the Service ({@code service-without-endpoints}), not also as
 * {@code idle-load-balancer}.
 */
final class OrphanRules {

    /** What EC2 reports as the source of snapshots copied from another region or account. */
    static final String UNKNOWN_SOURCE_VOLUME = "vol-ffffffff";

    private final WastePrices prices;
    private final Duration rollbackWindow;

    public OrphanRules(WastePrices prices, Duration rollbackWindow) {
        this.prices = prices;
        this.rollbackWindow = rollbackWindow;
    }

    // ------------------------------------------------------------------ cloud

    public Assessment volume(String key, EbsVolume volume, boolean backedByPv) {
        if (volume == null) {
            return Assessment.gone(FindingKind.UNATTACHED_VOLUME, key);
        }
        if (backedByPv) {
            return Assessment.explainedElsewhere(FindingKind.UNATTACHED_VOLUME, key);
        }
        if (!volume.isAvailable()) {
            return Assessment.clean(FindingKind.UNATTACHED_VOLUME, key, volume.observedAt());
        }
        Price price = prices.in(volume.ref().region()).volume(volume.volumeType(), volume.sizeGib(), volume.iops(),
                volume.throughputMibps());
        Map<String, String> evidence = evidence("state", volume.state(), "sizeGib", volume.sizeGib(),
                "volumeType", volume.volumeType(), "iops", volume.iops(), "throughputMibps", volume.throughputMibps(),
                "createdAt", volume.createdAt(), "fromSnapshot", volume.snapshotId(), "price", price.basis());
        return Assessment.waste(cloudFinding(FindingKind.UNATTACHED_VOLUME, volume.ref(), "EbsVolume", volume.tags(),
                price, evidence, volume.observedAt(), TargetIdentity.Aws.of(volume.ref(), TargetIdentity.Aws.EBS_VOLUME)),
                volume.createdAt());
    }

    public Assessment address(String key, ElasticIp address) {
        if (address == null) {
            return Assessment.gone(FindingKind.UNASSOCIATED_ADDRESS, key);
        }
        if (address.isAssociated()) {
            return Assessment.clean(FindingKind.UNASSOCIATED_ADDRESS, key, address.observedAt());
        }
        Price price = prices.in(address.ref().region()).publicIpv4();
        Map<String, String> evidence = evidence(Evidence.PUBLIC_IP, address.publicIp(), "allocationId", address.allocationId(),
                "associated", "false", "price", price.basis());
        // EC2 keeps no disassociation time: the waste is dated from the first observation
        TargetIdentity identity = new TargetIdentity.Aws(address.ref().account(), address.ref().region(),
                TargetIdentity.Aws.ELASTIC_IP, address.ref().resourceId(), address.allocationId());
        return Assessment.waste(cloudFinding(FindingKind.UNASSOCIATED_ADDRESS, address.ref(), "ElasticIp", address.tags(),
                price, evidence, address.observedAt(), identity), null);
    }

    public Assessment loadBalancer(String key, LoadBalancer lb, boolean backsService) {
        if (lb == null) {
            return Assessment.gone(FindingKind.IDLE_LOAD_BALANCER, key);
        }
        if (backsService) {
            return Assessment.explainedElsewhere(FindingKind.IDLE_LOAD_BALANCER, key);
        }
        if (!lb.isIdle()) {
            return Assessment.clean(FindingKind.IDLE_LOAD_BALANCER, key, lb.observedAt());
        }
        Price price = prices.in(lb.ref().region()).loadBalancer(lb.type());
        Map<String, String> evidence = evidence(Evidence.LOAD_BALANCER_TYPE, lb.type(), Evidence.LOAD_BALANCER_NAME, lb.name(), "dnsName", lb.dnsName(),
                "targetGroups", lb.targetGroups().size(), "registeredTargets", lb.registeredTargets(),
                "healthyTargets", lb.healthyTargets(), "createdAt", lb.createdAt(), "price", price.basis());
        return Assessment.waste(cloudFinding(FindingKind.IDLE_LOAD_BALANCER, lb.ref(), "LoadBalancer", lb.tags(), price,
                evidence, lb.observedAt(), TargetIdentity.Aws.loadBalancer(lb.ref(), lb.arn(), lb.dnsName())),
                lb.createdAt());
    }

    /**
     * A completed snapshot whose source volume no longer exists. Kept out:
     * <ul>
     *   <li>snapshots of unknown origin (copies);</li>
     *   <li>snapshots behind one of the account's registered AMIs: the AMI, not the volume, uses them (as Cloud
     *       Custodian's {@code skip-ami-snapshots}); when it is not known which AMIs exist (a record from before the
     *       collector listed images, a listing whose DescribeImages failed), no snapshot is taken for an orphan;</li>
     *   <li>Reclaimer's own pre-delete snapshots (tag {@code reclaimer:action-id}) within the rollback window:
     *       their volume is gone by design and a rollback needs them. After the window they are aged from
     *       their start like any other.</li>
     * </ul>
     */
    public Assessment snapshot(String key, EbsSnapshot snapshot, boolean sourceExists) {
        if (snapshot == null) {
            return Assessment.gone(FindingKind.ORPHANED_SNAPSHOT, key);
        }
        if (!"completed".equals(snapshot.state()) || sourceExists || sourceVolumeId(snapshot) == null
                || usedByAnImage(snapshot) || withinRollbackWindow(snapshot)) {
            return Assessment.clean(FindingKind.ORPHANED_SNAPSHOT, key, snapshot.observedAt());
        }
        Price price = prices.snapshot(snapshot.sizeGib(), snapshot.storageTier());
        Map<String, String> evidence = evidence("sourceVolumeId", snapshot.sourceVolumeId(), "sourceVolumeExists", "false",
                "sizeGib", snapshot.sizeGib(), "storageTier", snapshot.storageTier(), "startedAt", snapshot.startedAt(),
                "description", snapshot.description(), "price", price.basis());
        // the age that matters is the snapshot's own
        return Assessment.wasteSince(cloudFinding(FindingKind.ORPHANED_SNAPSHOT, snapshot.ref(), "EbsSnapshot",
                snapshot.tags(), price, evidence, snapshot.observedAt(),
                TargetIdentity.Aws.of(snapshot.ref(), TargetIdentity.Aws.EBS_SNAPSHOT)), snapshot.startedAt());
    }

    /** Whether an AMI uses it, or may: unknown counts as used (a description is no proof either way). */
    private static boolean usedByAnImage(EbsSnapshot snapshot) {
        return !snapshot.imagesKnown() || snapshot.backsAnImage();
    }

    private boolean withinRollbackWindow(EbsSnapshot snapshot) {
        return snapshot.tags().containsKey(ReclaimerLabels.ACTION_ID_TAG)
                && snapshot.observedAt().isBefore(snapshot.startedAt().plus(rollbackWindow));
    }

    /** The volume id a snapshot was taken from, or null when EC2 does not know it. */
    static String sourceVolumeId(EbsSnapshot snapshot) {
        String id = snapshot.sourceVolumeId();
        return id.isEmpty() || UNKNOWN_SOURCE_VOLUME.equals(id) ? null : id;
    }

    /** A stopped instance still pays for its volumes; the finding is the instance, priced by them. */
    public Assessment stoppedInstance(String key, Ec2Instance instance, Map<String, EbsVolume> attached) {
        if (instance == null) {
            return Assessment.gone(FindingKind.STOPPED_INSTANCE_VOLUMES, key);
        }
        if (!instance.isStopped() || attached.isEmpty()) {
            return Assessment.clean(FindingKind.STOPPED_INSTANCE_VOLUMES, key, instance.observedAt());
        }
        Price total = null;
        List<String> volumes = new ArrayList<>();
        for (EbsVolume v : attached.values()) {
            Price p = prices.in(v.ref().region()).volume(v.volumeType(), v.sizeGib(), v.iops(), v.throughputMibps());
            total = total == null ? p : total.plus(p);
            volumes.add(v.ref().resourceId() + ":" + v.sizeGib() + ":" + v.volumeType());
        }
        List<String> unknown = instance.volumeIds().stream().filter(id -> !attached.containsKey(id)).toList();
        Map<String, String> evidence = evidence("state", instance.state(), "instanceType", instance.instanceType(),
                "stoppedAt", instance.stateChangedAt(), "volumes", String.join(",", volumes),
                "unpricedVolumes", unknown.isEmpty() ? null : String.join(",", unknown), "price", total.basis());
        Finding draft = cloudFinding(FindingKind.STOPPED_INSTANCE_VOLUMES, instance.ref(), "Ec2Instance", instance.tags(),
                total, evidence, instance.observedAt(), TargetIdentity.Aws.of(instance.ref(), TargetIdentity.Aws.EC2_INSTANCE));
        return instance.stateChangedAt() != null ? Assessment.wasteSince(draft, instance.stateChangedAt())
                : Assessment.waste(draft, null);
    }

    // ------------------------------------------------------------------ kubernetes

    public Assessment releasedPv(String key, PersistentVolumeInfo pv, EbsVolume volume) {
        if (pv == null) {
            return Assessment.gone(FindingKind.RELEASED_PV, key);
        }
        if (!"Released".equals(pv.phase())) {
            return Assessment.clean(FindingKind.RELEASED_PV, key, pv.observedAt());
        }
        Price price = volume != null ? prices.in(volume.ref().region()).volume(volume.volumeType(), volume.sizeGib(), volume.iops(),
                volume.throughputMibps()) : prices.kubernetesVolume(pv.storageClass(), pv.capacityBytes());
        Map<String, String> evidence = evidence("phase", pv.phase(), "claimRef", pv.claimRef(), "reclaimPolicy",
                pv.reclaimPolicy(), "storageClass", pv.storageClass(), "capacityBytes", pv.capacityBytes(),
                "cloudVolumeId", pv.cloudVolumeId(), "cloudVolumeState", volume == null ? null : volume.state(),
                "createdAt", pv.createdAt(), "price", price.basis());
        return Assessment.waste(kubernetesFinding(FindingKind.RELEASED_PV, pv.ref(), price, evidence, pv.labels(),
                pv.annotations(), pv.observedAt(), pv.uid()), pv.createdAt());
    }

    public Assessment unusedPvc(String key, PersistentVolumeClaimInfo pvc, PersistentVolumeInfo pv, EbsVolume volume) {
        if (pvc == null) {
            return Assessment.gone(FindingKind.UNUSED_PVC, key);
        }
        if (!pvc.mountedByPods().isEmpty() || !"Bound".equals(pvc.phase())) {
            return Assessment.clean(FindingKind.UNUSED_PVC, key, pvc.observedAt());
        }
        Price price;
        if (volume != null) {
            price = prices.volume(volume.volumeType(), volume.sizeGib(), volume.iops(), volume.throughputMibps());
        } else if (pv != null) {
            price = prices.kubernetesVolume(pv.storageClass(), pv.capacityBytes());
        } else {
            price = prices.kubernetesVolume(pvc.storageClass(), pvc.requestedBytes());
        }
        Map<String, String> evidence = evidence("phase", pvc.phase(), "mountedByPods", "0", "volumeName",
                pvc.volumeName(), "storageClass", pvc.storageClass(), "requestedBytes", pvc.requestedBytes(),
                "cloudVolumeId", volume == null ? null : volume.ref().resourceId(), "createdAt", pvc.createdAt(),
                "price", price.basis());
        return Assessment.waste(kubernetesFinding(FindingKind.UNUSED_PVC, pvc.ref(), price, evidence, pvc.labels(),
                pvc.annotations(), pvc.observedAt(), pvc.uid()), pvc.createdAt());
    }

    /**
     * A {@code LoadBalancer} Service with no ready endpoint pays for a load balancer that serves nothing:
     * a classic ELB, or an NLB when its annotations ask for one (Services never get ALBs).
     */
    public Assessment serviceWithoutEndpoints(String key, ServiceInfo service) {
        if (service == null) {
            return Assessment.gone(FindingKind.SERVICE_WITHOUT_ENDPOINTS, key);
        }
        if (!service.isLoadBalancer() || service.readyEndpoints() > 0) {
            return Assessment.clean(FindingKind.SERVICE_WITHOUT_ENDPOINTS, key, service.observedAt());
        }
        Price price = prices.serviceLoadBalancer(service.annotations());
        Map<String, String> evidence = evidence("type", service.type(), "readyEndpoints", service.readyEndpoints(),
                "loadBalancerHostname", service.loadBalancerHostname(), "createdAt", service.createdAt(),
                "price", price.basis());
        return Assessment.waste(kubernetesFinding(FindingKind.SERVICE_WITHOUT_ENDPOINTS, service.ref(), price, evidence,
                service.labels(), service.annotations(), service.observedAt(), service.uid()), service.createdAt());
    }

    // ------------------------------------------------------------------ helpers

    private static Finding cloudFinding(FindingKind kind, CloudResourceRef ref, String resourceKind,
                                        Map<String, String> tags, Price price, Map<String, String> evidence,
                                        Instant observedAt, TargetIdentity identity) {
        return new Finding(Finding.idFor(kind, ref.key()), kind, ref.key(), resourceKind, ref.resourceId(),
                ref.provider(), clusterOf(tags), "", ref.account(), ref.region(), price.monthlyUsd(), observedAt,
                observedAt, null, evidence, Map.of(), Map.of(), tags, identity);
    }

    private static Finding kubernetesFinding(FindingKind kind, ObjectRef ref, Price price, Map<String, String> evidence,
                                             Map<String, String> labels, Map<String, String> annotations,
                                             Instant observedAt, String uid) {
        return new Finding(Finding.idFor(kind, ref.key()), kind, ref.key(), ref.kind(), ref.name(), "kubernetes",
                ref.cluster(), ref.namespace(), "", "", price.monthlyUsd(), observedAt, observedAt, null, evidence,
                labels, annotations, Map.of(), TargetIdentity.Kubernetes.of(ref, uid));
    }

    /** The cluster a cloud resource belongs to, from the tags EKS, Karpenter and the AWS controllers set. */
    static String clusterOf(Map<String, String> tags) {
        String eks = tags.get("eks:cluster-name");
        if (eks != null && !eks.isBlank()) {
            return eks;
        }
        for (String tag : tags.keySet()) {
            if (tag.startsWith("kubernetes.io/cluster/") && tag.length() > "kubernetes.io/cluster/".length()) {
                return tag.substring("kubernetes.io/cluster/".length());
            }
        }
        String legacy = tags.get("KubernetesCluster");
        return legacy == null ? "" : legacy;
    }

    /** Evidence as ordered string pairs, skipping absent and empty values. */
    static Map<String, String> evidence(Object... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value != null && !value.toString().isEmpty()) {
                map.put((String) pairs[i], value.toString());
            }
        }
        return map;
    }

    /** DNS names compare case-insensitively; blank is none. */
    static String hostname(String dns) {
        return dns == null || dns.isBlank() ? null : dns.toLowerCase(Locale.ROOT);
    }

    /** EBS volume ids as the CSI driver and the in-tree plugin write them ({@code aws://eu-west-1a/vol-...}). */
    static String volumeId(String cloudVolumeId) {
        if (cloudVolumeId == null || cloudVolumeId.isBlank()) {
            return null;
        }
        String id = cloudVolumeId.substring(cloudVolumeId.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return id.startsWith("vol-") ? id : null;
    }
}
