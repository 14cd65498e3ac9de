package io.reclaimer.streams.overprovisioned;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OverprovisionedContainersTest {

    private static final Instant T0 = Instant.parse("2026-11-02T11:00:00Z");
    private static final ContainerRef CART = new ContainerRef("prod-eu", "shop", "Deployment", "cart", "app");

    private final Topics topics = Topics.defaults();
    private final Driver driver = new Driver(OverprovisionedContainers.build(topics, WasteConfig.DEFAULTS), topics);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aMaterialConfidentRecommendationIsAFindingWorthItsSavings() {
        recommend(42.5, 0.8);
        Finding f = driver.table(topics.findings()).get(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, CART.key()));
        assertThat(f.monthlyUsd()).isEqualTo(42.5);
        assertThat(f.confidence()).isEqualTo(0.8);
        assertThat(f.resource()).isEqualTo("prod-eu/shop/Deployment/cart/app");
        assertThat(f.namespace()).isEqualTo("shop");
        assertThat(f.since()).isEqualTo(T0.minusSeconds(7 * 86400));
        assertThat(f.evidence()).containsEntry("cpuRequestCores", "1.0").containsEntry("cpuTargetCores", "0.2")
                .containsEntry("cpuUpperBoundCores", "0.4").containsEntry("memoryUpperBoundBytes", Long.toString(600L << 20))
                .containsEntry("workload", "Deployment/cart").containsEntry("strategy", "vpa");
        assertThat(f.labels()).containsEntry("team", "web");
    }

    @Test
    void smallSavingsLowConfidenceAndUnderProvisioningAreNotFindings() {
        recommend(3.0, 0.9);
        recommend(50.0, 0.3);
        recommend(-20.0, 0.9);
        assertThat(driver.table(topics.findings())).isEmpty();
    }

    @Test
    void aRecommendationThatStopsBeingMaterialOrIsDeletedResolvesTheFinding() {
        recommend(42.5, 0.8);
        recommend(1.0, 0.8);
        assertThat(driver.table(topics.findings())).isEmpty();
        recommend(42.5, 0.8);
        driver.pipe(topics.recommendations(), CART.key(), null);
        assertThat(driver.table(topics.findings())).isEmpty();
        assertThat(driver.records(topics.findings())).hasSize(4);
    }

    @Test
    void theFindingOfAGitOpsManagedWorkloadNamesWhoOwnsItsYaml() {
        driver.pipe(topics.recommendations(), CART.key(), new Recommendation(CART, "vpa",
                new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), 0.8, 42.5, 2,
                false, false, false, 2016, T0.minusSeconds(7 * 86400), T0, T0, Map.of("team", "web"),
                Map.of("argocd.argoproj.io/tracking-id", "argocd_shop:apps/Deployment:shop/cart")));
        Finding f = driver.table(topics.findings()).get(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, CART.key()));
        assertThat(f.evidence()).containsEntry("gitops", "argocd").containsEntry("gitopsKind", "Application")
                .containsEntry("gitopsApplication", "shop").containsEntry("gitopsApplicationNamespace", "argocd");
        recommend(42.5, 0.8);
        Finding unmanaged = driver.table(topics.findings()).get(f.id());
        assertThat(unmanaged.evidence()).doesNotContainKey("gitops");
    }

    private void recommend(double savings, double confidence) {
        driver.pipe(topics.recommendations(), CART.key(), new Recommendation(CART, "vpa",
                new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), confidence, savings, 2,
                false, false, false, 2016, T0.minusSeconds(7 * 86400), T0, T0, Map.of("team", "web"), Map.of()));
    }
}
