package io.reclaimer.model.rightsizing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What a container would have lived through with a proposed request, <b>estimated from its rightsizing state</b>
 * (the decaying CPU histogram and the daily peaks of the last days), not replayed from its samples: the state keeps
 * no samples. The analysis computes it for a live container (the HTTP what-if) and for the recommended value of
 * every recommendation (shown in the approval message).
 *
 * @param cpuCores                 the proposed CPU request, in cores
 * @param memoryBytes              the proposed memory request, in bytes
 * @param cpuAbovePercent          the share of CPU samples above the proposal, weighted as the CPU histogram weighs
 *                                 them (VPA's: a 24 h half-life, and by the request in force), so recent days count most
 * @param cpuThrottledPercent      the estimated share of the time CPU would be throttled were the limit the proposal:
 *                                 for usage u above it, {@code 1 − proposal/u} of its time, with the same weights
 * @param memoryDays               the days with a known memory peak (of the last {@code dailyPeakDays}, today included)
 * @param memoryDaysAbove          of those, the days whose peak was above the proposal: each would have had an OOM kill
 * @param memoryDaysWithin5Percent of those, the days whose peak came within 5% below it (OOM risk)
 * @param worstDay                 the day whose peak came closest to, or went furthest above, the proposal (CPU or
 *                                 memory, relative to it); null without any day
 * @param monthlySavingsUsd        (current request − proposal) × unit price × replicas × 730 h, the resources an HPA
 *                                 scales on left out; null when requests or prices are not known
 * @param asOf                     the newest sample of the state: the estimate covers the days before it
 */
@JsonTypeName("what-if-estimate/v1")
public record WhatIfEstimate(double cpuCores, long memoryBytes, double cpuAbovePercent, double cpuThrottledPercent,
                             int memoryDays, int memoryDaysAbove, int memoryDaysWithin5Percent, Day worstDay,
                             Double monthlySavingsUsd, Instant asOf) implements Event {

    /** The share below the proposal that counts as OOM risk. */
    public static final double NEAR_OOM_FRACTION = 0.05;

    /** A UTC day and its peaks. */
    public record Day(LocalDate date, double cpuPeakCores, long memoryPeakBytes) {
        public Day {
            Require.present(date, "worstDay.date");
            Require.nonNegative(cpuPeakCores, "worstDay.cpuPeakCores");
            Require.nonNegative(memoryPeakBytes, "worstDay.memoryPeakBytes");
        }
    }

    public WhatIfEstimate {
        if (!(cpuCores > 0) || Double.isInfinite(cpuCores)) {
            throw new InvalidEventException("cpuCores must be a finite number > 0, was " + cpuCores);
        }
        if (memoryBytes <= 0) {
            throw new InvalidEventException("memoryBytes must be > 0, was " + memoryBytes);
        }
        percent(cpuAbovePercent, "cpuAbovePercent");
        percent(cpuThrottledPercent, "cpuThrottledPercent");
        Require.nonNegative(memoryDays, "memoryDays");
        Require.nonNegative(memoryDaysAbove, "memoryDaysAbove");
        Require.nonNegative(memoryDaysWithin5Percent, "memoryDaysWithin5Percent");
        if (memoryDaysAbove + memoryDaysWithin5Percent > memoryDays) {
            throw new InvalidEventException("memoryDaysAbove + memoryDaysWithin5Percent ("
                    + memoryDaysAbove + " + " + memoryDaysWithin5Percent + ") exceed memoryDays (" + memoryDays + ")");
        }
        if (monthlySavingsUsd != null) {
            Require.finite(monthlySavingsUsd, "monthlySavingsUsd");
        }
        Require.present(asOf, "asOf");
    }

    private static void percent(double value, String field) {
        if (!(value >= 0 && value <= 100)) {
            throw new InvalidEventException(field + " must be within [0, 100], was " + value);
        }
    }
}
