package io.reclaimer.streams.allocation;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostAllocation.Level;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.streams.usage.ContainerHour;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * OpenCost's cost model, pure. Per container and hour, max(request, usage) of CPU and of memory, per pod,
 * at the unit prices of the nodes it runs on. Per cluster and hour, what the nodes cost and nobody was
 * charged for is idle; with idle sharing on, each workload takes a share of the idle CPU cost in proportion
 * to its CPU cost and of the idle RAM cost in proportion to its RAM cost. Sums over a window give the
 * workload, namespace, team and cluster lines; the nodes' cost per day gives the estimate that is reconciled
 * with the invoice.
 */
final class OpenCostAllocator {

    /** Label value for workloads without the team label (OpenCost's convention). */
    public static final String UNALLOCATED = "__unallocated__";

    private OpenCostAllocator() {
    }

    /** One container-hour's charge; {@code spec} may be null (usage only, cluster-average prices). */
    public static Charge charge(ContainerHour hour, WorkloadContainerSpec spec, String teamLabel) {
        ContainerRef c = hour.container();
        double pods = hour.pods();
        double cpuRequest = spec == null || spec.requests().cpuCores() == null ? 0 : spec.requests().cpuCores();
        double memRequest = spec == null || spec.requests().memoryBytes() == null ? 0 : spec.requests().memoryBytes();
        double cpuCoreHours = pods * Math.max(cpuRequest, hour.cpuCoresPerPod());
        double memGibHours = pods * Math.max(memRequest, hour.memoryBytesPerPod()) / UnitPrices.BYTES_PER_GIB;
        String team = spec == null ? UNALLOCATED : spec.labels().getOrDefault(teamLabel, UNALLOCATED);
        UnitPrices prices = spec == null ? null : spec.prices();
        double gpuHours = spec == null ? 0 : pods * spec.requests().gpus();
        return new Charge(c.namespace(), c.workloadKind(), c.workloadName(), team.isBlank() ? UNALLOCATED : team,
                cpuCoreHours, memGibHours, prices == null ? null : prices.cpuUsdPerCoreHour(),
                prices == null ? null : prices.memoryUsdPerGibHour(), gpuHours,
                prices == null ? null : prices.gpuUsdPerGpuHour());
    }

    /** A workload's cost in one hour. */
    public record Line(Charge identity, double cpuCoreHours, double memoryGibHours, double cpuUsd, double memoryUsd,
                       double idleUsd, double gpuHours, double gpuUsd) {
        Line(Charge identity, double cpuCoreHours, double memoryGibHours, double cpuUsd, double memoryUsd, double idleUsd) {
            this(identity, cpuCoreHours, memoryGibHours, cpuUsd, memoryUsd, idleUsd, 0, 0);
        }

        Line plus(Line o) {
            return new Line(identity, cpuCoreHours + o.cpuCoreHours, memoryGibHours + o.memoryGibHours, cpuUsd + o.cpuUsd,
                    memoryUsd + o.memoryUsd, idleUsd + o.idleUsd, gpuHours + o.gpuHours, gpuUsd + o.gpuUsd);
        }

        public double totalUsd() {
            return cpuUsd + memoryUsd + gpuUsd + idleUsd;
        }
    }

    /** One cluster-hour, allocated. {@code idle*Usd} is the idle cost left unshared. */
    public record Hour(Map<String, Line> workloads, Capacity capacity, double allocatedCpuUsd, double allocatedMemoryUsd,
                       double idleCpuUsd, double idleMemoryUsd, double unsharedIdleUsd, double allocatedGpuUsd,
                       double idleGpuUsd) {

        /** What the nodes cost that hour: allocated plus idle, never less than what was charged. */
        public double nodesUsd() {
            return Math.max(capacity.cpuUsdPerHour(), allocatedCpuUsd) + Math.max(capacity.memoryUsdPerHour(), allocatedMemoryUsd)
                    + Math.max(capacity.gpuUsdPerHour(), allocatedGpuUsd);
        }
    }

    public static Hour allocateHour(Capacity capacity, Collection<Charge> charges, boolean shareIdle) {
        Map<String, Line> own = new TreeMap<>();
        double cpuTotal = 0;
        double memTotal = 0;
        double gpuTotal = 0;
        for (Charge c : charges) {
            double cpuPrice = c.cpuUsdPerCoreHour() != null ? c.cpuUsdPerCoreHour() : capacity.averageCpuUsdPerCoreHour();
            double memPrice = c.memoryUsdPerGibHour() != null ? c.memoryUsdPerGibHour() : capacity.averageMemoryUsdPerGibHour();
            double gpuPrice = c.gpuUsdPerGpuHour() != null ? c.gpuUsdPerGpuHour() : capacity.averageGpuUsdPerGpuHour();
            Line line = new Line(c, c.cpuCoreHours(), c.memoryGibHours(), c.cpuCoreHours() * cpuPrice,
                    c.memoryGibHours() * memPrice, 0, c.gpuHours(), c.gpuHours() * gpuPrice);
            own.merge(c.workloadKey(), line, Line::plus);
            cpuTotal += line.cpuUsd();
            memTotal += line.memoryUsd();
            gpuTotal += line.gpuUsd();
        }
        double idleCpu = Math.max(0, capacity.cpuUsdPerHour() - cpuTotal);
        double idleMem = Math.max(0, capacity.memoryUsdPerHour() - memTotal);
        double idleGpu = Math.max(0, capacity.gpuUsdPerHour() - gpuTotal);
        double unshared = idleCpu + idleMem + idleGpu;
        if (shareIdle) {
            Map<String, Line> shared = new TreeMap<>();
            double sharedIdle = 0;
            for (Map.Entry<String, Line> e : own.entrySet()) {
                Line l = e.getValue();
                // idle GPUs are shared among the GPU users only; with none, they stay unshared idle
                double share = (cpuTotal > 0 ? idleCpu * l.cpuUsd() / cpuTotal : 0)
                        + (memTotal > 0 ? idleMem * l.memoryUsd() / memTotal : 0)
                        + (gpuTotal > 0 ? idleGpu * l.gpuUsd() / gpuTotal : 0);
                sharedIdle += share;
                shared.put(e.getKey(), new Line(l.identity(), l.cpuCoreHours(), l.memoryGibHours(), l.cpuUsd(),
                        l.memoryUsd(), share, l.gpuHours(), l.gpuUsd()));
            }
            own = shared;
            unshared = Math.max(0, unshared - sharedIdle);
        }
        return new Hour(own, capacity, cpuTotal, memTotal, idleCpu, idleMem, unshared, gpuTotal, idleGpu);
    }

    /**
     * The allocation lines of a cluster over the window of complete hours {@code [end - windowHours, end)}:
     * one per workload, namespace and team, one for the cluster, and one for unshared idle cost when sharing
     * is off. Hours without charges are not covered and count for nothing.
     */
    public static List<CostAllocation> window(String cluster, SortedMap<Long, Collection<Charge>> hours,
                                              CapacityTimeline capacity, long endHour, int windowHours, boolean shareIdle) {
        return window(cluster, hours, capacity, endHour, windowHours, shareIdle, null);
    }

    /**
     * As above, every dollar figure multiplied by the account's effective discount {@code discountFactor} (null:
     * list prices), which each line states.
     */
    public static List<CostAllocation> window(String cluster, SortedMap<Long, Collection<Charge>> hours,
                                              CapacityTimeline capacity, long endHour, int windowHours, boolean shareIdle,
                                              Double discountFactor) {
        long startHour = endHour - windowHours;
        Map<String, Line> workloads = new TreeMap<>();
        int covered = 0;
        double clusterCpuHours = 0;
        double clusterGibHours = 0;
        double clusterCpuUsd = 0;
        double clusterMemUsd = 0;
        double clusterGpuHours = 0;
        double clusterGpuUsd = 0;
        double clusterIdle = 0;
        double unshared = 0;
        for (Map.Entry<Long, Collection<Charge>> e : hours.subMap(startHour, endHour).entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            covered++;
            Hour hour = allocateHour(capacity.at(e.getKey()), e.getValue(), shareIdle);
            hour.workloads().forEach((k, line) -> workloads.merge(k, line, Line::plus));
            clusterCpuHours += Math.max(hour.capacity().cpuCores(), hour.workloads().values().stream()
                    .mapToDouble(Line::cpuCoreHours).sum());
            clusterGibHours += Math.max(hour.capacity().memoryGib(), hour.workloads().values().stream()
                    .mapToDouble(Line::memoryGibHours).sum());
            clusterCpuUsd += hour.allocatedCpuUsd();
            clusterMemUsd += hour.allocatedMemoryUsd();
            clusterGpuHours += Math.max(hour.capacity().gpus(), hour.workloads().values().stream()
                    .mapToDouble(Line::gpuHours).sum());
            clusterGpuUsd += hour.allocatedGpuUsd();
            clusterIdle += hour.idleCpuUsd() + hour.idleMemoryUsd() + hour.idleGpuUsd();
            unshared += hour.unsharedIdleUsd();
        }
        if (covered == 0) {
            return List.of();
        }
        Instant from = Instant.ofEpochSecond(startHour * 3600);
        Instant to = Instant.ofEpochSecond(endHour * 3600);
        Window w = new Window(cluster, from, to, covered, discountFactor);
        List<CostAllocation> lines = new ArrayList<>();
        Map<String, Line> namespaces = new TreeMap<>();
        Map<String, Line> teams = new TreeMap<>();
        for (Line l : workloads.values()) {
            Charge id = l.identity();
            lines.add(w.line(Level.WORKLOAD, id.namespace(), id.workloadKind(), id.workloadName(), id.team(), l));
            namespaces.merge(id.namespace(), l, Line::plus);
            teams.merge(id.team(), l, Line::plus);
        }
        namespaces.forEach((ns, l) -> lines.add(w.line(Level.NAMESPACE, ns, null, null, null, l)));
        teams.forEach((team, l) -> lines.add(w.line(Level.TEAM, null, null, null, team, l)));
        lines.add(w.line(Level.CLUSTER, null, null, null, null,
                new Line(null, clusterCpuHours, clusterGibHours, clusterCpuUsd, clusterMemUsd, clusterIdle, clusterGpuHours,
                        clusterGpuUsd)));
        if (!shareIdle) {
            lines.add(w.line(Level.IDLE, null, null, null, null, new Line(null, 0, 0, 0, 0, unshared)));
        }
        return lines;
    }

    private record Window(String cluster, Instant from, Instant to, int covered, Double discountFactor) {
        CostAllocation line(Level level, String namespace, String kind, String name, String team, Line l) {
            double f = discountFactor == null ? 1 : discountFactor;
            double total = round(l.totalUsd() * f);
            double hourly = total / covered;
            return new CostAllocation(level, cluster, namespace, kind, name, team, from, to, covered,
                    round(l.cpuCoreHours()), round(l.memoryGibHours()), round(l.cpuUsd() * f), round(l.memoryUsd() * f),
                    round(l.idleUsd() * f), total, round(hourly), round(hourly * UnitPrices.HOURS_PER_MONTH), to,
                    discountFactor, l.gpuHours() == 0 && l.gpuUsd() == 0 ? null : round(l.gpuHours()),
                    l.gpuHours() == 0 && l.gpuUsd() == 0 ? null : round(l.gpuUsd() * f));
        }
    }

    /** A cluster's own estimate for one UTC day, from the complete hours of that day that had usage. */
    public record DailyEstimate(String cluster, LocalDate date, double computeUsd, double controlPlaneUsd,
                                double estimatedUsd, int coveredHours, Instant computedAt) {
        public String key() {
            return cluster + '/' + date;
        }
    }

    /**
     * The day's nodes cost over its covered hours plus the control plane, scaled to the whole day, or null
     * when no hour of the day is covered yet. Hours at or after {@code endHour} are not complete.
     */
    public static DailyEstimate daily(String cluster, LocalDate date, SortedMap<Long, Collection<Charge>> hours,
                                      CapacityTimeline capacity, long endHour, double controlPlaneUsdPerHour) {
        long dayStart = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond() / 3600;
        long dayEnd = Math.min(dayStart + 24, endHour);
        if (dayEnd <= dayStart) {
            return null;
        }
        int covered = 0;
        double nodes = 0;
        for (Map.Entry<Long, Collection<Charge>> e : hours.subMap(dayStart, dayEnd).entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            covered++;
            nodes += allocateHour(capacity.at(e.getKey()), e.getValue(), false).nodesUsd();
        }
        if (covered == 0) {
            return null;
        }
        double scale = 24.0 / covered;
        double compute = round(nodes * scale);
        double controlPlane = round(controlPlaneUsdPerHour * 24);
        return new DailyEstimate(cluster, date, compute, controlPlane, round(compute + controlPlane), covered,
                Instant.ofEpochSecond(dayEnd * 3600));
    }

    static double round(double usd) {
        return Math.round(usd * 1e6) / 1e6;
    }
}
