package io.reclaimer.model.usage;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * GPU utilisation of one pod's container at one instant, from NVIDIA DCGM's exporter as Prometheus scrapes it
 * ({@code DCGM_FI_DEV_GPU_UTIL}, percent busy): {@code gpus} devices attributed to the container and their
 * average {@code utilizationRatio} (0 to 1). Keyed by the container key, co-partitioned with the workload specs.
 */
@JsonTypeName("gpu-usage-sample/v1")
public record GpuUsageSample(ContainerRef container, String pod, Instant timestamp, int gpus, double utilizationRatio)
        implements Event {

    public GpuUsageSample {
        Require.present(container, "container");
        Require.text(pod, "pod");
        Require.present(timestamp, "timestamp");
        Require.nonNegative(gpus, "gpus");
        Require.fraction(utilizationRatio, "utilizationRatio");
    }
}
