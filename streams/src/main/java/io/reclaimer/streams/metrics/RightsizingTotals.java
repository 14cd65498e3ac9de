package io.reclaimer.streams.metrics;

import io.reclaimer.model.ContainerRef;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One task's (one partition's) rightsizing aggregates, kept up to date as recommendations change: per cluster, the
 * containers and their summed requests and targets; per namespace and per workload, the positive monthly savings; and
 * every container ranked by savings, for the top-N series. The stream thread of the task writes, the scrape reads
 * (under the same lock), and a task that moves to another instance takes its totals with it.
 */
public final class RightsizingTotals {

    /** Cluster sums: [containers, containers with a CPU request, CPU request, CPU target of those, same for memory ×3]. */
    static final int COUNT = 0;
    static final int CPU_COUNTED = 1;
    static final int CPU_REQUEST = 2;
    static final int CPU_TARGET = 3;
    static final int MEMORY_COUNTED = 4;
    static final int MEMORY_REQUEST = 5;
    static final int MEMORY_TARGET = 6;

    /** A container in the savings ranking. */
    public record Ranked(String key, Contribution contribution) {
    }

    static final Comparator<Ranked> BY_SAVINGS_DESCENDING = Comparator
            .comparingDouble((Ranked r) -> r.contribution().rank()).reversed().thenComparing(Ranked::key);

    private final Map<String, double[]> clusters = new HashMap<>();
    private final Map<String, double[]> namespaces = new HashMap<>();
    private final Map<String, double[]> workloads = new HashMap<>();
    private final TreeSet<Ranked> ranking = new TreeSet<>(BY_SAVINGS_DESCENDING);

    /** Replaces a container's contribution: {@code before} (null: none) by {@code after} (null: gone). */
    public synchronized void replace(String key, Contribution before, Contribution after) {
        if (before == null && after == null) {
            return;
        }
        ContainerRef c = ContainerRef.parse(key);
        if (before != null) {
            apply(c, before, -1);
            ranking.remove(new Ranked(key, before));
        }
        if (after != null) {
            apply(c, after, +1);
            ranking.add(new Ranked(key, after));
        }
    }

    private void apply(ContainerRef c, Contribution x, int sign) {
        double[] cluster = add(clusters, c.cluster(), 7, COUNT, sign);
        if (!Double.isNaN(x.cpuRequestCores())) {
            cluster[CPU_COUNTED] += sign;
            cluster[CPU_REQUEST] += sign * x.cpuRequestCores();
            cluster[CPU_TARGET] += sign * x.cpuTargetCores();
        }
        if (!Double.isNaN(x.memoryRequestBytes())) {
            cluster[MEMORY_COUNTED] += sign;
            cluster[MEMORY_REQUEST] += sign * x.memoryRequestBytes();
            cluster[MEMORY_TARGET] += sign * x.memoryTargetBytes();
        }
        forget(clusters, c.cluster());
        if (x.savingsUsd() > 0) {
            String namespace = c.cluster() + '/' + c.namespace();
            add(namespaces, namespace, 2, 0, sign)[1] += sign * x.savingsUsd();
            forget(namespaces, namespace);
            String workload = c.workload().key();
            add(workloads, workload, 2, 0, sign)[1] += sign * x.savingsUsd();
            forget(workloads, workload);
        }
    }

    private static double[] add(Map<String, double[]> map, String key, int width, int countAt, int sign) {
        double[] sums = map.computeIfAbsent(key, k -> new double[width]);
        sums[countAt] += sign;
        return sums;
    }

    /** A key counted by nothing any more leaves the map: its series disappears rather than stays at zero. */
    private static void forget(Map<String, double[]> map, String key) {
        double[] sums = map.get(key);
        if (sums != null && sums[0] <= 0) {
            map.remove(key);
        }
    }

    /** Adds this task's cluster sums into {@code into}. */
    synchronized void clustersInto(Map<String, double[]> into) {
        clusters.forEach((k, v) -> {
            double[] sums = into.computeIfAbsent(k, x -> new double[v.length]);
            for (int i = 0; i < v.length; i++) {
                sums[i] += v[i];
            }
        });
    }

    /** Adds this task's namespace ({@code cluster/namespace}) savings into {@code into}. */
    synchronized void namespacesInto(Map<String, Double> into) {
        namespaces.forEach((k, v) -> into.merge(k, v[1], Double::sum));
    }

    /** Adds this task's workload savings into {@code into}. */
    synchronized void workloadsInto(Map<String, Double> into) {
        workloads.forEach((k, v) -> into.merge(k, v[1], Double::sum));
    }

    /** The task's first {@code n} containers by savings, most first. */
    synchronized void topInto(int n, Consumer<Ranked> into) {
        int taken = 0;
        for (Ranked r : ranking) {
            if (taken++ >= n) {
                return;
            }
            into.accept(r);
        }
    }

    synchronized int containers() {
        return ranking.size();
    }
}
