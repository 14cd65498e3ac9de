package io.reclaimer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostAllocation.Level;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CostRecordsTest {

    private static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant END = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void allocationRoundTripsWithItsSchemaAndLowercaseLevel() {
        CostAllocation workload = allocation(Level.WORKLOAD, "shop", "Deployment", "web", "");
        JsonSerde<CostAllocation> serde = JsonSerde.of(CostAllocation.class);
        String json = serde.writeString(workload);
        assertThat(json).startsWith("{\"schema\":\"cost-allocation/v1\"").contains("\"level\":\"workload\"");
        assertThat(serde.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(workload);
    }

    @Test
    void allocationKeysNameTheLevelAndTheIdentity() {
        assertThat(allocation(Level.WORKLOAD, "shop", "Deployment", "web", "").key())
                .isEqualTo("prod-eu/workload/shop/Deployment/web");
        assertThat(allocation(Level.NAMESPACE, "shop", null, null, null).key()).isEqualTo("prod-eu/namespace/shop");
        assertThat(allocation(Level.TEAM, null, null, null, "web").key()).isEqualTo("prod-eu/team/web");
        assertThat(allocation(Level.CLUSTER, null, null, null, null).key()).isEqualTo("prod-eu/cluster");
        assertThat(allocation(Level.IDLE, null, null, null, null).key()).isEqualTo("prod-eu/idle");
    }

    @Test
    void aWorkloadLineWithoutItsWorkloadCannotExist() {
        assertThatThrownBy(() -> allocation(Level.WORKLOAD, "shop", null, "web", ""))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("workloadKind");
        assertThatThrownBy(() -> new CostAllocation(Level.CLUSTER, "prod-eu", "", "", "", "", END, START, 24, 1, 1, 1, 1,
                0, 2, 0.1, 73, END)).hasMessageContaining("windowEnd");
    }

    @Test
    void aNegativeCostIsADeadLetterNotAFigure() {
        String json = JsonSerde.of(CostAllocation.class)
                .writeString(allocation(Level.CLUSTER, null, null, null, null)).replace("\"idleUsd\":0.5", "\"idleUsd\":-0.5");
        assertThatThrownBy(() -> JsonSerde.of(CostAllocation.class).read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("idleUsd");
    }

    @Test
    void reconciliationWorksOutTheDeltaAgainstTheInvoice() {
        CostReconciliation rec = CostReconciliation.of("prod-eu", LocalDate.of(2026, 11, 1), "cluster", "UnblendedCost",
                95.0, 2.4, 97.4, 24, 120.0, false, END);
        assertThat(rec.deltaUsd()).isEqualTo(22.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rec.deltaRatio()).isEqualTo(22.6 / 120.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rec.key()).isEqualTo("prod-eu/2026-11-01");
        JsonSerde<CostReconciliation> serde = JsonSerde.of(CostReconciliation.class);
        String json = serde.writeString(rec);
        assertThat(json).startsWith("{\"schema\":\"cost-reconciliation/v1\"").contains("\"date\":\"2026-11-01\"");
        assertThat(serde.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(rec);
    }

    @Test
    void reconciliationBeforeTheInvoiceHasNoDelta() {
        CostReconciliation rec = CostReconciliation.of("prod-eu", LocalDate.of(2026, 11, 1), "cluster", "UnblendedCost",
                95.0, 2.4, 97.4, 12, null, null, END);
        assertThat(rec.deltaUsd()).isNull();
        assertThat(rec.deltaRatio()).isNull();
        JsonSerde<CostReconciliation> serde = JsonSerde.of(CostReconciliation.class);
        assertThat(serde.read(serde.serialize("t", rec))).isEqualTo(rec);
    }

    private static CostAllocation allocation(Level level, String namespace, String kind, String name, String team) {
        return new CostAllocation(level, "prod-eu", namespace, kind, name, team, START, END, 24, 12.0, 48.0, 0.4, 0.2,
                0.5, 1.1, 1.1 / 24, 1.1 / 24 * 730, END);
    }
}
