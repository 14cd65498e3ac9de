package io.reclaimer.streams.rightsizing.estimate;

/** Target, lower and upper bound for one container, CPU in millicores and memory in bytes. */
public record RecommendedResources(long targetCpuMillicores, long targetMemoryBytes, long lowerBoundCpuMillicores,
                                   long lowerBoundMemoryBytes, long upperBoundCpuMillicores,
                                   long upperBoundMemoryBytes) {
}
