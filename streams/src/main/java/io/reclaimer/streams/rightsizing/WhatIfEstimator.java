package io.reclaimer.streams.rightsizing;

import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.streams.rightsizing.histogram.Histogram;
import io.reclaimer.streams.rightsizing.histogram.HistogramOptions;
import io.reclaimer.streams.rightsizing.state.DailyPeaks;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The what-if of a proposed request for a live container, from its rightsizing state alone: pure, state and
 * proposal in, {@link WhatIfEstimate} out. The state keeps no samples, so this is an estimate, not the replay that
 * {@code reclaimer rightsize --what-if} makes of a recorded history:
 * <ul>
 *   <li>CPU from the decaying CPU histogram: the weight of the buckets above the proposal (the bucket it falls in
 *       counted pro rata of its width) over the total weight, so the share is recency-weighted as VPA weighs it (a
 *       24 h half-life, and by the CPU request in force when each sample came). Throttling: a sample at usage
 *       {@code u} above the proposal would be throttled {@code 1 − proposal/u} of its time were the limit the
 *       proposal (CFS hands out the quota, the rest of each period waits); {@code u} is the middle of the part of
 *       the bucket above the proposal, so within a bucket's 5% the estimate can be off by as much;</li>
 *   <li>memory from the daily peaks (the highest reading of each UTC day across the container's pods, kept in whole
 *       MiB rounded up, for the last days the state keeps): days above the proposal, each of which would have seen
 *       an OOM kill, and days within 5% below it. How many readings were above is not known, only that a day was;
 *       </li>
 *   <li>the worst day: the day whose CPU or memory peak is the highest relative to the proposal;</li>
 *   <li>savings as the recommendation prices them (requests, prices, replicas and HPA from the inventory).</li>
 * </ul>
 */
final class WhatIfEstimator {

    private WhatIfEstimator() {
    }

    /** The estimate, or empty when the state has no usage yet. The proposal must be positive. */
    public static Optional<WhatIfEstimate> estimate(RightsizingState state, double cpuCores, long memoryBytes) {
        if (!(cpuCores > 0) || Double.isInfinite(cpuCores) || memoryBytes <= 0) {
            throw new IllegalArgumentException("the proposed CPU and memory must be > 0, were " + cpuCores + " cores and "
                    + memoryBytes + " bytes");
        }
        if (state.aggregate().isEmpty()) {
            return Optional.empty();
        }
        double[] cpu = cpuAbove(state.aggregate().cpuUsage(), cpuCores);
        DailyPeaks daily = state.dailyPeaks();
        int days = 0;
        int above = 0;
        int near = 0;
        int worstAge = -1;
        double worstRatio = -1;
        for (int age = 0; age < daily.days(); age++) {
            long memory = daily.memoryPeak(age);
            long cpuPeak = daily.cpuPeak(age);
            if (memory > 0) {
                days++;
                if (memory > memoryBytes) {
                    above++;
                } else if (memory >= memoryBytes * (1 - WhatIfEstimate.NEAR_OOM_FRACTION)) {
                    near++;
                }
            }
            double ratio = Math.max(memory / (double) memoryBytes, ResourceAmounts.coresFromCpuAmount(cpuPeak) / cpuCores);
            if ((memory > 0 || cpuPeak > 0) && ratio > worstRatio) {
                worstRatio = ratio;
                worstAge = age;
            }
        }
        WhatIfEstimate.Day worst = worstAge < 0 ? null : new WhatIfEstimate.Day(
                LocalDate.ofEpochDay(daily.newestDay() - worstAge),
                ResourceAmounts.coresFromCpuAmount(daily.cpuPeak(worstAge)), daily.memoryPeak(worstAge));
        Double savings = Recommendations.savings(state.facts(), ResourceAmounts.cpuAmountFromCores(cpuCores), memoryBytes,
                Recommendations.replicas(state));
        return Optional.of(new WhatIfEstimate(cpuCores, memoryBytes, cpu[0], cpu[1], days, above, near, worst, savings,
                Instant.ofEpochMilli(state.newestTime())));
    }

    /** {share above, share of time throttled}, in percent of the histogram's weight. */
    static double[] cpuAbove(Histogram histogram, double proposal) {
        if (histogram.isEmpty() || !(histogram.totalWeight() > 0)) {
            return new double[] {0, 0};
        }
        HistogramOptions options = histogram.options();
        double above = 0;
        double throttled = 0;
        for (int bucket = histogram.minBucket(); bucket <= histogram.maxBucket(); bucket++) {
            double weight = histogram.bucketWeight(bucket);
            if (weight <= 0) {
                continue;
            }
            double start = options.bucketStart(bucket);
            double end = bucket + 1 < options.numBuckets() ? options.bucketStart(bucket + 1) : start;
            double part;
            double usage;
            if (start >= proposal) {
                part = 1;
                usage = (start + end) / 2;
            } else if (end > proposal) {
                part = (end - proposal) / (end - start);
                usage = (proposal + end) / 2;
            } else {
                continue;
            }
            above += weight * part;
            throttled += weight * part * (1 - proposal / usage);
        }
        double total = histogram.totalWeight();
        return new double[] {Math.min(100, 100 * above / total), Math.min(100, 100 * throttled / total)};
    }
}
