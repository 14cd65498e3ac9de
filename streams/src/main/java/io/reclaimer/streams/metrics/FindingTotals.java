package io.reclaimer.streams.metrics;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding emitter task's open findings, aggregated as they are published and resolved: count and monthly USD by
 * kind, and monthly USD by {@code cluster, namespace, kind}. Read at scrape time under the same lock.
 */
public final class FindingTotals {

    private final Map<FindingKind, double[]> byKind = new HashMap<>();
    private final Map<List<String>, double[]> byNamespace = new HashMap<>();

    /** The published finding of one id changed from {@code before} to {@code after} (either may be null). */
    public synchronized void replace(Finding before, Finding after) {
        if (before != null) {
            apply(before, -1);
        }
        if (after != null) {
            apply(after, +1);
        }
    }

    private void apply(Finding f, int sign) {
        double[] kind = byKind.computeIfAbsent(f.kind(), k -> new double[2]);
        kind[0] += sign;
        kind[1] += sign * f.monthlyUsd();
        if (kind[0] <= 0) {
            byKind.remove(f.kind());
        }
        List<String> labels = List.of(f.cluster(), f.namespace(), f.kind().wireName());
        double[] ns = byNamespace.computeIfAbsent(labels, k -> new double[2]);
        ns[0] += sign;
        ns[1] += sign * f.monthlyUsd();
        if (ns[0] <= 0) {
            byNamespace.remove(labels);
        }
    }

    synchronized void byKindInto(Map<FindingKind, double[]> into) {
        byKind.forEach((k, v) -> {
            double[] sums = into.computeIfAbsent(k, x -> new double[2]);
            sums[0] += v[0];
            sums[1] += v[1];
        });
    }

    synchronized void byNamespaceInto(Map<List<String>, Double> into) {
        byNamespace.forEach((k, v) -> into.merge(k, v[1], Double::sum));
    }
}
