package io.reclaimer.collectors.kubernetes.usage;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.reclaimer.collectors.kubernetes.inventory.Quantities;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.usage.UsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** metrics.k8s.io PodMetrics (what {@code kubectl top pod --containers} shows) as usage samples. */
public final class UsageMapping {

    private UsageMapping() {
    }

    /** One sample per container, stamped with the metrics' own timestamp (the end of their window), else {@code now}. */
    public static List<UsageSample> samples(WorkloadRef workload, PodMetrics metrics, Instant now) {
        if (metrics.getContainers() == null) {
            return List.of();
        }
        Instant timestamp = metrics.getTimestamp() == null ? now : Instant.parse(metrics.getTimestamp());
        List<UsageSample> samples = new ArrayList<>(metrics.getContainers().size());
        for (ContainerMetrics container : metrics.getContainers()) {
            if (container.getUsage() == null) {
                continue;
            }
            Double cpu = Quantities.cores(container.getUsage().get("cpu"));
            Long memory = Quantities.bytes(container.getUsage().get("memory"));
            samples.add(new UsageSample(workload.container(container.getName()), metrics.getMetadata().getName(),
                    timestamp, cpu == null ? 0 : cpu, memory == null ? 0 : memory));
        }
        return samples;
    }
}
