package io.reclaimer.model.kubernetes;

import io.reclaimer.model.Require;
import java.util.List;

/**
 * A HorizontalPodAutoscaler targeting a workload. {@code metrics} names what it scales on: {@code cpu},
 * {@code memory} for resource metrics, or {@code pods:NAME}, {@code object:NAME}, {@code external:NAME}.
 */
public record HpaInfo(String name, int minReplicas, int maxReplicas, List<String> metrics) {

    public HpaInfo {
        Require.text(name, "hpa.name");
        Require.nonNegative(minReplicas, "hpa.minReplicas");
        Require.nonNegative(maxReplicas, "hpa.maxReplicas");
        metrics = Require.list(metrics, "hpa.metrics");
    }

    public boolean scalesOnCpu() {
        return metrics.contains("cpu");
    }

    public boolean scalesOnMemory() {
        return metrics.contains("memory");
    }
}
