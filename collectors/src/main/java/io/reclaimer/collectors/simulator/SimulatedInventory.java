package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The simulated fleet's inventory as the Kubernetes and AWS collectors emit it: priced nodes, namespaces, workload
 * container specs, PVCs, PVs, services and cloud resources, each as observed at a given instant.
 */
final class SimulatedInventory {

    private final SimFleet fleet;
    private final Topics topics;
    private final FleetPrices prices;
    private final SimulatedPods pods;

    SimulatedInventory(SimFleet fleet, Topics topics, FleetPrices prices, SimulatedPods pods) {
        this.fleet = fleet;
        this.topics = topics;
        this.prices = prices;
        this.pods = pods;
    }

    /** Everything that exists, as observed at {@code at}. */
    void emit(EventSink sink, Instant at) {
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            for (SimFleet.Node node : cluster.nodes()) {
                NodeInfo info = prices.node(cluster, node);
                sink.emit(topics.kubernetesInventory(), info.ref().key(), new NodeInfo(info.ref(), info.instanceType(),
                        info.region(), info.zone(), info.capacityType(), info.nodePool(), info.capacity(), info.allocatable(),
                        info.hourlyUsd(), info.prices(), info.priceSource(), info.labels(), at));
            }
            for (SimFleet.Namespace ns : cluster.namespaces()) {
                ObjectRef ref = ObjectRef.clusterScoped(cluster.id(), "Namespace", ns.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new NamespaceInfo(ref, ns.labels(), ns.annotations(),
                        ns.createdAt(), at, uid(ref.key())));
            }
            for (SimFleet.Workload workload : cluster.workloads()) {
                for (SimFleet.Container container : workload.containers()) {
                    ContainerRef ref = workload.ref().container(container.name());
                    sink.emit(topics.workloads(), ref.key(), spec(cluster, workload, container, ref, at));
                }
            }
            for (SimFleet.Claim claim : cluster.claims()) {
                ObjectRef ref = new ObjectRef(cluster.id(), claim.namespace(), "PersistentVolumeClaim", claim.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new PersistentVolumeClaimInfo(ref, "Bound", "gp3",
                        claim.bytes(), claim.volumeName(), claim.mountedBy(), Map.of(), Map.of(), claim.createdAt(), at,
                        uid(ref.key())));
            }
            for (SimFleet.Volume volume : cluster.volumes()) {
                ObjectRef ref = ObjectRef.clusterScoped(cluster.id(), "PersistentVolume", volume.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new PersistentVolumeInfo(ref, volume.phase(), volume.bytes(),
                        "gp3", "Retain", volume.claimRef(), volume.cloudVolumeId(), Map.of(), volume.createdAt(), at,
                        uid(ref.key()), Map.of()));
            }
            for (SimFleet.Service service : cluster.services()) {
                ObjectRef ref = new ObjectRef(cluster.id(), service.namespace(), "Service", service.name());
                sink.emit(topics.kubernetesInventory(), ref.key(), new ServiceInfo(ref, service.type(), service.readyEndpoints(),
                        service.hostname(), Map.of("app.kubernetes.io/name", service.name()), Map.of(), service.createdAt(), at,
                        uid(ref.key())));
            }
            for (CloudResource resource : cluster.cloudResources()) {
                sink.emit(topics.cloudInventory(), resource.ref().key(), observedAt(resource, at));
            }
        }
    }

    private WorkloadContainerSpec spec(SimFleet.Cluster cluster, SimFleet.Workload workload, SimFleet.Container container,
                                      ContainerRef ref, Instant at) {
        int replicas = switch (workload.ref().kind()) {
            case "DaemonSet" -> cluster.nodes().size();
            case "CronJob" -> 1;
            default -> workload.hpa() != null ? pods.hpaCount(workload, at) : workload.replicas();
        };
        UnitPrices poolPrices = prices.pool(cluster, workload.pool());
        Map<String, String> labels = new HashMap<>(workload.labels());
        labels.put("team", teamOf(cluster, workload.ref().namespace()));
        return new WorkloadContainerSpec(ref, replicas, container.requests(), container.limits(), qos(workload),
                workload.pool(), workload.hpa(), poolPrices, labels, Map.of(), at, uid(workload.ref().key()))
                .withPodsByNode(pods.placement(cluster, workload, at));
    }

    /** A stable metadata.uid for a simulated object, as the API server would have given it at creation. */
    private static String uid(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String teamOf(SimFleet.Cluster cluster, String namespace) {
        return cluster.namespaces().stream().filter(n -> n.name().equals(namespace)).findFirst()
                .map(n -> n.labels().get("team")).orElse("unknown");
    }

    private static WorkloadContainerSpec.QosClass qos(SimFleet.Workload workload) {
        boolean guaranteed = true;
        boolean any = false;
        for (SimFleet.Container c : workload.containers()) {
            any |= c.requests().cpuCores() != null || c.requests().memoryBytes() != null;
            guaranteed &= c.limits().cpuCores() != null && c.limits().cpuCores().equals(c.requests().cpuCores())
                    && c.limits().memoryBytes() != null && c.limits().memoryBytes().equals(c.requests().memoryBytes());
        }
        return !any ? WorkloadContainerSpec.QosClass.BEST_EFFORT
                : guaranteed ? WorkloadContainerSpec.QosClass.GUARANTEED : WorkloadContainerSpec.QosClass.BURSTABLE;
    }

    private static CloudResource observedAt(CloudResource r, Instant at) {
        if (r instanceof EbsVolume v) {
            return new EbsVolume(v.ref(), v.state(), v.sizeGib(), v.volumeType(), v.iops(), v.throughputMibps(), v.attachments(),
                    v.snapshotId(), v.createdAt(), v.tags(), at);
        } else if (r instanceof ElasticIp e) {
            return new ElasticIp(e.ref(), e.allocationId(), e.publicIp(), e.associationId(), e.instanceId(),
                    e.networkInterfaceId(), e.tags(), at);
        } else if (r instanceof EbsSnapshot s) {
            return new EbsSnapshot(s.ref(), s.sourceVolumeId(), s.state(), s.sizeGib(), s.storageTier(), s.startedAt(),
                    s.description(), s.tags(), at, s.imageIds());
        } else if (r instanceof Ec2Instance i) {
            return new Ec2Instance(i.ref(), i.state(), i.instanceType(), i.launchedAt(), i.stateChangedAt(), i.volumeIds(),
                    i.tags(), at);
        } else if (r instanceof LoadBalancer lb) {
            return new LoadBalancer(lb.ref(), lb.name(), lb.type(), lb.arn(), lb.dnsName(), lb.createdAt(), lb.targetGroups(),
                    lb.tags(), at);
        }
        throw new IllegalStateException("unknown cloud resource " + r);
    }
}
