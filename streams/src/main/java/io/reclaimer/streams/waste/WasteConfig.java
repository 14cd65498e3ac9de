package io.reclaimer.streams.waste;

import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.streams.Checks;
import io.reclaimer.streams.allocation.AllocationConfig;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code waste} section of the configuration: when something counts as waste, what it costs, which
 * namespaces are not production, how off-hours schedules are learned and how costs are allocated. Every
 * option has a default (filled in here, so an empty YAML section works); {@code docs/configuration.md}
 * documents each one and {@code docs/pricing.md} where the prices come from.
 *
 * @param thresholdDays        how long something must have been waste before it is reported, per kind
 * @param prices               AWS list prices used to put a monthly figure on each finding
 * @param nonProduction        which namespaces are non-production (candidates for off-hours schedules)
 * @param offHours             how uptime windows are learned from usage
 * @param idleNamespaces       when a namespace counts as idle
 * @param overprovisioned      which rightsizing recommendations are material enough to be findings
 * @param allocation           OpenCost-style cost allocation and invoice reconciliation
 * @param sampleLatenessMinutes how late a usage sample may arrive and still count for its hour (default 15)
 * @param ageCheckIntervalSeconds how often findings that wait only for their age threshold are re-checked when no
 *                              new record about their resource arrives (default 60): collectors publish only
 *                              changes, so a resource that stays waste is not seen again (see docs/waste.md)
 * @param rollbackWindowDays    how long Reclaimer's own pre-delete snapshots (tag {@code reclaimer:action-id}) are
 *                              kept out of the orphaned-snapshot findings, so the rollback they exist for stays
 *                              possible (default 30)
 */
public record WasteConfig(Thresholds thresholdDays, Prices prices, NonProduction nonProduction, OffHours offHours,
                          IdleNamespaces idleNamespaces, Overprovisioned overprovisioned, AllocationConfig allocation,
                          Integer sampleLatenessMinutes, Integer ageCheckIntervalSeconds, Integer rollbackWindowDays,
                          CapacityFindings capacity) {

    public static final WasteConfig DEFAULTS = new WasteConfig(null, null, null, null, null, null, null, null, null, null,
            (CapacityFindings) null);

    /** Without the {@code capacity} section (defaults). */
    public WasteConfig(Thresholds thresholdDays, Prices prices, NonProduction nonProduction, OffHours offHours,
                       IdleNamespaces idleNamespaces, Overprovisioned overprovisioned, AllocationConfig allocation,
                       Integer sampleLatenessMinutes, Integer ageCheckIntervalSeconds, Integer rollbackWindowDays) {
        this(thresholdDays, prices, nonProduction, offHours, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, ageCheckIntervalSeconds, rollbackWindowDays, null);
    }

    public WasteConfig(Thresholds thresholdDays, Prices prices, NonProduction nonProduction, OffHours offHours,
                       IdleNamespaces idleNamespaces, Overprovisioned overprovisioned, AllocationConfig allocation,
                       Integer sampleLatenessMinutes, Integer ageCheckIntervalSeconds) {
        this(thresholdDays, prices, nonProduction, offHours, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, ageCheckIntervalSeconds, null, null);
    }

    public WasteConfig {
        thresholdDays = thresholdDays == null ? Thresholds.DEFAULTS : thresholdDays;
        prices = prices == null ? Prices.DEFAULTS : prices;
        nonProduction = nonProduction == null ? NonProduction.DEFAULTS : nonProduction;
        offHours = offHours == null ? OffHours.DEFAULTS : offHours;
        idleNamespaces = idleNamespaces == null ? IdleNamespaces.DEFAULTS : idleNamespaces;
        overprovisioned = overprovisioned == null ? Overprovisioned.DEFAULTS : overprovisioned;
        allocation = allocation == null ? AllocationConfig.DEFAULTS : allocation;
        capacity = capacity == null ? CapacityFindings.DEFAULTS : capacity;
        sampleLatenessMinutes = Checks.atLeast(sampleLatenessMinutes, 15, 0, "waste.sampleLatenessMinutes");
        if (sampleLatenessMinutes >= 60) {
            throw new IllegalArgumentException("waste.sampleLatenessMinutes must be below 60, was " + sampleLatenessMinutes);
        }
        ageCheckIntervalSeconds = Checks.atLeast(ageCheckIntervalSeconds, 60, 1, "waste.ageCheckIntervalSeconds");
        rollbackWindowDays = Checks.atLeast(rollbackWindowDays, 30, 0, "waste.rollbackWindowDays");
    }

    public Duration rollbackWindow() {
        return Duration.ofDays(rollbackWindowDays);
    }

    public Duration sampleLateness() {
        return Duration.ofMinutes(sampleLatenessMinutes);
    }

    public Duration ageCheckInterval() {
        return Duration.ofSeconds(ageCheckIntervalSeconds);
    }

    public WasteConfig withThresholds(Thresholds t) {
        return new WasteConfig(t, prices, nonProduction, offHours, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, ageCheckIntervalSeconds, rollbackWindowDays, capacity);
    }

    public WasteConfig withOffHours(OffHours o) {
        return new WasteConfig(thresholdDays, prices, nonProduction, o, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, ageCheckIntervalSeconds, rollbackWindowDays, capacity);
    }

    public WasteConfig withAgeCheckIntervalSeconds(int seconds) {
        return new WasteConfig(thresholdDays, prices, nonProduction, offHours, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, seconds, rollbackWindowDays, capacity);
    }

    public WasteConfig withRollbackWindowDays(int days) {
        return new WasteConfig(thresholdDays, prices, nonProduction, offHours, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, ageCheckIntervalSeconds, days, capacity);
    }

    public WasteConfig withCapacity(CapacityFindings c) {
        return new WasteConfig(thresholdDays, prices, nonProduction, offHours, idleNamespaces, overprovisioned, allocation,
                sampleLatenessMinutes, ageCheckIntervalSeconds, rollbackWindowDays, c);
    }

    public WasteConfig withAllocation(AllocationConfig a) {
        return new WasteConfig(thresholdDays, prices, nonProduction, offHours, idleNamespaces, overprovisioned, a,
                sampleLatenessMinutes, ageCheckIntervalSeconds, rollbackWindowDays, capacity);
    }

    /**
     * Days something must have been waste before it becomes a finding. Age is measured in event time: from
     * when the collector saw the waste start, or, for what was already waste when first seen, from the
     * resource's own timestamp (creation, stop, snapshot start).
     */
    /**
     * The {@code capacity} section: findings about capacity paid for and not used (docs/waste.md).
     *
     * @param idleGpuWindowHours     hours of DCGM utilisation an {@code idle-gpu} finding rests on (default 24)
     * @param idleGpuMaxUtilization  busiest hour's average GPU utilisation (0-1) still counted as idle (default 0.05)
     * @param underutilizedNodeMaxRequestShare the share of a node's allocatable (CPU and memory alike, 0-1) its pods
     *                               may request at their recommended values and still make it an
     *                               {@code underutilized-node} (default 0.5, Cluster Autoscaler's scale-down threshold)
     */
    public record CapacityFindings(Integer idleGpuWindowHours, Double idleGpuMaxUtilization,
                                   Double underutilizedNodeMaxRequestShare) {
        public static final CapacityFindings DEFAULTS = new CapacityFindings(null, null, null);

        public CapacityFindings(Integer idleGpuWindowHours, Double idleGpuMaxUtilization) {
            this(idleGpuWindowHours, idleGpuMaxUtilization, null);
        }

        public CapacityFindings {
            // Cluster Autoscaler's --scale-down-utilization-threshold: below half of allocatable requested, a node
            // is a scale-down candidate
            underutilizedNodeMaxRequestShare = Checks.fraction(underutilizedNodeMaxRequestShare, 0.5,
                    "waste.capacity.underutilizedNodeMaxRequestShare");
            idleGpuWindowHours = Checks.atLeast(idleGpuWindowHours, 24, 1, "waste.capacity.idleGpuWindowHours");
            idleGpuMaxUtilization = Checks.nonNegative(idleGpuMaxUtilization, 0.05, "waste.capacity.idleGpuMaxUtilization");
            if (idleGpuMaxUtilization > 1) {
                throw new IllegalArgumentException("waste.capacity.idleGpuMaxUtilization is a fraction (0-1), was "
                        + idleGpuMaxUtilization);
            }
        }
    }

    public record Thresholds(Integer unattachedVolume, Integer unassociatedAddress, Integer idleLoadBalancer,
                             Integer orphanedSnapshot, Integer stoppedInstanceVolumes, Integer unusedPvc,
                             Integer releasedPv, Integer serviceWithoutEndpoints, Integer idleNamespace,
                             Integer nodePoolConsolidation, Integer underutilizedNode, Integer spotEligible) {

        public static final Thresholds DEFAULTS = new Thresholds(null, null, null, null, null, null, null, null, null);

        public Thresholds(Integer unattachedVolume, Integer unassociatedAddress, Integer idleLoadBalancer,
                          Integer orphanedSnapshot, Integer stoppedInstanceVolumes, Integer unusedPvc,
                          Integer releasedPv, Integer serviceWithoutEndpoints, Integer idleNamespace,
                          Integer nodePoolConsolidation) {
            this(unattachedVolume, unassociatedAddress, idleLoadBalancer, orphanedSnapshot, stoppedInstanceVolumes,
                    unusedPvc, releasedPv, serviceWithoutEndpoints, idleNamespace, nodePoolConsolidation, null, null);
        }

        public Thresholds(Integer unattachedVolume, Integer unassociatedAddress, Integer idleLoadBalancer,
                          Integer orphanedSnapshot, Integer stoppedInstanceVolumes, Integer unusedPvc,
                          Integer releasedPv, Integer serviceWithoutEndpoints, Integer idleNamespace) {
            this(unattachedVolume, unassociatedAddress, idleLoadBalancer, orphanedSnapshot, stoppedInstanceVolumes,
                    unusedPvc, releasedPv, serviceWithoutEndpoints, idleNamespace, null, null, null);
        }

        public Thresholds {
            unattachedVolume = Checks.atLeast(unattachedVolume, 7, 0, "waste.thresholdDays.unattachedVolume");
            unassociatedAddress = Checks.atLeast(unassociatedAddress, 0, 0, "waste.thresholdDays.unassociatedAddress");
            idleLoadBalancer = Checks.atLeast(idleLoadBalancer, 7, 0, "waste.thresholdDays.idleLoadBalancer");
            orphanedSnapshot = Checks.atLeast(orphanedSnapshot, 30, 0, "waste.thresholdDays.orphanedSnapshot");
            stoppedInstanceVolumes = Checks.atLeast(stoppedInstanceVolumes, 7, 0, "waste.thresholdDays.stoppedInstanceVolumes");
            unusedPvc = Checks.atLeast(unusedPvc, 7, 0, "waste.thresholdDays.unusedPvc");
            releasedPv = Checks.atLeast(releasedPv, 7, 0, "waste.thresholdDays.releasedPv");
            serviceWithoutEndpoints = Checks.atLeast(serviceWithoutEndpoints, 7, 0, "waste.thresholdDays.serviceWithoutEndpoints");
            idleNamespace = Checks.atLeast(idleNamespace, 7, 1, "waste.thresholdDays.idleNamespace");
            // a pool must stay oversized through a day of deploys, scale-ups and batch peaks
            nodePoolConsolidation = Checks.atLeast(nodePoolConsolidation, 1, 0, "waste.thresholdDays.nodePoolConsolidation");
            // a node or a workload's placement must stay so through a day of deploys and peaks, like a pool
            underutilizedNode = Checks.atLeast(underutilizedNode, 1, 0, "waste.thresholdDays.underutilizedNode");
            spotEligible = Checks.atLeast(spotEligible, 1, 0, "waste.thresholdDays.spotEligible");
        }

        /** The threshold of a kind; recommendations and schedules carry their own evidence and have none. */
        public Duration of(FindingKind kind) {
            int days = switch (kind) {
                case UNATTACHED_VOLUME -> unattachedVolume;
                case UNASSOCIATED_ADDRESS -> unassociatedAddress;
                case IDLE_LOAD_BALANCER -> idleLoadBalancer;
                case ORPHANED_SNAPSHOT -> orphanedSnapshot;
                case STOPPED_INSTANCE_VOLUMES -> stoppedInstanceVolumes;
                case UNUSED_PVC -> unusedPvc;
                case RELEASED_PV -> releasedPv;
                case SERVICE_WITHOUT_ENDPOINTS -> serviceWithoutEndpoints;
                case IDLE_NAMESPACE -> idleNamespace;
                case NODE_POOL_CONSOLIDATION -> nodePoolConsolidation;
                case UNDERUTILIZED_NODE -> underutilizedNode;
                case SPOT_ELIGIBLE -> spotEligible;
                case OVERPROVISIONED_CONTAINER, OFF_HOURS_SCHEDULE, IDLE_GPU -> 0;
            };
            return Duration.ofDays(days);
        }
    }

    /**
     * Monthly list prices (us-east-1, USD) of what the findings point at; see docs/pricing.md for sources.
     * A month is 730 hours. Volume types missing from {@code ebsUsdPerGibMonth} are priced as
     * {@code defaultVolumeType}.
     */
    public record Prices(Map<String, Double> ebsUsdPerGibMonth, String defaultVolumeType, Integer gp3IncludedIops,
                         Double gp3IopsUsdPerMonth, Integer gp3IncludedThroughputMibps,
                         Double gp3ThroughputUsdPerMibpsMonth, Double provisionedIopsUsdPerMonth,
                         Double snapshotStandardUsdPerGibMonth, Double snapshotArchiveUsdPerGibMonth,
                         Double publicIpv4UsdPerHour, Double applicationLoadBalancerUsdPerHour,
                         Double networkLoadBalancerUsdPerHour, Double gatewayLoadBalancerUsdPerHour,
                         Double classicLoadBalancerUsdPerHour) {

        public static final Map<String, Double> DEFAULT_EBS = Map.of("gp3", 0.08, "gp2", 0.10, "io1", 0.125,
                "io2", 0.125, "st1", 0.045, "sc1", 0.015, "standard", 0.05);
        public static final Prices DEFAULTS = new Prices(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);

        public Prices {
            TreeMap<String, Double> ebs = new TreeMap<>(DEFAULT_EBS);
            if (ebsUsdPerGibMonth != null) {
                ebsUsdPerGibMonth.forEach((type, price) -> ebs.put(type.toLowerCase(Locale.ROOT),
                        Checks.nonNegative(price, null, "waste.prices.ebsUsdPerGibMonth." + type)));
            }
            ebsUsdPerGibMonth = java.util.Collections.unmodifiableMap(ebs);
            defaultVolumeType = defaultVolumeType == null || defaultVolumeType.isBlank() ? "gp3"
                    : defaultVolumeType.toLowerCase(Locale.ROOT);
            if (!ebsUsdPerGibMonth.containsKey(defaultVolumeType)) {
                throw new IllegalArgumentException("waste.prices.defaultVolumeType '" + defaultVolumeType
                        + "' has no price in waste.prices.ebsUsdPerGibMonth");
            }
            gp3IncludedIops = Checks.atLeast(gp3IncludedIops, 3000, 0, "waste.prices.gp3IncludedIops");
            gp3IopsUsdPerMonth = Checks.nonNegative(gp3IopsUsdPerMonth, 0.005, "waste.prices.gp3IopsUsdPerMonth");
            gp3IncludedThroughputMibps = Checks.atLeast(gp3IncludedThroughputMibps, 125, 0, "waste.prices.gp3IncludedThroughputMibps");
            gp3ThroughputUsdPerMibpsMonth = Checks.nonNegative(gp3ThroughputUsdPerMibpsMonth, 0.04,
                    "waste.prices.gp3ThroughputUsdPerMibpsMonth");
            provisionedIopsUsdPerMonth = Checks.nonNegative(provisionedIopsUsdPerMonth, 0.065, "waste.prices.provisionedIopsUsdPerMonth");
            snapshotStandardUsdPerGibMonth = Checks.nonNegative(snapshotStandardUsdPerGibMonth, 0.05,
                    "waste.prices.snapshotStandardUsdPerGibMonth");
            snapshotArchiveUsdPerGibMonth = Checks.nonNegative(snapshotArchiveUsdPerGibMonth, 0.0125,
                    "waste.prices.snapshotArchiveUsdPerGibMonth");
            publicIpv4UsdPerHour = Checks.nonNegative(publicIpv4UsdPerHour, 0.005, "waste.prices.publicIpv4UsdPerHour");
            applicationLoadBalancerUsdPerHour = Checks.nonNegative(applicationLoadBalancerUsdPerHour, 0.0225,
                    "waste.prices.applicationLoadBalancerUsdPerHour");
            networkLoadBalancerUsdPerHour = Checks.nonNegative(networkLoadBalancerUsdPerHour, 0.0225,
                    "waste.prices.networkLoadBalancerUsdPerHour");
            gatewayLoadBalancerUsdPerHour = Checks.nonNegative(gatewayLoadBalancerUsdPerHour, 0.0125,
                    "waste.prices.gatewayLoadBalancerUsdPerHour");
            classicLoadBalancerUsdPerHour = Checks.nonNegative(classicLoadBalancerUsdPerHour, 0.025,
                    "waste.prices.classicLoadBalancerUsdPerHour");
        }
    }

    /**
     * Which namespaces are non-production. The environment is the {@code environmentAnnotation} if set,
     * else the {@code environmentLabel}; a namespace with an environment is non-production when it is one
     * of {@code values}. A namespace without either is judged by its name against {@code namePatterns}
     * (globs, {@code *} for any characters). Comparisons ignore case.
     */
    public record NonProduction(String environmentLabel, String environmentAnnotation, List<String> values,
                                List<String> namePatterns) {

        public static final NonProduction DEFAULTS = new NonProduction(null, null, null, null);

        public NonProduction {
            environmentLabel = environmentLabel == null || environmentLabel.isBlank() ? "env" : environmentLabel;
            environmentAnnotation = environmentAnnotation == null || environmentAnnotation.isBlank()
                    ? ReclaimerLabels.ENVIRONMENT : environmentAnnotation;
            values = values == null ? List.of("dev", "development", "test", "testing", "qa", "staging", "stage",
                    "preview", "sandbox", "ci", "demo") : List.copyOf(values);
            namePatterns = namePatterns == null ? List.of("dev-*", "*-dev", "test-*", "*-test", "qa-*", "*-qa",
                    "staging-*", "*-staging", "preview-*", "review-*", "sandbox-*") : List.copyOf(namePatterns);
        }
    }

    /**
     * How an uptime window is learned for a non-production namespace: its CPU is averaged per hour of the
     * week (in {@code timeZone}, or the namespace's {@code timeZoneAnnotation}); an hour is active when its
     * average reaches {@code activeFraction} of the busiest hour's; the window spans the active days from
     * the first active hour to the end of the last one.
     *
     * @param minObservedHoursOfWeek how many of the 168 hours of the week must have data before proposing (default 168)
     * @param historyWeeks           how many weeks of hourly history the profile keeps (default 4)
     * @param minMonthlySavingsUsd   smaller schedules are not worth proposing (default 1.0)
     * @param maxUptimeFraction      windows longer than this share of the week are not proposed (default 0.75)
     */
    public record OffHours(String timeZone, String timeZoneAnnotation, Double activeFraction,
                           Integer minObservedHoursOfWeek, Integer historyWeeks, Double minMonthlySavingsUsd,
                           Double maxUptimeFraction) {

        public static final OffHours DEFAULTS = new OffHours(null, null, null, null, null, null, null);

        public OffHours {
            timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
            zone(timeZone, "waste.offHours.timeZone");
            timeZoneAnnotation = timeZoneAnnotation == null || timeZoneAnnotation.isBlank()
                    ? ReclaimerLabels.TIME_ZONE : timeZoneAnnotation;
            activeFraction = Checks.fraction(activeFraction, 0.2, "waste.offHours.activeFraction");
            minObservedHoursOfWeek = Checks.atLeast(minObservedHoursOfWeek, 168, 1, "waste.offHours.minObservedHoursOfWeek");
            if (minObservedHoursOfWeek > 168) {
                throw new IllegalArgumentException("waste.offHours.minObservedHoursOfWeek must be at most 168, was "
                        + minObservedHoursOfWeek);
            }
            historyWeeks = Checks.atLeast(historyWeeks, 4, 1, "waste.offHours.historyWeeks");
            minMonthlySavingsUsd = Checks.nonNegative(minMonthlySavingsUsd, 1.0, "waste.offHours.minMonthlySavingsUsd");
            maxUptimeFraction = Checks.fraction(maxUptimeFraction, 0.75, "waste.offHours.maxUptimeFraction");
        }

        public ZoneId zoneId() {
            return ZoneId.of(timeZone);
        }

        public static ZoneId zone(String id, String field) {
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException(field + " is not a time zone: " + id);
            }
        }
    }

    /**
     * A namespace is idle when its total CPU stayed below {@code maxCpuCores} in every hour of the last
     * {@code thresholdDays.idleNamespace} days. {@code excluded} namespaces are never reported.
     */
    public record IdleNamespaces(Double maxCpuCores, List<String> excluded) {

        public static final IdleNamespaces DEFAULTS = new IdleNamespaces(null, null);

        public IdleNamespaces {
            maxCpuCores = Checks.nonNegative(maxCpuCores, 0.005, "waste.idleNamespaces.maxCpuCores");
            excluded = excluded == null ? List.of("kube-system", "kube-public", "kube-node-lease") : List.copyOf(excluded);
        }
    }

    /** Recommendations become {@code overprovisioned-container} findings when both thresholds are met. */
    public record Overprovisioned(Double minMonthlySavingsUsd, Double minConfidence) {

        public static final Overprovisioned DEFAULTS = new Overprovisioned(null, null);

        public Overprovisioned {
            minMonthlySavingsUsd = Checks.nonNegative(minMonthlySavingsUsd, 5.0, "waste.overprovisioned.minMonthlySavingsUsd");
            minConfidence = Checks.fraction(minConfidence, 0.5, "waste.overprovisioned.minConfidence");
        }
    }
}
