package io.reclaimer.streams.usage;

import io.reclaimer.model.ContainerRef;
import java.time.Instant;

/**
 * One container (all its pods) over one clock hour of event time: the sums of its samples and how many
 * distinct sample instants they came from, so both per-pod and whole-workload averages can be derived.
 * Internal to the streams stage.
 *
 * @param cpuCoreSum     sum of the CPU of every sample (cores)
 * @param memoryByteSum  sum of the memory working set of every sample (bytes)
 * @param samples        samples in the hour (pods x instants)
 * @param instants       distinct sample instants in the hour
 */
public record ContainerHour(ContainerRef container, Instant hourStart, double cpuCoreSum, double memoryByteSum,
                            int samples, int instants) {

    /** Average CPU of the whole container over the hour: all pods together. */
    public double cpuCores() {
        return instants == 0 ? 0 : cpuCoreSum / instants;
    }

    public double memoryBytes() {
        return instants == 0 ? 0 : memoryByteSum / instants;
    }

    /** Average number of pods running it while it was sampled. */
    public double pods() {
        return instants == 0 ? 0 : (double) samples / instants;
    }

    public double cpuCoresPerPod() {
        return samples == 0 ? 0 : cpuCoreSum / samples;
    }

    public double memoryBytesPerPod() {
        return samples == 0 ? 0 : memoryByteSum / samples;
    }
}
