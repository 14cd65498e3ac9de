package io.reclaimer.streams.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.streams.savings.VerifiedSavings.Status;
import io.reclaimer.streams.savings.VerifiedSavings.Verification;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedSavingsTest {

    // a Wednesday; the method is calendar arithmetic on the days given, no clock involved
    private static final LocalDate EXECUTION_DAY = LocalDate.of(2026, 11, 18);
    private static final Instant EXECUTED_AT = EXECUTION_DAY.atTime(14, 0).toInstant(ZoneOffset.UTC);
    private static final Instant AFTER_BOTH_WINDOWS = EXECUTION_DAY.plusDays(9).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final double DAYS_PER_MONTH = 730.0 / 24;

    /** Weekdays dear, weekends cheap (batch off): both windows see each weekday once. */
    private static double nodeCost(LocalDate d) {
        boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
        return (weekend ? 60 : 100) - (d.isAfter(EXECUTION_DAY) ? 10 : 0);
    }

    private static CostReconciliation day(LocalDate d, int coveredHours, Double invoice, boolean estimated) {
        double estimate = nodeCost(d);
        return new CostReconciliation("prod", d, "cluster", "AmortizedCost", estimate - 2.4, 2.4, estimate, coveredHours,
                invoice, invoice == null ? null : estimated, invoice == null ? null : invoice - estimate, null,
                d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static List<CostReconciliation> fortnight() {
        List<CostReconciliation> days = new ArrayList<>();
        for (LocalDate d = EXECUTION_DAY.minusDays(10); d.isBefore(EXECUTION_DAY.plusDays(10)); d = d.plusDays(1)) {
            days.add(day(d, 24, nodeCost(d) * 1.2 - (d.isAfter(EXECUTION_DAY) ? 1 : 0), false));
        }
        return days;
    }

    @Test
    void theWeekAfterIsComparedWithTheWeekBeforeOnNodeHoursAndOnTheInvoice() {
        Verification v = VerifiedSavings.verify("prod", EXECUTED_AT, 320, List.of(), fortnight(), AFTER_BOTH_WINDOWS);

        assertThat(v.status()).isEqualTo(Status.VERIFIED);
        assertThat(v.nodeHoursBeforeDailyUsd() - v.nodeHoursAfterDailyUsd()).as("the weekend dip cancels out").isCloseTo(10, within(1e-9));
        assertThat(v.verifiedNodeHoursMonthlyUsd()).isCloseTo(10 * DAYS_PER_MONTH, within(1e-9));
        // the invoice is 1.2 x the node-hours, less a dollar a day after: 12 + 1 a day
        assertThat(v.verifiedInvoiceMonthlyUsd()).isCloseTo(13 * DAYS_PER_MONTH, within(1e-9));
        assertThat(v.estimatedMonthlyUsd()).isEqualTo(320);
        assertThat(v.provisional()).isFalse();
        assertThat(v.overlapping()).isFalse();
        assertThat(v.missing()).isEmpty();
    }

    @Test
    void beforeTheWeekAfterHasEndedTheVerificationIsPending() {
        Instant sixDaysLater = EXECUTED_AT.plus(Duration.ofDays(6));
        List<CostReconciliation> soFar = fortnight().stream().filter(d -> d.date().isBefore(EXECUTION_DAY.plusDays(6))).toList();
        Verification v = VerifiedSavings.verify("prod", EXECUTED_AT, 320, List.of(), soFar, sixDaysLater);
        assertThat(v.status()).isEqualTo(Status.PENDING);
        assertThat(v.verifiedNodeHoursMonthlyUsd()).isNull();
        assertThat(v.verifiedInvoiceMonthlyUsd()).isNull();
    }

    @Test
    void aDayWithoutEnoughUsageOrWithoutAnInvoiceLineLeavesItsFigureOutAndIsNamed() {
        List<CostReconciliation> days = new ArrayList<>(fortnight());
        LocalDate outage = EXECUTION_DAY.plusDays(3);
        LocalDate noLine = EXECUTION_DAY.minusDays(2);
        days.replaceAll(d -> d.date().equals(outage) ? day(outage, 11, 100.0, false)
                : d.date().equals(noLine) ? day(noLine, 24, null, false) : d);

        Verification v = VerifiedSavings.verify("prod", EXECUTED_AT, 320, List.of(), days, AFTER_BOTH_WINDOWS);
        assertThat(v.status()).isEqualTo(Status.INCOMPLETE);
        assertThat(v.verifiedNodeHoursMonthlyUsd()).isNull();
        assertThat(v.verifiedInvoiceMonthlyUsd()).isNull();
        assertThat(v.missing()).contains(outage + " 11h of usage").contains(noLine + " no invoice line");
    }

    @Test
    void estimatedInvoiceLinesAreProvisionalAndOtherExecutionsInTheWindowsOverlap() {
        List<CostReconciliation> days = new ArrayList<>(fortnight());
        LocalDate last = EXECUTION_DAY.plusDays(7);
        days.replaceAll(d -> d.date().equals(last) ? day(last, 24, d.invoicedUsd(), true) : d);
        Instant threeDaysLater = EXECUTED_AT.plus(Duration.ofDays(3));

        Verification v = VerifiedSavings.verify("prod", EXECUTED_AT, 320, List.of(EXECUTED_AT.plusSeconds(600), threeDaysLater),
                days, AFTER_BOTH_WINDOWS);
        assertThat(v.status()).isEqualTo(Status.VERIFIED);
        assertThat(v.provisional()).isTrue();
        assertThat(v.overlapping()).as("an execution three days later is in the after-window").isTrue();

        Verification sameDayOnly = VerifiedSavings.verify("prod", EXECUTED_AT, 320, List.of(EXECUTED_AT.plusSeconds(600)),
                fortnight(), AFTER_BOTH_WINDOWS);
        assertThat(sameDayOnly.overlapping()).as("the same day's actions are verified together").isFalse();
    }

    @Test
    void executionsAtMostAWeekApartAreOnePeriodVerifiedFromTheWeekBeforeTheFirstToTheWeekAfterTheLast() {
        List<VerifiedSavings.Period> periods = VerifiedSavings.periods(List.of(
                new VerifiedSavings.Execution(EXECUTED_AT, 100),
                new VerifiedSavings.Execution(EXECUTED_AT.plus(Duration.ofDays(7)), 50),
                new VerifiedSavings.Execution(EXECUTED_AT.plus(Duration.ofDays(15)), 20)));
        assertThat(periods).containsExactly(
                new VerifiedSavings.Period(EXECUTION_DAY, EXECUTION_DAY.plusDays(7), 150, 2),
                new VerifiedSavings.Period(EXECUTION_DAY.plusDays(15), EXECUTION_DAY.plusDays(15), 20, 1));

        List<CostReconciliation> days = new ArrayList<>();
        for (LocalDate d = EXECUTION_DAY.minusDays(10); d.isBefore(EXECUTION_DAY.plusDays(20)); d = d.plusDays(1)) {
            days.add(day(d, 24, 100.0, false));
        }
        Verification v = VerifiedSavings.verify("prod", periods.get(0), days, AFTER_BOTH_WINDOWS.plus(Duration.ofDays(10)));
        assertThat(v.status()).isEqualTo(Status.VERIFIED);
        assertThat(v.executedOn()).isEqualTo(EXECUTION_DAY);
        assertThat(v.lastExecutedOn()).isEqualTo(EXECUTION_DAY.plusDays(7));
        assertThat(v.overlapping()).isTrue();
        assertThat(v.actions()).isEqualTo(2);
        // nodeCost is 10 less on every day after EXECUTION_DAY: both windows of this period are 10 apart only if the
        // before-window ends before EXECUTION_DAY, which it does
        assertThat(v.verifiedNodeHoursMonthlyUsd()).isCloseTo(10 * DAYS_PER_MONTH, within(1e-9));
    }
}
