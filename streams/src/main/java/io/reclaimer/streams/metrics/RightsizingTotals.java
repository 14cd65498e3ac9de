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
final class RightsizingTotals {

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

    static final Comparator<Ranked> BY_SAVINGS_DESCENDING = (a, b) -> {
        int c = Double.compare(b.contribution().rank(), a.contribution().rank());
        return c != 0 ? c : a.key().compareTo(b.key());
    };

    private final InstanceTotals instance;
    private final Map<String, double[]> clusters = new HashMap<>();
    private final Map<String, double[]> namespaces = new HashMap<>();
    private final Map<String, double[]> workloads = new HashMap<>();
    private final TreeSet<Ranked> ranking = new TreeSet<>(BY_SAVINGS_DESCENDING);

    RightsizingTotals(InstanceTotals instance) {
        this.instance = instance;
    }

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
        double[] delta = new double[7];
        delta[COUNT] = sign;
        if (!Double.isNaN(x.cpuRequestCores())) {
            delta[CPU_COUNTED] = sign;
            delta[CPU_REQUEST] = sign * x.cpuRequestCores();
            delta[CPU_TARGET] = sign * x.cpuTargetCores();
        }
        if (!Double.isNaN(x.memoryRequestBytes())) {
            delta[MEMORY_COUNTED] = sign;
            delta[MEMORY_REQUEST] = sign * x.memoryRequestBytes();
            delta[MEMORY_TARGET] = sign * x.memoryTargetBytes();
        }
        addAll(clusters, c.cluster(), delta);
        instance.cluster(c.cluster(), delta);
        if (x.savingsUsd() > 0) {
            String namespace = c.cluster() + '/' + c.namespace();
            addAll(namespaces, namespace, new double[] {sign, sign * x.savingsUsd()});
            instance.namespace(namespace, sign, sign * x.savingsUsd());
            String workload = c.workload().key();
            addAll(workloads, workload, new double[] {sign, sign * x.savingsUsd()});
            instance.workload(workload, sign, sign * x.savingsUsd());
        }
    }

    /** Adds {@code delta} to the key's sums; a key counted by nothing any more leaves the map. */
    private static void addAll(Map<String, double[]> map, String key, double[] delta) {
        double[] sums = map.computeIfAbsent(key, k -> new double[delta.length]);
        for (int i = 0; i < delta.length; i++) {
            sums[i] += delta[i];
        }
        if (sums[0] <= 0) {
            map.remove(key);
        }
    }

    /** The task leaves this instance: its share leaves the instance's totals. */
    synchronized void withdraw() {
        clusters.forEach((k, v) -> {
            double[] minus = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                minus[i] = -v[i];
            }
            instance.cluster(k, minus);
        });
        namespaces.forEach((k, v) -> instance.namespace(k, (int) -v[0], -v[1]));
        workloads.forEach((k, v) -> instance.workload(k, (int) -v[0], -v[1]));
        clusters.clear();
        namespaces.clear();
        workloads.clear();
        ranking.clear();
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
