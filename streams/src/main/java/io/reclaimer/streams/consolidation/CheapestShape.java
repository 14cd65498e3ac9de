package io.reclaimer.streams.consolidation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The cheapest instance type for a node pool's shape: for each candidate, the nodes needed for the pool's total
 * CPU and memory (and its largest pod, which must fit one node) at the candidate's allocatable share, times its
 * price. Graviton (arm64) types are candidates only when every workload of the pool can run on arm64. Pure.
 */
final class CheapestShape {

    /** Kubelet and system reservations leave about this share of a node allocatable. */
    static final double ALLOCATABLE_SHARE = 0.9;

    private CheapestShape() {
    }

    public record Candidate(String instanceType, double vcpu, double memoryGib, double usdPerHour, boolean graviton) {
    }

    public record Choice(Candidate type, int nodes, double usdPerHour) {
    }

    /** The pool's demand: totals and the largest single pod. */
    public record Demand(double cpuCores, double memoryGib, double largestPodCpuCores, double largestPodMemoryGib,
                         boolean armAllowed) {
    }

    public static Optional<Choice> cheapest(Demand demand, List<Candidate> candidates) {
        return candidates.stream()
                .filter(c -> demand.armAllowed() || !c.graviton())
                .filter(c -> c.vcpu() * ALLOCATABLE_SHARE >= demand.largestPodCpuCores()
                        && c.memoryGib() * ALLOCATABLE_SHARE >= demand.largestPodMemoryGib())
                .map(c -> {
                    int nodes = (int) Math.max(1, Math.max(Math.ceil(demand.cpuCores() / (c.vcpu() * ALLOCATABLE_SHARE) - 1e-9),
                            Math.ceil(demand.memoryGib() / (c.memoryGib() * ALLOCATABLE_SHARE) - 1e-9)));
                    return new Choice(c, nodes, nodes * c.usdPerHour());
                })
                .min(Comparator.comparingDouble(Choice::usdPerHour).thenComparing(ch -> ch.type().instanceType()));
    }
}
