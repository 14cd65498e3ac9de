package io.reclaimer.collectors.opencost;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.reclaimer.collectors.kubernetes.inventory.ClusterObjects;
import io.reclaimer.collectors.kubernetes.inventory.Inventory;
import io.reclaimer.collectors.kubernetes.inventory.NodeLabels;
import io.reclaimer.collectors.kubernetes.inventory.WorkloadMapping;
import io.reclaimer.collectors.pricing.PriceBook;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.pricing.UsagePrice.Product;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One cluster's {@link OpenCostSnapshot}, derived from the informers' objects and the priced inventory: pure.
 * Node prices are the inventory's (price topic, else the shipped table); a persistent volume is priced at its
 * region's gp3 GB-month price per GiB-hour and a {@code LoadBalancer} Service at its region's classic ELB hour
 * (NLB when annotated so), from the prices topic, else AWS's us-east-1 list prices. Containers are the running
 * pods' containers on known nodes: max(request, usage of the last metrics poll) of CPU and memory, GPUs requested.
 */
public final class OpenCostView {

    static final double GP3_USD_PER_GB_MONTH = 0.08;
    static final double CLASSIC_ELB_USD_PER_HOUR = 0.025;
    static final double NLB_USD_PER_HOUR = 0.0225;

    private OpenCostView() {
    }

    /** Latest usage per {@code namespace/pod/container}: cores and bytes. */
    public interface Usage {
        double[] of(String namespace, String pod, String container);

        Usage NONE = (namespace, pod, container) -> null;
    }

    public static OpenCostSnapshot derive(String cluster, ClusterObjects in, Inventory inventory, PriceBook prices,
                                          Usage usage) {
        Map<String, KubernetesObject> objects = inventory.objects();
        List<OpenCostSnapshot.Node> nodes = new ArrayList<>();
        String defaultRegion = "";
        for (Node node : in.nodes()) {
            if (!(objects.get(ObjectRef.clusterScoped(cluster, "Node", node.getMetadata().getName()).key())
                    instanceof NodeInfo info)) {
                continue;
            }
            defaultRegion = defaultRegion.isEmpty() ? info.region() : defaultRegion;
            UnitPrices p = info.prices();
            nodes.add(new OpenCostSnapshot.Node(node.getMetadata().getName(), info.instanceType(), info.region(),
                    node.getSpec() == null || node.getSpec().getProviderID() == null ? "" : node.getSpec().getProviderID(),
                    info.labels().getOrDefault("kubernetes.io/arch", ""), nullToEmpty(node.getMetadata().getUid()),
                    info.capacity().gpus(), p.cpuUsdPerCoreHour(), p.memoryUsdPerGibHour(), p.gpuUsdPerGpuHourOrZero(),
                    info.hourlyUsd()));
        }
        List<OpenCostSnapshot.Volume> volumes = new ArrayList<>();
        for (PersistentVolume pv : in.pvs()) {
            if (pv.getStatus() != null && "Failed".equals(pv.getStatus().getPhase())) {
                continue;
            }
            String name = pv.getMetadata().getName();
            String region = NodeLabels.region(pv.getMetadata().getLabels());
            region = region.isEmpty() ? defaultRegion : region;
            double perGbMonth = prices.usage(Product.EBS_STORAGE, region, "gp3").map(u -> u.usdPerUnit())
                    .orElse(GP3_USD_PER_GB_MONTH);
            String providerId = objects.get(ObjectRef.clusterScoped(cluster, "PersistentVolume", name).key())
                    instanceof PersistentVolumeInfo info ? info.cloudVolumeId() : "";
            volumes.add(new OpenCostSnapshot.Volume(name, providerId, nullToEmpty(pv.getMetadata().getUid()),
                    perGbMonth / UnitPrices.HOURS_PER_MONTH));
        }
        List<OpenCostSnapshot.LoadBalancer> balancers = new ArrayList<>();
        for (Service service : in.services()) {
            if (service.getSpec() == null || !"LoadBalancer".equals(service.getSpec().getType())) {
                continue;
            }
            Map<String, String> annotations = service.getMetadata().getAnnotations() == null ? Map.of()
                    : service.getMetadata().getAnnotations();
            boolean nlb = switch (annotations.getOrDefault("service.beta.kubernetes.io/aws-load-balancer-type", "")
                    .toLowerCase(Locale.ROOT)) {
                case "nlb", "nlb-ip", "external" -> true;
                default -> false;
            };
            double hourly = prices.usage(Product.LOAD_BALANCER, defaultRegion, nlb ? "network" : "classic")
                    .map(u -> u.usdPerUnit()).orElse(nlb ? NLB_USD_PER_HOUR : CLASSIC_ELB_USD_PER_HOUR);
            balancers.add(new OpenCostSnapshot.LoadBalancer(ingress(service), service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), nullToEmpty(service.getMetadata().getUid()), hourly));
        }
        List<OpenCostSnapshot.Container> containers = new ArrayList<>();
        for (Pod pod : in.pods()) {
            if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getContainers() == null
                    || pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
                continue;
            }
            String namespace = pod.getMetadata().getNamespace();
            String podName = pod.getMetadata().getName();
            for (Container c : pod.getSpec().getContainers()) {
                ResourceAmounts requests = WorkloadMapping.requests(c.getResources());
                double[] used = usage.of(namespace, podName, c.getName());
                double cpu = requests.cpuCores() == null ? 0 : requests.cpuCores();
                double memory = requests.memoryBytes() == null ? 0 : requests.memoryBytes();
                if (used != null) {
                    cpu = Math.max(cpu, used[0]);
                    memory = Math.max(memory, used[1]);
                }
                containers.add(new OpenCostSnapshot.Container(namespace, podName, c.getName(), pod.getSpec().getNodeName(),
                        nullToEmpty(pod.getMetadata().getUid()), cpu, memory, requests.gpus()));
            }
        }
        return new OpenCostSnapshot(nodes, volumes, balancers, containers);
    }

    private static String ingress(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        for (var ingress : service.getStatus().getLoadBalancer().getIngress()) {
            if (ingress.getIp() != null) {
                return ingress.getIp();
            }
            if (ingress.getHostname() != null) {
                return ingress.getHostname();
            }
        }
        return "";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
