package io.reclaimer.streams.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.pricing.EffectiveDiscount;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-worked m5.large example of {@link OpenCostAllocatorTest}, end to end through the topology. */
class CostAllocationFeatureTest {

    private static final double CPU = 0.0312471;
    private static final double RAM = 0.0041882;
    private static final long GIB = 1L << 30;
    private static final Instant H0 = Instant.parse("2026-11-02T10:00:00Z");
    private static final ContainerRef WEB = new ContainerRef("prod-eu", "shop", "Deployment", "web", "app");
    private static final ContainerRef ETL = new ContainerRef("prod-eu", "data", "Deployment", "etl", "worker");

    private final Topics topics = Topics.defaults();
    private final Driver driver = new Driver(CostAllocationFeature.build(topics, AllocationConfig.DEFAULTS,
            WasteConfig.DEFAULTS.sampleLateness()), topics);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void workloadsNamespacesTeamsAndTheClusterArePricedOpenCostsWayOverTheCompleteHours() {
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        usage(ETL, 0.6, GIB, H0, 4);
        publish();

        Map<String, CostAllocation> lines = driver.table(topics.costAllocations());
        CostAllocation web = lines.get("prod-eu/workload/shop/Deployment/web");
        // hours 10:00 and 11:00 are complete (12:00 is the newest, 13:00 still open)
        assertThat(web.coveredHours()).isEqualTo(2);
        assertThat(web.totalUsd()).isCloseTo(2 * 0.0395749879, within(1e-6));
        assertThat(web.idleUsd()).isCloseTo(2 * 0.0197632379, within(1e-6));
        assertThat(web.hourlyUsd()).isCloseTo(0.0395749879, within(1e-6));
        assertThat(web.monthlyUsd()).isCloseTo(0.0395749879 * 730, within(1e-3));
        assertThat(web.windowEnd()).isEqualTo(H0.plus(Duration.ofHours(2)));
        assertThat(lines.get("prod-eu/workload/data/Deployment/etl").totalUsd()).isCloseTo(2 * 0.0564248121, within(1e-6));
        assertThat(lines.get("prod-eu/namespace/shop").totalUsd()).isCloseTo(web.totalUsd(), within(1e-9));
        assertThat(lines.get("prod-eu/team/data").team()).isEqualTo("data");
        assertThat(lines.get("prod-eu/cluster").totalUsd()).isCloseTo(2 * 0.0959998, within(1e-6));
        assertThat(lines).hasSize(7);
    }

    @Test
    void publishedRecordsCarryKafkaTimestampsOfTheInputNotTheEventTimeAheadOfTheClock() {
        // the driver's records are stamped 2026-11-02T12:00Z while the samples run until 14:00: a simulator ahead
        // of the clock; the broker would refuse records stamped with such event times
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        publish();
        assertThat(driver.records(topics.costAllocations())).isNotEmpty().allSatisfy(r ->
                assertThat(r.getRecordTime()).isBeforeOrEqualTo(Instant.parse("2026-11-02T12:00:00Z")));
        assertThat(driver.records(topics.costReconciliations())).isNotEmpty().allSatisfy(r ->
                assertThat(r.getRecordTime()).isBeforeOrEqualTo(Instant.parse("2026-11-02T12:00:00Z")));
    }

    @Test
    void nothingIsRepublishedWhenNothingChanged() {
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        publish();
        int published = driver.records(topics.costAllocations()).size();
        publish();
        assertThat(driver.records(topics.costAllocations())).hasSize(published);
    }

    @Test
    void aWorkloadThatStopsRunningLeavesTheWindowWithATombstone() {
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        usage(ETL, 0.6, GIB, H0, 4);
        publish();
        assertThat(driver.table(topics.costAllocations())).containsKey("prod-eu/workload/shop/Deployment/web");

        usage(ETL, 0.6, GIB, H0.plus(Duration.ofHours(4)), 30);
        publish();
        Map<String, CostAllocation> lines = driver.table(topics.costAllocations());
        assertThat(lines).doesNotContainKey("prod-eu/workload/shop/Deployment/web").containsKey("prod-eu/workload/data/Deployment/etl");
        assertThat(driver.records(topics.costAllocations()))
                .anyMatch(r -> r.key().equals("prod-eu/workload/shop/Deployment/web") && r.value() == null);
    }

    @Test
    void theDailyEstimateIsReconciledWithTheInvoiceOfTheClusterTag() {
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        usage(ETL, 0.6, GIB, H0, 4);
        publish();
        LocalDate day = LocalDate.of(2026, 11, 2);

        CostReconciliation before = driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02");
        assertThat(before.invoicedUsd()).isNull();
        assertThat(before.coveredHours()).isEqualTo(2);
        // nodes 0.0959998/h over the day plus the control plane 0.10/h
        assertThat(before.estimatedUsd()).isCloseTo(0.0959998 * 24 + 2.4, within(1e-6));

        invoice(day, "prod-eu", 5.0, true);
        invoice(day, "other-cluster", 9.0, true);
        publish();
        CostReconciliation rec = driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02");
        assertThat(rec.invoicedUsd()).isEqualTo(5.0);
        assertThat(rec.invoiceEstimated()).isTrue();
        assertThat(rec.deltaUsd()).isCloseTo(5.0 - (0.0959998 * 24 + 2.4), within(1e-6));
        assertThat(rec.tagKey()).isEqualTo("cluster");

        invoice(day, "prod-eu", 5.2, false);
        publish();
        rec = driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02");
        assertThat(rec.invoicedUsd()).isEqualTo(5.2);
        assertThat(rec.invoiceEstimated()).isFalse();
        assertThat(driver.table(topics.costReconciliations())).containsOnlyKeys("prod-eu/2026-11-02");
    }

    @Test
    void anInvoiceThatArrivesFirstIsReconciledWhenTheEstimateFollows() {
        invoice(LocalDate.of(2026, 11, 2), "prod-eu", 5.0, false);
        assertThat(driver.table(topics.costReconciliations())).isEmpty();
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        publish();
        assertThat(driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02").invoicedUsd()).isEqualTo(5.0);
    }

    @Test
    void theAccountsEffectiveDiscountScalesTheAllocationAndTheReconciliationShowsTheDeltaBeforeAndAfterIt() {
        cluster();
        usage(WEB, 0.2, GIB / 2, H0, 4);
        usage(ETL, 0.6, GIB, H0, 4);
        LocalDate day = LocalDate.of(2026, 11, 2);
        invoice(day, "prod-eu", 4.2, false);
        publish();
        CostAllocation listed = driver.table(topics.costAllocations()).get("prod-eu/workload/shop/Deployment/web");
        assertThat(listed.discountFactor()).isNull();
        CostReconciliation before = driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02");
        assertThat(before.discountFactor()).isNull();
        assertThat(before.discountedDeltaUsd()).isNull();

        // Savings Plans and an EDP: every list-price dollar of compute costs 72 cents in the invoice's account
        EffectiveDiscount discount = new EffectiveDiscount("123456789012", LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 31), 1000, 900, 250, 0, 1250, 0.72, "cost-explorer", H0);
        driver.pipe(topics.prices(), discount.key(), discount);
        publish();

        CostAllocation web = driver.table(topics.costAllocations()).get("prod-eu/workload/shop/Deployment/web");
        assertThat(web.discountFactor()).isEqualTo(0.72);
        assertThat(web.totalUsd()).isCloseTo(listed.totalUsd() * 0.72, within(1e-6));
        assertThat(web.cpuUsd()).isCloseTo(listed.cpuUsd() * 0.72, within(1e-6));
        assertThat(web.cpuCoreHours()).isEqualTo(listed.cpuCoreHours());
        CostReconciliation rec = driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02");
        double compute = 0.0959998 * 24;
        assertThat(rec.estimatedUsd()).isCloseTo(compute + 2.4, within(1e-6));
        assertThat(rec.deltaUsd()).isCloseTo(4.2 - (compute + 2.4), within(1e-6));
        assertThat(rec.discountFactor()).isEqualTo(0.72);
        // the control plane fee is not discounted
        assertThat(rec.discountedEstimatedUsd()).isCloseTo(compute * 0.72 + 2.4, within(1e-6));
        assertThat(rec.discountedDeltaUsd()).isCloseTo(4.2 - (compute * 0.72 + 2.4), within(1e-6));
        assertThat(Math.abs(rec.discountedDeltaUsd())).isLessThan(Math.abs(rec.deltaUsd()));
    }

    @Test
    void aNodeFirstSeenAfterThePastDaysWerePublishedCorrectsTheirEstimates() {
        // the first node is known, the history of the past days arrives and is published with it alone; a second node
        // observed only now arrives later (another input partition, a lagging collector): the hours before the first
        // observation use the earliest capacity known, which changed, so the past days' estimates must change too
        Instant now = H0.plus(Duration.ofDays(3));
        NodeInfo first = observedAt(OpenCostAllocatorTest.node("n1", 2, 8), now);
        driver.pipe(topics.kubernetesInventory(), first.ref().key(), first);
        spec(WEB, 0.5, GIB, "web");
        usage(WEB, 0.2, GIB / 2, H0, 4);
        usage(WEB, 0.2, GIB / 2, now, 2);
        publish();
        assertThat(driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02").estimatedUsd())
                .isCloseTo(0.0959998 * 24 + 2.4, within(1e-6));

        NodeInfo second = observedAt(OpenCostAllocatorTest.node("n2", 2, 8), now);
        driver.pipe(topics.kubernetesInventory(), second.ref().key(), second);
        publish();
        assertThat(driver.table(topics.costReconciliations()).get("prod-eu/2026-11-02").estimatedUsd())
                .isCloseTo(2 * 0.0959998 * 24 + 2.4, within(1e-6));
    }

    private static NodeInfo observedAt(NodeInfo n, Instant at) {
        return new NodeInfo(n.ref(), n.instanceType(), n.region(), n.zone(), n.capacityType(), n.nodePool(), n.capacity(),
                n.allocatable(), n.hourlyUsd(), n.prices(), n.priceSource(), n.labels(), at);
    }

    // ------------------------------------------------------------------ helpers

    private void publish() {
        driver.raw().advanceWallClockTime(Duration.ofSeconds(6));
    }

    private void cluster() {
        NodeInfo node = OpenCostAllocatorTest.node("n1", 2, 8);
        driver.pipe(topics.kubernetesInventory(), node.ref().key(), node);
        spec(WEB, 0.5, GIB, "web");
        spec(ETL, 0.6, 2 * GIB, "data");
    }

    private void spec(ContainerRef ref, double cpu, long memory, String team) {
        driver.pipe(topics.workloads(), ref.key(), new WorkloadContainerSpec(ref, 1, new ResourceAmounts(cpu, memory), null,
                WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(CPU, RAM), Map.of("team", team),
                Map.of(), H0));
    }

    /** One pod sampled every 15 minutes for {@code hours} hours. */
    private void usage(ContainerRef ref, double cpu, long memory, Instant from, int hours) {
        for (Instant t = from; t.isBefore(from.plus(Duration.ofHours(hours))); t = t.plus(Duration.ofMinutes(15))) {
            driver.pipe(topics.usageSamples(), ref.key(), new UsageSample(ref, ref.workloadName() + "-0", t, cpu, memory));
        }
    }

    private void invoice(LocalDate day, String cluster, double amount, boolean estimated) {
        BillingLine line = new BillingLine("123456789012", day, "UnblendedCost", "TAG", null, "cluster", cluster, amount,
                "USD", estimated, H0);
        driver.pipe(topics.billingLines(), line.key(), line);
        BillingLine amortized = new BillingLine("123456789012", day, "AmortizedCost", "TAG", null, "cluster", cluster,
                amount * 2, "USD", estimated, H0);
        driver.pipe(topics.billingLines(), amortized.key(), amortized);
    }
}
