package io.reclaimer.collectors.kubernetes.gpu;

import io.reclaimer.collectors.kubernetes.history.PrometheusClient;
import io.reclaimer.collectors.kubernetes.owners.PodOwners;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.usage.GpuUsageSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GPU utilisation per pod container from NVIDIA's DCGM exporter, read from the cluster's Prometheus: one instant
 * query of {@code DCGM_FI_DEV_GPU_UTIL} (percent) averaged and counted per pod container. dcgm-exporter labels
 * its series with the pod the GPU is allocated to; when Prometheus scraped the exporter's own pod, those labels
 * arrive renamed {@code exported_namespace}, {@code exported_pod}, {@code exported_container}, which win.
 * Series of GPUs no pod holds (no pod label) are not anybody's usage and are skipped.
 */
public final class DcgmGpuUsage {

    static final String QUERY = "DCGM_FI_DEV_GPU_UTIL";

    private final PrometheusClient prometheus;
    private final PodOwners owners;
    private final String cluster;

    public DcgmGpuUsage(String cluster, PrometheusClient prometheus, PodOwners owners) {
        this.cluster = cluster;
        this.prometheus = prometheus;
        this.owners = owners;
    }

    /** The samples at {@code now}; empty when DCGM is not scraped by this Prometheus. */
    public List<GpuUsageSample> poll(Instant now) {
        record Key(String namespace, String pod, String container) {
        }
        java.util.Map<Key, double[]> sums = new java.util.LinkedHashMap<>();
        for (PrometheusClient.Series series : prometheus.query(QUERY, now)) {
            String namespace = label(series, "namespace");
            String pod = label(series, "pod");
            String container = label(series, "container");
            if (namespace.isEmpty() || pod.isEmpty() || container.isEmpty() || series.values().length == 0) {
                continue;
            }
            double percent = series.values()[series.values().length - 1];
            double[] sum = sums.computeIfAbsent(new Key(namespace, pod, container), k -> new double[2]);
            sum[0] += Math.max(0, Math.min(100, percent));
            sum[1]++;
        }
        List<GpuUsageSample> samples = new ArrayList<>();
        sums.forEach((key, sum) -> {
            Optional<WorkloadRef> owner = owners.ownerOf(key.namespace(), key.pod());
            owner.ifPresent(workload -> samples.add(new GpuUsageSample(workload.container(key.container()), key.pod(), now,
                    (int) sum[1], sum[0] / sum[1] / 100.0)));
        });
        return samples;
    }

    private static String label(PrometheusClient.Series series, String name) {
        String exported = series.label("exported_" + name);
        return exported.isEmpty() ? series.label(name) : exported;
    }

    String cluster() {
        return cluster;
    }
}
