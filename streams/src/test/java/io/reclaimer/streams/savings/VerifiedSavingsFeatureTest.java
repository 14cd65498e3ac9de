package io.reclaimer.streams.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.metrics.AnalysisMetrics;
import io.reclaimer.streams.savings.VerifiedSavings.Status;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.support.DriverMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executed action, the cluster's reconciliation days before and after it, and what the analysis exports: the
 * verified figure once the week after has ended, "pending" (and no verified series) before.
 */
class VerifiedSavingsFeatureTest {

    // event time of the inputs (the verification is calendar arithmetic in event time): a Wednesday
    private static final LocalDate EXECUTION_DAY = LocalDate.of(2026, 11, 18);
    private static final Instant EXECUTED_AT = EXECUTION_DAY.atTime(14, 0).toInstant(ZoneOffset.UTC);
    private static final double DAYS_PER_MONTH = 730.0 / 24;

    private final Topics topics = Topics.defaults();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private Driver driver;

    @TempDir
    Path state;

    @BeforeEach
    void start() {
        driver = new Driver(VerifiedSavingsFeature.build(topics), topics, state);
        AnalysisMetrics.register(registry, DriverMetrics.stateAccess(driver));
    }

    @AfterEach
    void close() {
        driver.close();
    }

    /** Weekdays dear, weekends cheap; 10 USD a day less after the execution, on node-hours and on the invoice. */
    private static double nodeCost(LocalDate d) {
        boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
        return (weekend ? 60 : 100) - (d.isAfter(EXECUTION_DAY) ? 10 : 0);
    }

    private void day(LocalDate d) {
        double estimate = nodeCost(d);
        Instant computed = d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        CostReconciliation r = CostReconciliation.of("prod", d, "cluster", "AmortizedCost", estimate - 2.4, 2.4, estimate,
                24, estimate * 1.2, false, computed);
        driver.pipe(topics.costReconciliations(), r.key(), r, computed);
    }

    private void days(LocalDate from, LocalDate untilExclusive) {
        from.datesUntil(untilExclusive).forEach(this::day);
    }

    private void executed(String actionId, double estimatedMonthlyUsd, Instant at) {
        ActionRequest request = new ActionRequest(actionId, ActionType.DOWNSIZE, "overprovisioned-container:x",
                FindingKind.OVERPROVISIONED_CONTAINER, "prod/shop/Deployment/web/web", "prod", "shop", "", "",
                Map.of("cpu", "2"), Map.of("cpu", "1"), estimatedMonthlyUsd, 0.9,
                new PolicyVerdict(PolicyVerdict.Outcome.AUTO, "p", "r", List.of("ok"), List.of(), null, Map.of()),
                at.minusSeconds(3600));
        driver.pipe(topics.actionRequests(), actionId, request, at.minusSeconds(3600));
        driver.pipe(topics.actionResults(), actionId, new ActionResult(actionId, ActionResult.Status.STARTED, "",
                Map.of(), Map.of(), at), at);
        driver.pipe(topics.actionResults(), actionId, new ActionResult(actionId, ActionResult.Status.EXECUTED, "",
                Map.of("cpu", "2"), Map.of("cpu", "1"), at), at);
    }

    private ClusterSavings savings() {
        ReadOnlyKeyValueStore<String, ClusterSavings> store = driver.raw().getKeyValueStore(VerifiedSavingsFeature.STORE);
        return store.get("prod");
    }

    @Test
    void aWeekAfterTheExecutionComparedWithTheWeekBeforeIsExportedNextToTheEstimate() throws IOException {
        days(EXECUTION_DAY.minusDays(9), EXECUTION_DAY);
        executed("a-1", 320, EXECUTED_AT);
        executed("a-2", 80, EXECUTED_AT.plusSeconds(600));
        days(EXECUTION_DAY, EXECUTION_DAY.plusDays(8));

        ClusterSavings s = savings();
        assertThat(s.verified()).isEqualTo(1);
        assertThat(s.verifications()).singleElement().satisfies(v -> {
            assertThat(v.actions()).as("the same day's actions are one period").isEqualTo(2);
            assertThat(v.status()).isEqualTo(Status.VERIFIED);
        });
        assertThat(s.nodeHoursMonthlyUsd()).isCloseTo(10 * DAYS_PER_MONTH, within(1e-6));
        assertThat(s.invoiceMonthlyUsd()).isCloseTo(12 * DAYS_PER_MONTH, within(1e-6));

        Map<String, Double> samples = DriverMetrics.samples(DriverMetrics.scrape(registry));
        assertThat(samples.get("reclaimer_verified_savings_monthly_usd{basis=\"node_hours\",cluster=\"prod\"}"))
                .isCloseTo(10 * DAYS_PER_MONTH, within(1e-6));
        assertThat(samples.get("reclaimer_verified_savings_monthly_usd{basis=\"invoice\",cluster=\"prod\"}"))
                .isCloseTo(12 * DAYS_PER_MONTH, within(1e-6));
        assertThat(samples).containsEntry("reclaimer_verified_savings_estimated_monthly_usd{cluster=\"prod\"}", 400.0)
                .containsEntry("reclaimer_verified_savings_periods{cluster=\"prod\",status=\"verified\"}", 1.0)
                .containsEntry("reclaimer_verified_savings_periods{cluster=\"prod\",status=\"pending\"}", 0.0);
    }

    @Test
    void untilTheWeekAfterHasEndedNothingIsVerifiedAndThePeriodIsPending() throws IOException {
        days(EXECUTION_DAY.minusDays(9), EXECUTION_DAY);
        executed("a-1", 320, EXECUTED_AT);
        days(EXECUTION_DAY, EXECUTION_DAY.plusDays(4));

        ClusterSavings s = savings();
        assertThat(s.verified()).isZero();
        assertThat(s.pending()).isEqualTo(1);
        assertThat(s.nodeHoursMonthlyUsd()).as("not enough data yet is no figure, not a zero").isNull();
        assertThat(s.verifications().get(0).missing()).contains(EXECUTION_DAY.plusDays(4) + " no day");

        Map<String, Double> samples = DriverMetrics.samples(DriverMetrics.scrape(registry));
        assertThat(samples.keySet()).noneMatch(k -> k.startsWith("reclaimer_verified_savings_monthly_usd")
                || k.startsWith("reclaimer_verified_savings_estimated_monthly_usd"));
        assertThat(samples).containsEntry("reclaimer_verified_savings_periods{cluster=\"prod\",status=\"pending\"}", 1.0)
                .containsEntry("reclaimer_verified_savings_periods{cluster=\"prod\",status=\"verified\"}", 0.0);
    }

    @Test
    void aRolledBackActionLeavesTheVerification() {
        days(EXECUTION_DAY.minusDays(9), EXECUTION_DAY);
        executed("a-1", 320, EXECUTED_AT);
        assertThat(savings()).isNotNull();
        driver.pipe(topics.actionResults(), "a-1", new ActionResult("a-1", ActionResult.Status.ROLLED_BACK, "by hand",
                Map.of(), Map.of(), EXECUTED_AT.plusSeconds(7200)), EXECUTED_AT.plusSeconds(7200));
        assertThat(savings()).isNull();
    }

    @Test
    void aResultReadBeforeItsRequestCountsOnceTheRequestArrives() {
        days(EXECUTION_DAY.minusDays(9), EXECUTION_DAY);
        driver.pipe(topics.actionResults(), "a-1", new ActionResult("a-1", ActionResult.Status.EXECUTED, "",
                Map.of(), Map.of(), EXECUTED_AT), EXECUTED_AT);
        assertThat(savings()).isNull();
        executed("a-1", 320, EXECUTED_AT);
        assertThat(savings().verifications()).singleElement()
                .satisfies(v -> assertThat(v.estimatedMonthlyUsd()).isEqualTo(320));
    }

    @Test
    void actionsNotHeardOfForTheTopicsRetentionAreForgotten() {
        ActionRequest dryRun = new ActionRequest("dry-1", ActionType.DOWNSIZE, "overprovisioned-container:x",
                FindingKind.OVERPROVISIONED_CONTAINER, "prod/shop/Deployment/web/web", "prod", "shop", "", "",
                Map.of("cpu", "2"), Map.of("cpu", "1"), 50, 0.9,
                new PolicyVerdict(PolicyVerdict.Outcome.DRY_RUN, "p", "r", List.of("dry"), List.of(), null, Map.of()),
                EXECUTED_AT);
        driver.pipe(topics.actionRequests(), "dry-1", dryRun, EXECUTED_AT);
        ReadOnlyKeyValueStore<String, ActionState> actions = driver.raw().getKeyValueStore(VerifiedSavingsFeature.ACTIONS_STORE);
        driver.advanceWallClock(java.time.Duration.ofHours(1));
        assertThat(actions.get("dry-1")).as("within the retention").isNotNull();

        day(EXECUTION_DAY.plusDays(VerifiedSavingsFeature.RETENTION_DAYS + 1)); // event time moves on
        driver.advanceWallClock(java.time.Duration.ofHours(1));
        assertThat(actions.get("dry-1")).isNull();
    }

}
