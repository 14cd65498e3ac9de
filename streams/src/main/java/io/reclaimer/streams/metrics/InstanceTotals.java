package io.reclaimer.streams.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The rightsizing aggregates of a whole instance, kept as the tasks' change (each task also keeps its own share in
 * {@link RightsizingTotals}, to take it back when it leaves): per cluster, per namespace, per workload, and the
 * workloads ranked by savings. A scrape reads what it exports and nothing else: the clusters, the namespaces and the
 * first N workloads of the ranking, never every workload.
 */
final class InstanceTotals {

    private record Ranked(double savings, String workload) implements Comparable<Ranked> {
        @Override
        public int compareTo(Ranked o) {
            int c = Double.compare(o.savings, savings);
            return c != 0 ? c : workload.compareTo(o.workload);
        }
    }

    private final Map<String, double[]> clusters = new HashMap<>();
    private final Map<String, double[]> namespaces = new HashMap<>();
    private final Map<String, double[]> workloads = new HashMap<>();
    private final TreeSet<Ranked> ranking = new TreeSet<>();

    synchronized void cluster(String cluster, double[] delta) {
        double[] sums = clusters.computeIfAbsent(cluster, k -> new double[delta.length]);
        for (int i = 0; i < delta.length; i++) {
            sums[i] += delta[i];
        }
        if (sums[RightsizingTotals.COUNT] <= 0) {
            clusters.remove(cluster);
        }
    }

    synchronized void namespace(String namespace, int count, double savings) {
        double[] sums = namespaces.computeIfAbsent(namespace, k -> new double[2]);
        sums[0] += count;
        sums[1] += savings;
        if (sums[0] <= 0) {
            namespaces.remove(namespace);
        }
    }

    synchronized void workload(String workload, int count, double savings) {
        double[] sums = workloads.computeIfAbsent(workload, k -> new double[2]);
        ranking.remove(new Ranked(sums[1], workload));
        sums[0] += count;
        sums[1] += savings;
        if (sums[0] <= 0) {
            workloads.remove(workload);
        } else {
            ranking.add(new Ranked(sums[1], workload));
        }
    }

    synchronized void clusters(BiConsumer<String, double[]> action) {
        clusters.forEach(action);
    }

    synchronized void namespaces(BiConsumer<String, Double> action) {
        namespaces.forEach((k, v) -> action.accept(k, v[1]));
    }

    /** The first {@code n} workloads by savings, most first. */
    synchronized void topWorkloads(int n, BiConsumer<String, Double> action) {
        int taken = 0;
        for (Ranked r : ranking) {
            if (taken++ >= n) {
                return;
            }
            action.accept(r.workload(), r.savings());
        }
    }
}
