package io.reclaimer.model.usage;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * One observation of one container of one pod: CPU in cores (a rate averaged over the collector's
 * window, like metrics-server reports) and memory working set in bytes (what the OOM killer looks at).
 * Keyed by {@link ContainerRef#key()}.
 */
@JsonTypeName("usage-sample/v1")
public record UsageSample(ContainerRef container, String pod, Instant timestamp, double cpuCores,
                          long memoryWorkingSetBytes) implements Event {

    public UsageSample {
        Require.present(container, "container");
        Require.text(pod, "pod");
        Require.present(timestamp, "timestamp");
        Require.nonNegative(cpuCores, "cpuCores");
        Require.nonNegative(memoryWorkingSetBytes, "memoryWorkingSetBytes");
    }
}
