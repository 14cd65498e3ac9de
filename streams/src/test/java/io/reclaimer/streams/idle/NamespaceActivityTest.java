package io.reclaimer.streams.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NamespaceActivityTest {

    /** Monday 2 November 2026, 00:00 in Paris (UTC+1). */
    private static final Instant MONDAY = Instant.parse("2026-11-01T23:00:00Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final UnitPrices PRICES = new UnitPrices(0.04, 0.005);
    private static final long MIB = 1L << 20;

    private final Topics topics = Topics.defaults();
    private final WasteConfig config = WasteConfig.DEFAULTS
            .withThresholds(new WasteConfig.Thresholds(null, null, null, null, null, null, null, null, 2))
            .withOffHours(new WasteConfig.OffHours("Europe/Paris", null, null, null, null, null, null));
    private final Driver driver = new Driver(NamespaceActivity.build(topics, config), topics);

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aNamespaceThatUsedAlmostNothingForTheWholeThresholdIsIdleAndPricedAtItsRequests() {
        namespace("old-campaign", "production", Map.of());
        spec("old-campaign", "landing-page", 2, 0.25, 256);
        hourly("old-campaign", "landing-page", 2, MONDAY, Duration.ofDays(3), t -> 0.0005);

        Finding f = finding(FindingKind.IDLE_NAMESPACE, "old-campaign");
        // 2 x (0.25 x 0.04 + 0.25 GiB x 0.005) x 730
        assertThat(f.monthlyUsd()).isCloseTo(16.425, within(1e-6));
        assertThat(f.since()).isEqualTo(MONDAY);
        assertThat(f.namespace()).isEqualTo("old-campaign");
        assertThat(f.resourceKind()).isEqualTo("Namespace");
        assertThat(f.evidence()).containsEntry("workloads", "Deployment/landing-page").containsEntry("peakCpuCores", "0.001");
        assertThat(findings()).hasSize(1);
    }

    @Test
    void aNamespaceIdleForLessThanTheThresholdIsNotReported() {
        namespace("quiet", "production", Map.of());
        spec("quiet", "web", 1, 0.5, 512);
        hourly("quiet", "web", 1, MONDAY, Duration.ofDays(1), t -> 0.001);
        assertThat(findings()).isEmpty();
    }

    @Test
    void aBusyNamespaceIsNotIdleAndNeitherIsOneWhoseSystemPodsTickOver() {
        namespace("shop", "production", Map.of());
        spec("shop", "web", 2, 0.5, 512);
        hourly("shop", "web", 2, MONDAY, Duration.ofDays(3), t -> 0.2);
        namespace("kube-system", "production", Map.of());
        spec("kube-system", "coredns", 2, 0.1, 70);
        hourly("kube-system", "coredns", 2, MONDAY, Duration.ofDays(3), t -> 0.0001);
        assertThat(findings()).isEmpty();
    }

    @Test
    void anIdleNamespaceUsedAgainIsResolved() {
        namespace("old-campaign", "production", Map.of());
        spec("old-campaign", "landing-page", 2, 0.25, 256);
        hourly("old-campaign", "landing-page", 2, MONDAY, Duration.ofDays(3), t -> 0.0005);
        assertThat(findings()).hasSize(1);

        hourly("old-campaign", "landing-page", 2, MONDAY.plus(Duration.ofDays(3)), Duration.ofHours(2), t -> 0.3);
        assertThat(findings()).isEmpty();
        assertThat(driver.records(topics.findings()).get(driver.records(topics.findings()).size() - 1).value()).isNull();
    }

    @Test
    void aDeletedNamespaceIsResolved() {
        namespace("old-campaign", "production", Map.of());
        spec("old-campaign", "landing-page", 2, 0.25, 256);
        hourly("old-campaign", "landing-page", 2, MONDAY, Duration.ofDays(3), t -> 0.0005);
        driver.pipe(topics.kubernetesInventory(), nsKey("old-campaign"), null);
        assertThat(findings()).isEmpty();
    }

    @Test
    void aStagingNamespaceBusyInOfficeHoursGetsAnUptimeWindowAndTheSavingsOfTheRestOfTheWeek() {
        namespace("staging-shop", "staging", Map.of());
        spec("staging-shop", "frontend", 2, 0.5, 512);
        spec("staging-shop", "cart", 1, 0.5, 1024);
        hourly("staging-shop", "frontend", 2, MONDAY, Duration.ofDays(8), NamespaceActivityTest::officeHours);
        hourly("staging-shop", "cart", 1, MONDAY, Duration.ofDays(8), NamespaceActivityTest::officeHours);

        Finding f = finding(FindingKind.OFF_HOURS_SCHEDULE, "staging-shop");
        assertThat(f.evidence()).containsEntry("uptimeWindow", "Mon-Fri 08:00-19:00 Europe/Paris")
                .containsEntry("days", "Mon-Fri").containsEntry("hours", "08:00-19:00")
                .containsEntry("timeZone", "Europe/Paris").containsEntry("uptimeHoursPerWeek", "55")
                .containsEntry("workloads", "Deployment/cart,Deployment/frontend");
        double monthly = (2 * (0.5 * 0.04 + 0.5 * 0.005) + (0.5 * 0.04 + 1 * 0.005)) * 730;
        assertThat(f.monthlyUsd()).isCloseTo(monthly * (168 - 55) / 168.0, within(1e-6));
        assertThat(findings()).containsOnlyKeys(f.id());
    }

    @Test
    void aScheduleIsWithdrawnWhenTheNamespaceIsRelabelledProduction() {
        namespace("staging-shop", "staging", Map.of());
        spec("staging-shop", "frontend", 2, 0.5, 512);
        hourly("staging-shop", "frontend", 2, MONDAY, Duration.ofDays(8), NamespaceActivityTest::officeHours);
        assertThat(findings()).hasSize(1);

        namespace("staging-shop", "production", Map.of());
        hourly("staging-shop", "frontend", 2, MONDAY.plus(Duration.ofDays(8)), Duration.ofHours(2),
                NamespaceActivityTest::officeHours);
        assertThat(findings()).isEmpty();
    }

    @Test
    void productionNamespacesGetNoScheduleWhateverTheirPattern() {
        namespace("shop", "production", Map.of());
        spec("shop", "frontend", 2, 0.5, 512);
        hourly("shop", "frontend", 2, MONDAY, Duration.ofDays(8), NamespaceActivityTest::officeHours);
        assertThat(findings()).isEmpty();
    }

    @Test
    void noScheduleIsProposedBeforeEveryHourOfTheWeekHasBeenSeen() {
        namespace("dev-tools", "development", Map.of());
        spec("dev-tools", "jupyter", 1, 1.0, 2048);
        hourly("dev-tools", "jupyter", 1, MONDAY, Duration.ofDays(4), NamespaceActivityTest::officeHours);
        assertThat(findings()).isEmpty();
    }

    @Test
    void theTimeZoneAnnotationOfANamespaceWinsOverTheDefault() {
        namespace("dev-ny", "development", Map.of("reclaimer.io/time-zone", "America/New_York"));
        spec("dev-ny", "app", 1, 1.0, 1024);
        ZoneId ny = ZoneId.of("America/New_York");
        hourly("dev-ny", "app", 1, MONDAY, Duration.ofDays(8), t -> {
            ZonedDateTime local = t.atZone(ny);
            boolean weekday = local.getDayOfWeek().getValue() <= 5;
            return weekday && local.getHour() >= 9 && local.getHour() < 17 ? 0.5 : 0.002;
        });
        assertThat(finding(FindingKind.OFF_HOURS_SCHEDULE, "dev-ny").evidence())
                .containsEntry("uptimeWindow", "Mon-Fri 09:00-17:00 America/New_York");
    }

    @Test
    void nonProductionIsTheAnnotationThenTheLabelThenTheName() {
        NamespaceRules rules = new NamespaceRules(WasteConfig.DEFAULTS);
        assertThat(rules.nonProduction(info("staging-shop", "staging", Map.of()))).isTrue();
        assertThat(rules.nonProduction(info("dev-tools", "development", Map.of()))).isTrue();
        assertThat(rules.nonProduction(info("dev-payments", "production", Map.of()))).as("label beats name").isFalse();
        assertThat(rules.nonProduction(info("payments", "production", Map.of("reclaimer.io/environment", "qa")))).isTrue();
        assertThat(rules.nonProduction(info("feature-x-dev", null, Map.of()))).isTrue();
        assertThat(rules.nonProduction(info("checkout", null, Map.of()))).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    private static double officeHours(Instant t) {
        ZonedDateTime local = t.atZone(PARIS);
        boolean weekday = local.getDayOfWeek().getValue() <= 5;
        return weekday && local.getHour() >= 8 && local.getHour() < 19 ? 0.12 : 0.0012;
    }

    private static String nsKey(String name) {
        return ObjectRef.clusterScoped("prod-eu", "Namespace", name).key();
    }

    private Map<String, Finding> findings() {
        return driver.table(topics.findings());
    }

    private Finding finding(FindingKind kind, String namespace) {
        Finding f = findings().get(Finding.idFor(kind, nsKey(namespace)));
        assertThat(f).as(kind + " for " + namespace + " in " + findings().keySet()).isNotNull();
        return f;
    }

    private static NamespaceInfo info(String name, String env, Map<String, String> annotations) {
        Map<String, String> labels = env == null ? Map.of("team", "web") : Map.of("env", env, "team", "web");
        return new NamespaceInfo(ObjectRef.clusterScoped("prod-eu", "Namespace", name), labels, annotations,
                MONDAY.minus(Duration.ofDays(300)), MONDAY);
    }

    private void namespace(String name, String env, Map<String, String> annotations) {
        NamespaceInfo info = info(name, env, annotations);
        driver.pipe(topics.kubernetesInventory(), info.ref().key(), info);
    }

    private void spec(String namespace, String workload, int replicas, double cpu, int memoryMib) {
        ContainerRef ref = new ContainerRef("prod-eu", namespace, "Deployment", workload, "app");
        driver.pipe(topics.workloads(), ref.key(), new WorkloadContainerSpec(ref, replicas,
                new ResourceAmounts(cpu, memoryMib * MIB), null, WorkloadContainerSpec.QosClass.BURSTABLE, "general", null,
                PRICES, Map.of(), Map.of(), MONDAY));
    }

    /** One sample per pod every hour at half past, each pod using {@code cpu(t)} cores. */
    private void hourly(String namespace, String workload, int pods, Instant from, Duration length,
                        Function<Instant, Double> cpu) {
        ContainerRef ref = new ContainerRef("prod-eu", namespace, "Deployment", workload, "app");
        for (Instant t = from.plus(Duration.ofMinutes(30)); t.isBefore(from.plus(length)); t = t.plus(Duration.ofHours(1))) {
            for (int p = 0; p < pods; p++) {
                driver.pipe(topics.usageSamples(), ref.key(), new UsageSample(ref, workload + "-" + p, t, cpu.apply(t),
                        100 * MIB));
            }
        }
    }
}
