package io.reclaimer.streams.waste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.streams.allocation.AllocationConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WasteConfigTest {

    @Test
    void everyOptionHasItsDocumentedDefault() {
        WasteConfig c = WasteConfig.DEFAULTS;
        assertThat(c.thresholdDays().of(FindingKind.UNATTACHED_VOLUME)).isEqualTo(Duration.ofDays(7));
        assertThat(c.thresholdDays().of(FindingKind.UNASSOCIATED_ADDRESS)).isZero();
        assertThat(c.thresholdDays().of(FindingKind.ORPHANED_SNAPSHOT)).isEqualTo(Duration.ofDays(30));
        assertThat(c.thresholdDays().of(FindingKind.IDLE_NAMESPACE)).isEqualTo(Duration.ofDays(7));
        assertThat(c.thresholdDays().of(FindingKind.OVERPROVISIONED_CONTAINER)).isZero();
        assertThat(c.prices().ebsUsdPerGibMonth()).containsExactlyInAnyOrderEntriesOf(WasteConfig.Prices.DEFAULT_EBS);
        assertThat(c.prices().publicIpv4UsdPerHour()).isEqualTo(0.005);
        assertThat(c.prices().classicLoadBalancerUsdPerHour()).isEqualTo(0.025);
        assertThat(c.nonProduction().environmentLabel()).isEqualTo("env");
        assertThat(c.offHours().activeFraction()).isEqualTo(0.2);
        assertThat(c.offHours().minObservedHoursOfWeek()).isEqualTo(168);
        assertThat(c.idleNamespaces().maxCpuCores()).isEqualTo(0.005);
        assertThat(c.overprovisioned().minConfidence()).isEqualTo(0.5);
        assertThat(c.allocation().windowHours()).isEqualTo(24);
        assertThat(c.allocation().emitInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.sampleLateness()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.ageCheckInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aNestedSectionBuiltFirstDoesNotLeaveTheDefaultsHalfInitialised() {
        // the config loader may touch a nested record before WasteConfig itself
        assertThat(new WasteConfig.OffHours(null, null, null, null, null, null, null).timeZone()).isEqualTo("UTC");
        assertThat(WasteConfig.DEFAULTS.offHours()).isNotNull();
    }

    @Test
    void invalidValuesNameTheOption() {
        assertThatThrownBy(() -> new WasteConfig.Thresholds(-1, null, null, null, null, null, null, null, null))
                .hasMessage("waste.thresholdDays.unattachedVolume must be >= 0, was -1");
        assertThatThrownBy(() -> new WasteConfig.OffHours(null, null, 1.5, null, null, null, null))
                .hasMessage("waste.offHours.activeFraction must be within [0, 1], was 1.5");
        assertThatThrownBy(() -> new WasteConfig.Prices(Map.of("gp3", -0.08), null, null, null, null, null, null, null,
                null, null, null, null, null, null)).hasMessageContaining("waste.prices.ebsUsdPerGibMonth.gp3");
        assertThatThrownBy(() -> new WasteConfig.Prices(null, "magnetic", null, null, null, null, null, null, null, null,
                null, null, null, null)).hasMessageContaining("defaultVolumeType 'magnetic' has no price");
        assertThatThrownBy(() -> WasteConfig.DEFAULTS.withAgeCheckIntervalSeconds(0))
                .hasMessage("waste.ageCheckIntervalSeconds must be >= 1, was 0");
        assertThatThrownBy(() -> new AllocationConfig(null, null, 48, 24, null, null, null, null))
                .hasMessageContaining("retentionHours (24) must exceed waste.allocation.windowHours (48)");
    }

    @Test
    void volumePricesFollowTheTable() {
        WastePrices prices = new WastePrices(WasteConfig.Prices.DEFAULTS);
        assertThat(prices.volume("gp3", 500, 3000, 125).monthlyUsd()).isCloseTo(40.0, within(1e-9));
        assertThat(prices.volume("gp3", 100, 16000, 1000).monthlyUsd()).isCloseTo(8 + 13000 * 0.005 + 875 * 0.04, within(1e-9));
        assertThat(prices.volume("io2", 100, 10000, null).monthlyUsd()).isCloseTo(12.5 + 650, within(1e-9));
        assertThat(prices.volume("sc1", 1000, null, null).monthlyUsd()).isCloseTo(15.0, within(1e-9));
        assertThat(prices.volume("weird", 10, null, null).basis()).contains("priced as gp3");
        assertThat(prices.snapshot(200, "archive").monthlyUsd()).isCloseTo(2.5, within(1e-9));
        assertThat(prices.loadBalancer("gateway").monthlyUsd()).isCloseTo(0.0125 * 730, within(1e-9));
        assertThat(prices.kubernetesVolume("gp2", 50L << 30).monthlyUsd()).isCloseTo(5.0, within(1e-9));
    }
}
