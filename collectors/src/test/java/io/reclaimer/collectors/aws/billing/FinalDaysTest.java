package io.reclaimer.collectors.aws.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.billing.BillingLine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FinalDaysTest {

    private static final String ACCOUNT = "123456789012";
    private static final List<String> METRICS = List.of("UnblendedCost", "AmortizedCost");
    private static final DateRange NOVEMBER_15_TO_19 = new DateRange(LocalDate.parse("2025-11-15"), LocalDate.parse("2025-11-20"));

    private final FinalDays finalDays = new FinalDays();

    @Test
    void nothingKnownMeansTheWholeWindowIsOneQuery() {
        assertThat(finalDays.pending(ACCOUNT, Grouping.SERVICE, METRICS, NOVEMBER_15_TO_19))
                .containsExactly(NOVEMBER_15_TO_19);
    }

    @Test
    void finalDaysAreLeftOutEvenBetweenEstimatedOnesSoNoneIsPaidForTwice() {
        finalDays.markFinal(ACCOUNT, Grouping.SERVICE, METRICS, List.of(day("2025-11-15"), day("2025-11-17")));

        assertThat(finalDays.pending(ACCOUNT, Grouping.SERVICE, METRICS, NOVEMBER_15_TO_19)).containsExactly(
                new DateRange(day("2025-11-16"), day("2025-11-17")), new DateRange(day("2025-11-18"), day("2025-11-20")));
    }

    @Test
    void aFinalWindowNeedsNoQueryAtAll() {
        finalDays.markFinal(ACCOUNT, Grouping.SERVICE, METRICS, NOVEMBER_15_TO_19.start().datesUntil(NOVEMBER_15_TO_19.end()).toList());

        assertThat(finalDays.pending(ACCOUNT, Grouping.SERVICE, METRICS, NOVEMBER_15_TO_19)).isEmpty();
    }

    @Test
    void finalityIsPerAccountGroupingAndMetricSoANewTagKeyOrMetricIsReadBack() {
        finalDays.markFinal(ACCOUNT, Grouping.SERVICE, METRICS, List.of(day("2025-11-19")));

        assertThat(finalDays.isFinal(ACCOUNT, Grouping.SERVICE, METRICS, day("2025-11-19"))).isTrue();
        assertThat(finalDays.isFinal(ACCOUNT, Grouping.tag("team"), METRICS, day("2025-11-19"))).isFalse();
        assertThat(finalDays.isFinal("210987654321", Grouping.SERVICE, METRICS, day("2025-11-19"))).isFalse();
        assertThat(finalDays.isFinal(ACCOUNT, Grouping.SERVICE, List.of("UnblendedCost", "NetUnblendedCost"), day("2025-11-19")))
                .isFalse();
    }

    @Test
    void seedsFromFinalLinesOnTheBillingTopicAndIgnoresEstimatedOnes() {
        finalDays.seed(List.of(
                line("2025-11-18", "UnblendedCost", "SERVICE", "", false),
                line("2025-11-18", "AmortizedCost", "SERVICE", "", false),
                line("2025-11-19", "UnblendedCost", "SERVICE", "", true),
                line("2025-11-19", "AmortizedCost", "SERVICE", "", true),
                line("2025-11-18", "UnblendedCost", "TAG", "team", false)));

        assertThat(finalDays.isFinal(ACCOUNT, Grouping.SERVICE, METRICS, day("2025-11-18"))).isTrue();
        assertThat(finalDays.isFinal(ACCOUNT, Grouping.SERVICE, METRICS, day("2025-11-19"))).isFalse();
        assertThat(finalDays.isFinal(ACCOUNT, Grouping.tag("team"), List.of("UnblendedCost"), day("2025-11-18"))).isTrue();
        assertThat(finalDays.isFinal(ACCOUNT, Grouping.tag("team"), METRICS, day("2025-11-18")))
                .as("AmortizedCost of the tag grouping was never seen final").isFalse();
    }

    private static BillingLine line(String day, String metric, String groupKey, String tagKey, boolean estimated) {
        return new BillingLine(ACCOUNT, day(day), metric, groupKey, "TAG".equals(groupKey) ? "" : "Amazon EC2", tagKey,
                "TAG".equals(groupKey) ? "payments" : "", 1.0, "USD", estimated, Instant.EPOCH);
    }

    private static LocalDate day(String iso) {
        return LocalDate.parse(iso);
    }
}
