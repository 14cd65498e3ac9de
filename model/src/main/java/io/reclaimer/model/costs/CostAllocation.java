package io.reclaimer.model.costs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import io.reclaimer.model.Event;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;

/**
 * What one workload, namespace, team or cluster cost over a trailing window of complete hours, the way
 * OpenCost allocates: each container is charged max(request, usage) of CPU and memory at its nodes' unit
 * prices, and the capacity nobody was charged for (the nodes' idle cost) is shared out in proportion to
 * those charges ({@code idleUsd}), or reported as a separate {@link Level#IDLE} line when sharing is off.
 *
 * <p>{@code coveredHours} are the hours of the window that had usage data; {@code hourlyUsd} is
 * {@code totalUsd / coveredHours} and {@code monthlyUsd} projects it over 730 hours. The compacted
 * {@code costs.allocation} topic keeps the latest window per {@link #key()}; a tombstone means the
 * workload (or namespace, team) no longer appears in its cluster's window.
 *
 * <p>{@code discountFactor} is the account's effective discount (docs/pricing.md) the dollar figures were
 * multiplied by: list prices times the factor is what the account really pays. Null (and in records written
 * before it existed) means list prices. {@code gpuHours}/{@code gpuUsd} are the GPUs requested (GPU-hours) and
 * their cost at the nodes' GPU unit price, included in {@code totalUsd}; null when the line has no GPU.
 */
@JsonTypeName("cost-allocation/v1")
public record CostAllocation(Level level, String cluster, String namespace, String workloadKind, String workloadName,
                             String team, Instant windowStart, Instant windowEnd, int coveredHours,
                             double cpuCoreHours, double memoryGibHours, double cpuUsd, double memoryUsd,
                             double idleUsd, double totalUsd, double hourlyUsd, double monthlyUsd,
                             Instant computedAt,
                             @AddedLater("issue 16: the effective discount, null when unknown") Double discountFactor,
                             @AddedLater("issue 16: GPU-hours, null before GPUs were counted") Double gpuHours,
                             @AddedLater("issue 16: GPU cost, null before GPUs were counted") Double gpuUsd) implements Event {

    /** What a line aggregates. */
    public enum Level {
        CLUSTER("cluster"), NAMESPACE("namespace"), WORKLOAD("workload"), TEAM("team"), IDLE("idle");

        private final String wireName;

        Level(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        @JsonCreator
        public static Level fromWireName(String name) {
            for (Level level : values()) {
                if (level.wireName.equals(name)) {
                    return level;
                }
            }
            throw new InvalidEventException("unknown allocation level: " + name);
        }
    }

    public CostAllocation {
        Require.present(level, "level");
        Require.segment(cluster, "cluster");
        namespace = namespace == null ? "" : namespace;
        workloadKind = workloadKind == null ? "" : workloadKind;
        workloadName = workloadName == null ? "" : workloadName;
        team = team == null ? "" : team;
        switch (level) {
            case NAMESPACE -> Require.segment(namespace, "namespace");
            case WORKLOAD -> {
                Require.segment(namespace, "namespace");
                Require.segment(workloadKind, "workloadKind");
                Require.segment(workloadName, "workloadName");
            }
            case TEAM -> Require.segment(team, "team");
            default -> {
                // cluster-wide lines carry no narrower identity
            }
        }
        Require.present(windowStart, "windowStart");
        Require.present(windowEnd, "windowEnd");
        if (!windowEnd.isAfter(windowStart)) {
            throw new InvalidEventException("windowEnd must be after windowStart");
        }
        Require.nonNegative(coveredHours, "coveredHours");
        Require.nonNegative(cpuCoreHours, "cpuCoreHours");
        Require.nonNegative(memoryGibHours, "memoryGibHours");
        Require.nonNegative(cpuUsd, "cpuUsd");
        Require.nonNegative(memoryUsd, "memoryUsd");
        Require.nonNegative(idleUsd, "idleUsd");
        Require.nonNegative(totalUsd, "totalUsd");
        Require.nonNegative(hourlyUsd, "hourlyUsd");
        Require.nonNegative(monthlyUsd, "monthlyUsd");
        Require.present(computedAt, "computedAt");
        if (discountFactor != null && !(discountFactor > 0)) {
            throw new InvalidEventException("discountFactor must be positive, was " + discountFactor);
        }
        Require.nonNegativeOrNull(gpuHours, "gpuHours");
        Require.nonNegativeOrNull(gpuUsd, "gpuUsd");
    }

    /** At list prices. */
    public CostAllocation(Level level, String cluster, String namespace, String workloadKind, String workloadName,
                          String team, Instant windowStart, Instant windowEnd, int coveredHours,
                          double cpuCoreHours, double memoryGibHours, double cpuUsd, double memoryUsd,
                          double idleUsd, double totalUsd, double hourlyUsd, double monthlyUsd, Instant computedAt) {
        this(level, cluster, namespace, workloadKind, workloadName, team, windowStart, windowEnd, coveredHours,
                cpuCoreHours, memoryGibHours, cpuUsd, memoryUsd, idleUsd, totalUsd, hourlyUsd, monthlyUsd, computedAt, null,
                null, null);
    }

    /** {@code cluster/level/identity}: {@code prod-eu/namespace/shop}, {@code prod-eu/workload/shop/Deployment/web}. */
    public String key() {
        return keyOf(level, cluster, namespace, workloadKind, workloadName, team);
    }

    public static String keyOf(Level level, String cluster, String namespace, String workloadKind, String workloadName,
                               String team) {
        return switch (level) {
            case CLUSTER, IDLE -> cluster + '/' + level.wireName();
            case NAMESPACE -> cluster + "/namespace/" + namespace;
            case WORKLOAD -> cluster + "/workload/" + namespace + '/' + workloadKind + '/' + workloadName;
            case TEAM -> cluster + "/team/" + team;
        };
    }
}
