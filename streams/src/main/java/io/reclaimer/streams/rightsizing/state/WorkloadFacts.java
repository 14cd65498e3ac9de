package io.reclaimer.streams.rightsizing.state;

/**
 * What the inventory says about a workload container, kept in its rightsizing state so that every sample
 * can be judged against it without reading the inventory: current requests (null when unset), replicas,
 * unit prices (null when unknown), the HPA's resource metrics and how many containers the pod has (0 when
 * not known yet; the pod minimums are then not split).
 */
public record WorkloadFacts(Double cpuRequestCores, Long memoryRequestBytes, int replicas, Double cpuUsdPerCoreHour,
                            Double memoryUsdPerGibHour, boolean hpaScalesOnCpu, boolean hpaScalesOnMemory,
                            int containersInPod) {

    public static final WorkloadFacts UNKNOWN = new WorkloadFacts(null, null, 0, null, null, false, false, 0);

    public WorkloadFacts withContainersInPod(int containers) {
        return new WorkloadFacts(cpuRequestCores, memoryRequestBytes, replicas, cpuUsdPerCoreHour, memoryUsdPerGibHour,
                hpaScalesOnCpu, hpaScalesOnMemory, containers);
    }

    /** Same requests, replicas, prices and HPA, whatever the container count. */
    public WorkloadFacts withSpecOf(WorkloadFacts spec) {
        return new WorkloadFacts(spec.cpuRequestCores, spec.memoryRequestBytes, spec.replicas, spec.cpuUsdPerCoreHour,
                spec.memoryUsdPerGibHour, spec.hpaScalesOnCpu, spec.hpaScalesOnMemory, containersInPod);
    }

    public boolean pricesKnown() {
        return cpuUsdPerCoreHour != null && memoryUsdPerGibHour != null;
    }
}
