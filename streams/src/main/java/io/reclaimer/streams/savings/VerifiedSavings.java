package io.reclaimer.streams.savings;

import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Savings verified against the bill, pure: for actions executed in a cluster on one day, the cluster's cost over
 * the {@value #WINDOW_DAYS} whole days before that day and the {@value #WINDOW_DAYS} after it (two windows of a
 * full week each: every weekday once on each side, so a weekly rhythm does not pass for savings), read from the
 * cluster's reconciliation days (docs/waste.md, *Savings verified against the bill*). Two figures: Reclaimer's
 * node-hours cost of those days ({@code estimatedUsd}, which already has the nodes' real prices) and Cost
 * Explorer's line for the cluster's cost-allocation tag ({@code invoicedUsd}). The day of execution itself is in
 * neither window. Monthly = the average daily difference x 730 / 24.
 *
 * <p>A figure is given only when its 14 days are all there: node-hours days need usage data for at least
 * {@value #MIN_COVERED_HOURS} hours, invoice days a Cost Explorer line; otherwise it is null and {@code status}
 * says why. Cost Explorer's estimated (not yet final) lines make the invoice figure {@code provisional}. Actions
 * executed on other days within either window make the comparison {@code overlapping}: the bill cannot tell their
 * effects apart, so the figure is theirs together, not this day's alone.
 */
public final class VerifiedSavings {

    public static final int WINDOW_DAYS = 7;
    static final int MIN_COVERED_HOURS = 20;
    private static final double DAYS_PER_MONTH = UnitPrices.HOURS_PER_MONTH / 24;

    private VerifiedSavings() {
    }

    public enum Status {
        /** Both windows complete for the node-hours figure (the invoice figure may still be null or provisional). */
        VERIFIED,
        /** The after-window has not ended yet on {@code now}. */
        PENDING,
        /** The after-window has ended but days are missing. */
        INCOMPLETE
    }

    /**
     * The comparison for one cluster and execution day (or period of days: {@code executedOn} to
     * {@code lastExecutedOn}, {@code actions} executions). Daily figures are the window's averages; the monthly ones
     * positive when the cluster costs less after.
     */
    public record Verification(String cluster, LocalDate executedOn, LocalDate lastExecutedOn, int actions,
                               double estimatedMonthlyUsd, Status status,
                               Double nodeHoursBeforeDailyUsd, Double nodeHoursAfterDailyUsd,
                               Double verifiedNodeHoursMonthlyUsd, Double invoiceBeforeDailyUsd,
                               Double invoiceAfterDailyUsd, Double verifiedInvoiceMonthlyUsd, boolean provisional,
                               boolean overlapping, String missing) {
    }

    /**
     * @param executedAt          when the actions of this day were executed (their results' {@code at})
     * @param estimatedMonthlyUsd what their requests estimated, summed
     * @param otherExecutions     execution instants of the cluster's other actions
     * @param days                the cluster's reconciliation days (any range; others are ignored)
     * @param now                 the current time: an after-window that has not ended is pending
     */
    public static Verification verify(String cluster, Instant executedAt, double estimatedMonthlyUsd,
                                      Collection<Instant> otherExecutions, Collection<CostReconciliation> days,
                                      Instant now) {
        LocalDate day = executedAt.atZone(ZoneOffset.UTC).toLocalDate();
        boolean overlapping = otherExecutions.stream().map(i -> i.atZone(ZoneOffset.UTC).toLocalDate())
                .anyMatch(d -> !d.equals(day) && !d.isBefore(day.minusDays(WINDOW_DAYS))
                        && !d.isAfter(day.plusDays(WINDOW_DAYS)));
        return compare(cluster, day, day, estimatedMonthlyUsd, 1, overlapping, days, now);
    }

    /** One executed action: when it ran and what its request estimated. */
    public record Execution(Instant at, double estimatedMonthlyUsd) {
    }

    /**
     * Executions whose days are within {@value #WINDOW_DAYS} days of one another, chained: the bill cannot tell
     * their effects apart, so they are verified together, from the week before the first to the week after the last.
     */
    public record Period(LocalDate first, LocalDate last, double estimatedMonthlyUsd, int actions) {
    }

    /** The cluster's executions grouped into periods, oldest first; consecutive periods never share a window day
     * with an execution of the other, so their figures add up (each measures its own step down). */
    public static List<Period> periods(Collection<Execution> executions) {
        List<Execution> sorted = executions.stream().sorted(java.util.Comparator.comparing(Execution::at)).toList();
        List<Period> periods = new java.util.ArrayList<>();
        LocalDate first = null;
        LocalDate last = null;
        double estimate = 0;
        int actions = 0;
        for (Execution e : sorted) {
            LocalDate day = e.at().atZone(ZoneOffset.UTC).toLocalDate();
            if (last != null && day.isAfter(last.plusDays(WINDOW_DAYS))) {
                periods.add(new Period(first, last, estimate, actions));
                first = null;
            }
            if (first == null) {
                first = day;
                estimate = 0;
                actions = 0;
            }
            last = day;
            estimate += e.estimatedMonthlyUsd();
            actions++;
        }
        if (first != null) {
            periods.add(new Period(first, last, estimate, actions));
        }
        return periods;
    }

    /**
     * The comparison for one period: the {@value #WINDOW_DAYS} days before its first execution day against the
     * {@value #WINDOW_DAYS} days after its last; {@code overlapping} when it spans several days.
     */
    public static Verification verify(String cluster, Period period, Collection<CostReconciliation> days, Instant now) {
        return compare(cluster, period.first(), period.last(), period.estimatedMonthlyUsd(), period.actions(),
                !period.first().equals(period.last()), days, now);
    }

    private static Verification compare(String cluster, LocalDate day, LocalDate lastDay, double estimatedMonthlyUsd,
                                        int actions, boolean overlapping, Collection<CostReconciliation> days,
                                        Instant now) {
        Map<LocalDate, CostReconciliation> byDate = new HashMap<>();
        for (CostReconciliation d : days) {
            if (cluster.equals(d.cluster())) {
                byDate.put(d.date(), d);
            }
        }
        List<LocalDate> before = day.minusDays(WINDOW_DAYS).datesUntil(day).toList();
        List<LocalDate> after = lastDay.plusDays(1).datesUntil(lastDay.plusDays(WINDOW_DAYS + 1)).toList();

        Double nodeBefore = average(before, byDate, true);
        Double nodeAfter = average(after, byDate, true);
        Double invoiceBefore = average(before, byDate, false);
        Double invoiceAfter = average(after, byDate, false);
        boolean provisional = before.stream().anyMatch(d -> estimatedInvoice(byDate.get(d)))
                || after.stream().anyMatch(d -> estimatedInvoice(byDate.get(d)));
        boolean afterEnded = !now.isBefore(after.get(after.size() - 1).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
        Status status = nodeBefore != null && nodeAfter != null ? Status.VERIFIED
                : afterEnded ? Status.INCOMPLETE : Status.PENDING;
        String missing = describeMissing(before, after, byDate);
        return new Verification(cluster, day, lastDay, actions, estimatedMonthlyUsd, status, nodeBefore, nodeAfter,
                monthly(nodeBefore, nodeAfter), invoiceBefore, invoiceAfter, monthly(invoiceBefore, invoiceAfter),
                provisional, overlapping, missing);
    }

    private static Double average(List<LocalDate> window, Map<LocalDate, CostReconciliation> byDate, boolean nodeHours) {
        double sum = 0;
        for (LocalDate d : window) {
            CostReconciliation r = byDate.get(d);
            if (nodeHours) {
                if (r == null || r.coveredHours() < MIN_COVERED_HOURS) {
                    return null;
                }
                sum += r.estimatedUsd();
            } else {
                if (r == null || r.invoicedUsd() == null) {
                    return null;
                }
                sum += r.invoicedUsd();
            }
        }
        return sum / window.size();
    }

    private static boolean estimatedInvoice(CostReconciliation r) {
        return r != null && Boolean.TRUE.equals(r.invoiceEstimated());
    }

    private static Double monthly(Double before, Double after) {
        return before == null || after == null ? null : (before - after) * DAYS_PER_MONTH;
    }

    private static String describeMissing(List<LocalDate> before, List<LocalDate> after,
                                          Map<LocalDate, CostReconciliation> byDate) {
        List<String> out = new java.util.ArrayList<>();
        for (List<LocalDate> window : List.of(before, after)) {
            for (LocalDate d : window) {
                CostReconciliation r = byDate.get(d);
                if (r == null) {
                    out.add(d + " no day");
                } else if (r.coveredHours() < MIN_COVERED_HOURS) {
                    out.add(d + " " + r.coveredHours() + "h of usage");
                } else if (r.invoicedUsd() == null) {
                    out.add(d + " no invoice line");
                }
            }
        }
        return Objects.requireNonNullElse(String.join(", ", out), "");
    }
}
