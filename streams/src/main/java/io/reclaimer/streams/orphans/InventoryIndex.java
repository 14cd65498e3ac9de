package io.reclaimer.streams.orphans;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.streams.findings.Assessment;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The inventory with the links between its records: which PVs name a volume, which snapshots were taken
 * from it, which volumes hang off an instance, which Services point at a DNS name, which PVCs are bound to a
 * PV. An update re-assesses the record and every record whose finding depends on it (a volume deleted
 * orphans its snapshots; a PV deleted leaves its volume unexplained; a volume detached re-prices the
 * instance it hung off), whatever order the records arrive in.
 *
 * <p>Links are separate store entries ({@code kind|target|source}), so finding the records that point at
 * something is a prefix scan.
 */
final class InventoryIndex {

    private static final String VOLUME_ID = "vol-id|";     // bare volume id -> volume index key
    private static final String VOLUME_PV = "vol-pv|";     // bare volume id -> PV index key
    private static final String VOLUME_SNAPSHOT = "vol-snap|"; // bare volume id -> snapshot index key
    private static final String INSTANCE_VOLUME = "inst-vol|"; // instance index key -> volume index key
    private static final String HOST_SERVICE = "dns-svc|";  // DNS name -> Service index key
    private static final String HOST_LB = "dns-lb|";        // DNS name -> load balancer index key
    private static final String PV_PVC = "pv-pvc|";         // PV index key -> PVC index key

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, InventoryItem> items;
    private final KeyValueStore<String, String> links;
    private final OrphanRules rules;

    InventoryIndex(KeyValueStore<String, InventoryItem> items, KeyValueStore<String, String> links, OrphanRules rules) {
        this.items = items;
        this.links = links;
        this.rules = rules;
    }

    /** Applies a change and returns the assessments of everything it can have changed. */
    List<Assessment> apply(InventoryItem change) {
        String key = change.indexKey();
        InventoryItem old = items.get(key);
        if (change.deleted()) {
            if (old == null) {
                return List.of();
            }
            items.delete(key);
        } else {
            items.put(key, change);
        }
        Set<String> affected = new LinkedHashSet<>();
        if (old != null) {
            unlink(key, old);
            affected.addAll(dependents(key, old));
        }
        if (!change.deleted()) {
            link(key, change);
            affected.addAll(dependents(key, change));
        }
        List<Assessment> out = new ArrayList<>();
        out.add(assess(key, change.deleted() ? old : change, change.deleted()));
        affected.remove(key);
        for (String other : affected) {
            InventoryItem item = items.get(other);
            if (item != null) {
                out.add(assess(other, item, false));
            }
        }
        out.removeIf(java.util.Objects::isNull);
        return out;
    }

    // ------------------------------------------------------------------ links

    private void link(String key, InventoryItem item) {
        linksOf(key, item).forEach(l -> links.put(l, ""));
    }

    private void unlink(String key, InventoryItem item) {
        linksOf(key, item).forEach(links::delete);
    }

    private List<String> linksOf(String key, InventoryItem item) {
        List<String> out = new ArrayList<>();
        if (item.cloud() instanceof EbsVolume v) {
            out.add(VOLUME_ID + v.ref().resourceId() + '|' + key);
            if (!v.attachments().isEmpty()) {
                out.add(INSTANCE_VOLUME + instanceKey(v) + '|' + key);
            }
        } else if (item.cloud() instanceof EbsSnapshot s && OrphanRules.sourceVolumeId(s) != null) {
            out.add(VOLUME_SNAPSHOT + OrphanRules.sourceVolumeId(s) + '|' + key);
        } else if (item.cloud() instanceof LoadBalancer lb && OrphanRules.hostname(lb.dnsName()) != null) {
            out.add(HOST_LB + OrphanRules.hostname(lb.dnsName()) + '|' + key);
        } else if (item.kubernetes() instanceof PersistentVolumeInfo pv && OrphanRules.volumeId(pv.cloudVolumeId()) != null) {
            out.add(VOLUME_PV + OrphanRules.volumeId(pv.cloudVolumeId()) + '|' + key);
        } else if (item.kubernetes() instanceof PersistentVolumeClaimInfo pvc && !pvc.volumeName().isEmpty()) {
            out.add(PV_PVC + pvIndexKey(pvc) + '|' + key);
        } else if (item.kubernetes() instanceof ServiceInfo svc && svc.isLoadBalancer()
                && OrphanRules.hostname(svc.loadBalancerHostname()) != null) {
            out.add(HOST_SERVICE + OrphanRules.hostname(svc.loadBalancerHostname()) + '|' + key);
        }
        return out;
    }

    /** Records whose finding depends on this one. */
    private Set<String> dependents(String key, InventoryItem item) {
        Set<String> out = new LinkedHashSet<>();
        if (item.cloud() instanceof EbsVolume v) {
            String id = v.ref().resourceId();
            out.addAll(linked(VOLUME_SNAPSHOT + id + '|'));
            for (String pv : linked(VOLUME_PV + id + '|')) {
                out.add(pv);
                out.addAll(linked(PV_PVC + pv + '|'));
            }
            if (!v.attachments().isEmpty()) {
                out.add(instanceKey(v));
            }
        } else if (item.kubernetes() instanceof PersistentVolumeInfo pv) {
            String id = OrphanRules.volumeId(pv.cloudVolumeId());
            if (id != null) {
                out.addAll(linked(VOLUME_ID + id + '|'));
            }
            out.addAll(linked(PV_PVC + key + '|'));
        } else if (item.kubernetes() instanceof ServiceInfo svc) {
            String host = OrphanRules.hostname(svc.loadBalancerHostname());
            if (host != null) {
                out.addAll(linked(HOST_LB + host + '|'));
            }
        }
        return out;
    }

    private List<String> linked(String prefix) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> range = links.prefixScan(prefix, KEYS)) {
            while (range.hasNext()) {
                String link = range.next().key;
                keys.add(link.substring(prefix.length()));
            }
        }
        return keys;
    }

    // ------------------------------------------------------------------ assessment

    private Assessment assess(String indexKey, InventoryItem item, boolean gone) {
        String key = item.key();
        CloudResource cloud = gone ? null : item.cloud();
        KubernetesObject k8s = gone ? null : item.kubernetes();
        if (item.cloud() instanceof EbsVolume v) {
            return rules.volume(key, (EbsVolume) cloud, !gone && !linked(VOLUME_PV + v.ref().resourceId() + '|').isEmpty());
        } else if (item.cloud() instanceof ElasticIp) {
            return rules.address(key, (ElasticIp) cloud);
        } else if (item.cloud() instanceof LoadBalancer lb) {
            String host = OrphanRules.hostname(lb.dnsName());
            return rules.loadBalancer(key, (LoadBalancer) cloud, !gone && host != null && !linked(HOST_SERVICE + host + '|').isEmpty());
        } else if (item.cloud() instanceof EbsSnapshot s) {
            String source = OrphanRules.sourceVolumeId(s);
            return rules.snapshot(key, (EbsSnapshot) cloud, source != null && !linked(VOLUME_ID + source + '|').isEmpty());
        } else if (item.cloud() instanceof Ec2Instance) {
            return rules.stoppedInstance(key, (Ec2Instance) cloud, gone ? Map.of() : attachedVolumes(indexKey));
        } else if (item.kubernetes() instanceof PersistentVolumeInfo pv) {
            return rules.releasedPv(key, (PersistentVolumeInfo) k8s, gone ? null : volume(pv));
        } else if (item.kubernetes() instanceof PersistentVolumeClaimInfo pvc) {
            PersistentVolumeInfo pv = null;
            if (!gone && !pvc.volumeName().isEmpty()) {
                InventoryItem pvItem = items.get(pvIndexKey(pvc));
                pv = pvItem == null ? null : (PersistentVolumeInfo) pvItem.kubernetes();
            }
            return rules.unusedPvc(key, (PersistentVolumeClaimInfo) k8s, pv, pv == null ? null : volume(pv));
        } else if (item.kubernetes() instanceof ServiceInfo) {
            return rules.serviceWithoutEndpoints(key, (ServiceInfo) k8s);
        }
        return null;
    }

    private EbsVolume volume(PersistentVolumeInfo pv) {
        String id = OrphanRules.volumeId(pv.cloudVolumeId());
        if (id == null) {
            return null;
        }
        for (String key : linked(VOLUME_ID + id + '|')) {
            InventoryItem item = items.get(key);
            if (item != null && item.cloud() instanceof EbsVolume v) {
                return v;
            }
        }
        return null;
    }

    private Map<String, EbsVolume> attachedVolumes(String instanceIndexKey) {
        Map<String, EbsVolume> volumes = new TreeMap<>();
        for (String key : linked(INSTANCE_VOLUME + instanceIndexKey + '|')) {
            InventoryItem item = items.get(key);
            if (item != null && item.cloud() instanceof EbsVolume v) {
                volumes.put(v.ref().resourceId(), v);
            }
        }
        return volumes;
    }

    private static String instanceKey(EbsVolume v) {
        CloudResourceRef ref = v.ref();
        return InventoryItem.indexKey(InventoryItem.Source.CLOUD, new CloudResourceRef(ref.provider(), ref.account(),
                ref.region(), v.attachments().get(0).instanceId()).key());
    }

    private static String pvIndexKey(PersistentVolumeClaimInfo pvc) {
        return InventoryItem.indexKey(InventoryItem.Source.KUBERNETES,
                ObjectRef.clusterScoped(pvc.ref().cluster(), "PersistentVolume", pvc.volumeName()).key());
    }
}
