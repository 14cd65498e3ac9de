package io.reclaimer.streams.orphans;

import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A resource joined with what the other inventory says about it: the facts a detector needs that the
 * resource itself does not carry. Internal state of the orphans topology (JSON in changelogs), never on a
 * catalog topic.
 */
final class Views {

    private Views() {
    }

    /** An EBS volume; {@code backedPv} is true when a Kubernetes PV names it (the Kubernetes view explains it). */
    record VolumeView(EbsVolume volume, boolean backedPv) {
    }

    /** A snapshot and whether the volume it was taken from still exists. */
    record SnapshotView(EbsSnapshot snapshot, boolean sourceExists) {
    }

    /** An instance and the volumes attached to it, by volume id. */
    record InstanceView(Ec2Instance instance, Map<String, EbsVolume> volumes) {
        InstanceView {
            volumes = volumes == null ? Map.of() : volumes;
        }
    }

    /** A load balancer and whether a Kubernetes Service of type LoadBalancer points at its DNS name. */
    record LoadBalancerView(LoadBalancer loadBalancer, boolean backsService) {
    }

    /** A PV and the EBS volume behind it, when known. */
    record PvView(PersistentVolumeInfo pv, EbsVolume volume) {
    }

    /** A PVC and its PV (with its EBS volume), when known. */
    record PvcView(PersistentVolumeClaimInfo pvc, PvView pv) {
    }

    /** A Service and the cloud load balancer behind it, when known. */
    record ServiceView(ServiceInfo service, LoadBalancer loadBalancer) {
    }

    /** The keys of the objects pointing at one thing (PVs at a volume, Services at a DNS name). */
    record KeySet(Set<String> keys) {
        static final KeySet EMPTY = new KeySet(Set.of());

        KeySet {
            keys = keys == null ? Set.of() : java.util.Collections.unmodifiableSet(new TreeSet<>(keys));
        }

        KeySet plus(String key) {
            TreeSet<String> next = new TreeSet<>(keys);
            next.add(key);
            return new KeySet(next);
        }

        KeySet minus(String key) {
            TreeSet<String> next = new TreeSet<>(keys);
            next.remove(key);
            return new KeySet(next);
        }

        boolean isEmpty() {
            return keys.isEmpty();
        }
    }

    /** Volumes by id (attached to one instance), or load balancers by key (behind one DNS name). */
    record VolumeSet(Map<String, EbsVolume> volumes) {
        static final VolumeSet EMPTY = new VolumeSet(Map.of());

        VolumeSet {
            volumes = volumes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(volumes));
        }

        VolumeSet plus(EbsVolume v) {
            TreeMap<String, EbsVolume> next = new TreeMap<>(volumes);
            next.put(v.ref().resourceId(), v);
            return new VolumeSet(next);
        }

        VolumeSet minus(EbsVolume v) {
            TreeMap<String, EbsVolume> next = new TreeMap<>(volumes);
            next.remove(v.ref().resourceId());
            return new VolumeSet(next);
        }
    }

    record LoadBalancerSet(Map<String, LoadBalancer> loadBalancers) {
        static final LoadBalancerSet EMPTY = new LoadBalancerSet(Map.of());

        LoadBalancerSet {
            loadBalancers = loadBalancers == null ? Map.of()
                    : java.util.Collections.unmodifiableMap(new TreeMap<>(loadBalancers));
        }

        LoadBalancerSet plus(LoadBalancer lb) {
            TreeMap<String, LoadBalancer> next = new TreeMap<>(loadBalancers);
            next.put(lb.ref().key(), lb);
            return new LoadBalancerSet(next);
        }

        LoadBalancerSet minus(LoadBalancer lb) {
            TreeMap<String, LoadBalancer> next = new TreeMap<>(loadBalancers);
            next.remove(lb.ref().key());
            return new LoadBalancerSet(next);
        }

        LoadBalancer any() {
            return loadBalancers.isEmpty() ? null : loadBalancers.values().iterator().next();
        }
    }
}
