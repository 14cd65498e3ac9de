package io.reclaimer.collectors.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodePricerTest {

    private static final long GIB = 1L << 30;
    private final NodePricer pricer = new NodePricer(PriceCatalog.shipped());

    @Test
    void splitsTheNodePriceSoThatCpuAndRamPartsSumToIt() {
        NodePricer.NodePrice price = pricer.price("m5.large", "us-east-1", CapacityType.ON_DEMAND, 2, 8 * GIB);

        assertThat(price.hourlyUsd()).isEqualTo(0.096);
        UnitPrices unit = price.unitPrices();
        assertThat(2 * unit.cpuUsdPerCoreHour() + 8 * unit.memoryUsdPerGibHour()).isCloseTo(0.096, offset(1e-12));
        assertThat(unit.cpuUsdPerCoreHour() / unit.memoryUsdPerGibHour()).isCloseTo(0.031611 / 0.004237, offset(1e-9));
        assertThat(price.source()).isEqualTo("shipped-table:on-demand (offline fallback)");
    }

    @Test
    void matchesOpenCostsWorkedNumbersForAnM5Large() {
        // r = 0.031611 / 0.004237 = 7.4607...; ramPrice = 0.096 / (2r + 8) = 0.0041882..., cpuPrice = r × ramPrice
        UnitPrices unit = pricer.split(0.096, 2, 8);
        assertThat(unit.memoryUsdPerGibHour()).isCloseTo(0.0041882, offset(1e-7));
        assertThat(unit.cpuUsdPerCoreHour()).isCloseTo(0.0312471, offset(1e-7));
    }

    @Test
    void spotNodesUseTheSpotPriceAndRegionsTheirMultiplier() {
        assertThat(pricer.price("m5.large", "us-east-1", CapacityType.SPOT, 2, 8 * GIB).hourlyUsd()).isEqualTo(0.0336);
        assertThat(pricer.price("m5.large", "eu-west-1", CapacityType.ON_DEMAND, 2, 8 * GIB).hourlyUsd())
                .isCloseTo(0.096 * 1.11, offset(1e-12));
    }

    @Test
    void unknownInstanceTypesArePricedPerCoreAndPerGib() {
        NodePricer.NodePrice price = pricer.price("x99.huge", "us-east-1", CapacityType.ON_DEMAND, 4, 16 * GIB);
        assertThat(price.source()).isEqualTo("custom");
        assertThat(price.hourlyUsd()).isCloseTo(4 * 0.031611 + 16 * 0.004237, offset(1e-12));
    }

    @Test
    void anOverrideFileReplacesShippedEntriesAndAddsNewOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, """
                instanceTypes:
                  m5.large: {vcpu: 2, memoryGib: 8, onDemandUsdPerHour: 0.070}
                  z1d.large: {vcpu: 2, memoryGib: 16, onDemandUsdPerHour: 0.186, spotUsdPerHour: 0.06}
                """);
        NodePricer custom = new NodePricer(PriceCatalog.withOverrides(file));
        assertThat(custom.price("m5.large", "us-east-1", CapacityType.ON_DEMAND, 2, 8 * GIB).hourlyUsd()).isEqualTo(0.070);
        assertThat(custom.price("m5.large", "us-east-1", CapacityType.SPOT, 2, 8 * GIB).hourlyUsd())
                .as("no spot price in the override: fall back to on-demand rather than the shipped guess")
                .isEqualTo(0.070);
        assertThat(custom.price("z1d.large", "us-east-1", CapacityType.SPOT, 2, 16 * GIB).hourlyUsd()).isEqualTo(0.06);
        assertThat(custom.price("c5.large", "us-east-1", CapacityType.ON_DEMAND, 2, 4 * GIB).hourlyUsd()).isEqualTo(0.085);
    }

    @Test
    void aBrokenOverrideFileIsRefusedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, """
                instanceTypes:
                  m5.large: {vcpu: 2, memoryGib: 8, onDemandUsdPerHourr: 0.070}
                """);
        assertThatThrownBy(() -> PriceCatalog.withOverrides(file))
                .hasMessageStartingWith(file + ":2:")
                .hasMessageContaining("onDemandUsdPerHourr");
    }
}
