package io.reclaimer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.pricing.EffectiveDiscount;
import io.reclaimer.model.pricing.InstanceTypePrice;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.SpotPrice;
import io.reclaimer.model.pricing.UsagePrice;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Fields added to a published schema version: old records still read, new ones round-trip, the rest stays strict. */
class AddedFieldCompatibilityTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");
    private final JsonSerde<CostReconciliation> serde = JsonSerde.of(CostReconciliation.class);

    /** A cost-reconciliation/v1 record as written before the discount fields existed. */
    private static final String WRITTEN_BEFORE = "{\"schema\":\"cost-reconciliation/v1\",\"cluster\":\"prod-eu\","
            + "\"date\":\"2026-11-01\",\"tagKey\":\"cluster\",\"metric\":\"UnblendedCost\",\"computeUsd\":100.0,"
            + "\"controlPlaneUsd\":2.4,\"estimatedUsd\":102.4,\"coveredHours\":24,\"invoicedUsd\":90.0,"
            + "\"invoiceEstimated\":false,\"deltaUsd\":-12.4,\"deltaRatio\":-0.1377,\"computedAt\":\"2026-11-02T00:00:00Z\"}";

    @Test
    void aRecordWrittenBeforeTheFieldsWereAddedStillReadsWithThemNull() {
        CostReconciliation old = serde.read(WRITTEN_BEFORE.getBytes(StandardCharsets.UTF_8));
        assertThat(old.deltaUsd()).isEqualTo(-12.4);
        assertThat(old.discountFactor()).isNull();
        assertThat(old.discountedDeltaUsd()).isNull();
    }

    @Test
    void aMissingOriginalFieldIsStillRefused() {
        String missing = WRITTEN_BEFORE.replace("\"computeUsd\":100.0,", "");
        assertThatThrownBy(() -> serde.read(missing.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("computeUsd");
    }

    @Test
    void theAddedFieldsRoundTrip() {
        CostReconciliation rec = CostReconciliation.of("prod-eu", LocalDate.of(2026, 11, 1), "cluster", "UnblendedCost",
                100, 2.4, 102.4, 24, 90.0, false, T0, 0.8);
        assertThat(rec.discountedEstimatedUsd()).isEqualTo(82.4);
        assertThat(rec.discountedDeltaUsd()).isCloseTo(7.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(serde.read(serde.serialize("t", rec))).isEqualTo(rec);
    }

    @Test
    void everyPriceRecordRoundTripsOnThePricesTopic() {
        var prices = Topics.defaults().prices().valueSerde();
        for (PriceRecord p : new PriceRecord[] {
            new InstanceTypePrice("us-east-1", "g5.xlarge", 4, 16, 1, "x86_64", "AMD EPYC 7R32", 1.006, "SKU",
                    PriceRecord.AWS_PRICE_LIST, T0),
            new SpotPrice("us-east-1", "us-east-1a", "m5.large", "Linux/UNIX", 0.0362, T0, T0),
            new UsagePrice(UsagePrice.Product.EBS_STORAGE, "us-east-1", "gp3", "GB-Mo", 0.08, "SKU",
                    PriceRecord.AWS_PRICE_LIST, T0),
            EffectiveDiscount.of("123456789012", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), 1000, 900, 250,
                    0, T0)}) {
            assertThat(prices.deserializer().deserialize("t", prices.serializer().serialize("t", p))).isEqualTo(p);
        }
        assertThat(EffectiveDiscount.of("123456789012", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 31), 0, 0, 0,
                0, T0)).isNull();
    }

    @Test
    void aWorkloadRecordWithoutPodsByNodeReadsAsAnUnknownPlacementAndOneWithItRoundTrips() {
        JsonSerde<io.reclaimer.model.kubernetes.WorkloadContainerSpec> workloads = JsonSerde.of(
                io.reclaimer.model.kubernetes.WorkloadContainerSpec.class);
        var spec = new io.reclaimer.model.kubernetes.WorkloadContainerSpec(
                new ContainerRef("prod-eu", "shop", "Deployment", "web", "web"), 3,
                new io.reclaimer.model.kubernetes.ResourceAmounts(0.5, 1L << 30), null,
                io.reclaimer.model.kubernetes.WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, null,
                java.util.Map.of(), java.util.Map.of(), T0, "uid-1").withPodsByNode(java.util.Map.of("n1", 2, "n2", 1));
        assertThat(workloads.read(workloads.serialize("t", spec))).isEqualTo(spec);

        String json = new String(workloads.serialize("t", spec), StandardCharsets.UTF_8);
        String before = json.replaceAll(",\"podsByNode\":\\{[^}]*\\}", "");
        assertThat(before).doesNotContain("podsByNode");
        assertThat(workloads.read(before.getBytes(StandardCharsets.UTF_8)).podsByNode()).isEmpty();
    }
}
