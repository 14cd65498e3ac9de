package io.reclaimer.streams.orphans;

import static io.reclaimer.streams.support.Fixtures.GIB;
import static io.reclaimer.streams.support.Fixtures.NOW;
import static io.reclaimer.streams.support.Fixtures.address;
import static io.reclaimer.streams.support.Fixtures.attachedVolume;
import static io.reclaimer.streams.support.Fixtures.availableVolume;
import static io.reclaimer.streams.support.Fixtures.daysAgo;
import static io.reclaimer.streams.support.Fixtures.imageSnapshot;
import static io.reclaimer.streams.support.Fixtures.instance;
import static io.reclaimer.streams.support.Fixtures.loadBalancer;
import static io.reclaimer.streams.support.Fixtures.pv;
import static io.reclaimer.streams.support.Fixtures.pvc;
import static io.reclaimer.streams.support.Fixtures.ref;
import static io.reclaimer.streams.support.Fixtures.service;
import static io.reclaimer.streams.support.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.support.Fixtures;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrphanDetectionTest {

    private final Topics topics = Topics.defaults();
    private final Driver driver = new Driver(OrphanDetection.build(topics, WasteConfig.DEFAULTS), topics);

    @AfterEach
    void close() {
        driver.close();
    }

    private void cloud(CloudResource resource) {
        driver.pipe(topics.cloudInventory(), resource.ref().key(), resource);
    }

    private void cloudGone(String id) {
        driver.pipe(topics.cloudInventory(), ref(id).key(), null);
    }

    private void k8s(KubernetesObject object) {
        driver.pipe(topics.kubernetesInventory(), object.ref().key(), object);
    }

    private Map<String, Finding> findings() {
        return driver.table(topics.findings());
    }

    private Finding finding(FindingKind kind, String resource) {
        return findings().get(Finding.idFor(kind, resource));
    }

    private static String key(String id) {
        return ref(id).key();
    }

    // ------------------------------------------------------------------ unattached-volume

    @Test
    void anUnattachedGp3VolumeOlderThanTheThresholdIsPricedByItsSize() {
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW));

        Finding f = finding(FindingKind.UNATTACHED_VOLUME, key("vol-0cache"));
        assertThat(f.monthlyUsd()).isCloseTo(40.0, within(1e-9));
        assertThat(f.since()).isEqualTo(daysAgo(45));
        assertThat(f.observedAt()).isEqualTo(NOW);
        assertThat(f.resourceKind()).isEqualTo("EbsVolume");
        assertThat(f.account()).isEqualTo("123456789012");
        assertThat(f.evidence()).containsEntry("state", "available").containsEntry("sizeGib", "500")
                .containsEntry("volumeType", "gp3").containsEntry("price", "500 GiB gp3 x $0.08/GiB-month");
        assertThat(f.tags()).containsEntry("team", "platform");
    }

    @Test
    void withTheRegionsPriceListPricesOnThePricesTopicAVolumeIsPricedAtThemAndSaysSo() {
        // what the AWS collector read from the Price List for the volume's region
        for (var price : List.of(
                new io.reclaimer.model.pricing.UsagePrice(io.reclaimer.model.pricing.UsagePrice.Product.EBS_STORAGE,
                        Fixtures.REGION, "gp3", "GB-Mo", 0.088, "SKU", "aws-price-list", NOW),
                new io.reclaimer.model.pricing.UsagePrice(io.reclaimer.model.pricing.UsagePrice.Product.EBS_IOPS,
                        Fixtures.REGION, "gp3", "IOPS-Mo", 0.0055, "SKU", "aws-price-list", NOW))) {
            driver.pipe(topics.prices(), price.key(), price);
        }
        cloud(availableVolume("vol-0fast", 100, "gp3", 6000, 125, daysAgo(30), NOW));

        Finding f = finding(FindingKind.UNATTACHED_VOLUME, key("vol-0fast"));
        // 100 x 0.088 + 3000 x 0.0055
        assertThat(f.monthlyUsd()).isCloseTo(25.3, within(1e-9));
        assertThat(f.evidence().get("price")).isEqualTo(
                "100 GiB gp3 x $0.088/GiB-month + 3000 IOPS x $0.0055 (AWS Price List, " + Fixtures.REGION + ")");
    }

    @Test
    void gp3IopsAndThroughputAboveTheBaselineAndIo1ProvisionedIopsAreCharged() {
        cloud(availableVolume("vol-0fast", 100, "gp3", 6000, 250, daysAgo(30), NOW));
        cloud(availableVolume("vol-0io1", 200, "io1", 4000, null, daysAgo(60), NOW));

        // 100 x 0.08 + 3000 x 0.005 + 125 x 0.04
        assertThat(finding(FindingKind.UNATTACHED_VOLUME, key("vol-0fast")).monthlyUsd()).isCloseTo(28.0, within(1e-9));
        // 200 x 0.125 + 4000 x 0.065
        assertThat(finding(FindingKind.UNATTACHED_VOLUME, key("vol-0io1")).monthlyUsd()).isCloseTo(285.0, within(1e-9));
    }

    @Test
    void aVolumeDetachedTwoHoursAgoIsNotWasteYetButIsOnceItStaysDetachedPastTheThreshold() {
        cloud(availableVolume("vol-0scratch", 20, "gp3", 3000, 125, NOW.minus(Duration.ofHours(2)), NOW));
        assertThat(findings()).isEmpty();

        cloud(availableVolume("vol-0scratch", 20, "gp3", 3000, 125, NOW.minus(Duration.ofHours(2)), NOW.plus(Duration.ofDays(7))));
        assertThat(finding(FindingKind.UNATTACHED_VOLUME, key("vol-0scratch")).since()).isEqualTo(NOW.minus(Duration.ofHours(2)));
    }

    @Test
    void aVolumeSeenInUseAndThenDetachedIsAgedFromTheFirstObservationWithoutAttachment() {
        cloud(attachedVolume("vol-0data", 100, "gp3", "i-1", daysAgo(300), daysAgo(10)));
        cloud(availableVolume("vol-0data", 100, "gp3", 3000, 125, daysAgo(300), daysAgo(5)));
        assertThat(findings()).as("detached 5 days ago, not 300").isEmpty();

        cloud(availableVolume("vol-0data", 100, "gp3", 3000, 125, daysAgo(300), NOW.plus(Duration.ofDays(2))));
        assertThat(finding(FindingKind.UNATTACHED_VOLUME, key("vol-0data")).since()).isEqualTo(daysAgo(5));
    }

    @Test
    void reattachingAVolumeResolvesItsFindingWithATombstone() {
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW));
        assertThat(findings()).hasSize(1);

        cloud(attachedVolume("vol-0cache", 500, "gp3", "i-1", daysAgo(45), NOW.plus(Duration.ofHours(1))));
        assertThat(findings()).isEmpty();
        var records = driver.records(topics.findings());
        assertThat(records).hasSize(2);
        assertThat(records.get(1).key()).isEqualTo(Finding.idFor(FindingKind.UNATTACHED_VOLUME, key("vol-0cache")));
        assertThat(records.get(1).value()).isNull();
    }

    @Test
    void deletingAVolumeResolvesItsFinding() {
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW));
        cloudGone("vol-0cache");
        assertThat(findings()).isEmpty();
    }

    @Test
    void reObservingUnchangedWasteDoesNotRepublishIt() {
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW));
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW.plus(Duration.ofHours(1))));
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW.plus(Duration.ofHours(2))));
        assertThat(driver.records(topics.findings())).hasSize(1);
    }

    // ------------------------------------------------------------------ released-pv and the volume behind it

    @Test
    void aReleasedPvIsReportedOnceAsReleasedPvNotAlsoAsAnUnattachedVolume() {
        cloud(availableVolume("vol-0ledger", 100, "gp3", 3000, 125, daysAgo(70), NOW));
        var released = pv("pvc-123", "Released", 100 * GIB, "payments/data-ledger-old", "vol-0ledger", daysAgo(70), NOW);
        k8s(released);

        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.RELEASED_PV, released.ref().key()));
        Finding f = finding(FindingKind.RELEASED_PV, "prod-eu//PersistentVolume/pvc-123");
        assertThat(f.monthlyUsd()).isCloseTo(8.0, within(1e-9));
        assertThat(f.cluster()).isEqualTo("prod-eu");
        assertThat(f.namespace()).isEmpty();
        assertThat(f.evidence()).containsEntry("claimRef", "payments/data-ledger-old").containsEntry("cloudVolumeId", "vol-0ledger");

        // the PV is deleted but the volume is kept (Retain): now only the cloud view explains it
        driver.pipe(topics.kubernetesInventory(), released.ref().key(), null);
        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.UNATTACHED_VOLUME, key("vol-0ledger")));
    }

    @Test
    void aReleasedPvWhoseVolumeIsUnknownIsPricedFromItsCapacityAndStorageClass() {
        k8s(pv("pvc-9", "Released", 100 * GIB, "ns/c", "", daysAgo(20), NOW));
        assertThat(finding(FindingKind.RELEASED_PV, "prod-eu//PersistentVolume/pvc-9").monthlyUsd()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void aBoundPvIsNotWaste() {
        k8s(pv("pvc-1", "Bound", 50 * GIB, "shop/data", "vol-0a", daysAgo(60), NOW));
        assertThat(findings()).isEmpty();
    }

    // ------------------------------------------------------------------ unused-pvc

    @Test
    void aPvcNoPodMountsIsPricedThroughItsPvAndVolume() {
        cloud(availableVolume("vol-0export", 50, "gp3", 3000, 125, daysAgo(40), NOW));
        k8s(pv("pvc-77", "Bound", 50 * GIB, "staging-shop/old-export", "vol-0export", daysAgo(40), NOW));
        k8s(pvc("staging-shop", "old-export", "pvc-77", List.of(), daysAgo(40), NOW));

        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.UNUSED_PVC,
                "prod-eu/staging-shop/PersistentVolumeClaim/old-export"));
        Finding f = finding(FindingKind.UNUSED_PVC, "prod-eu/staging-shop/PersistentVolumeClaim/old-export");
        assertThat(f.monthlyUsd()).isCloseTo(4.0, within(1e-9));
        assertThat(f.namespace()).isEqualTo("staging-shop");
        assertThat(f.evidence()).containsEntry("cloudVolumeId", "vol-0export");
        assertThat(f.labels()).containsEntry("app", "old-export");
    }

    @Test
    void aPvcMountedAgainIsResolved() {
        k8s(pvc("shop", "cache", "pvc-5", List.of(), daysAgo(40), NOW));
        assertThat(findings()).hasSize(1);
        k8s(pvc("shop", "cache", "pvc-5", List.of("cache-0"), daysAgo(40), NOW.plus(Duration.ofHours(1))));
        assertThat(findings()).isEmpty();
    }

    @Test
    void aMountedPvcIsNotWaste() {
        k8s(pvc("payments", "data-ledger-0", "pvc-1", List.of("ledger-0"), daysAgo(60), NOW));
        assertThat(findings()).isEmpty();
    }

    // ------------------------------------------------------------------ addresses

    @Test
    void anUnassociatedElasticIpCostsTheHourlyIpv4PriceFromTheFirstObservation() {
        cloud(address("eipalloc-0stray", false, NOW));
        Finding f = finding(FindingKind.UNASSOCIATED_ADDRESS, key("eipalloc-0stray"));
        assertThat(f.monthlyUsd()).isCloseTo(3.65, within(1e-9));
        assertThat(f.since()).isEqualTo(NOW);

        cloud(address("eipalloc-0stray", true, NOW.plus(Duration.ofHours(1))));
        assertThat(findings()).isEmpty();
    }

    @Test
    void anAssociatedElasticIpIsNotWaste() {
        cloud(address("eipalloc-0nat", true, NOW));
        assertThat(findings()).isEmpty();
    }

    // ------------------------------------------------------------------ load balancers and services

    @Test
    void loadBalancersWithNoTargetsOrNoHealthyTargetsAreIdle() {
        cloud(loadBalancer("old-promo-alb", "application", 0, 0, daysAgo(40), NOW));
        cloud(loadBalancer("legacy-tcp-nlb", "network", 2, 0, daysAgo(25), NOW));
        cloud(loadBalancer("classic-web", "classic", 0, 0, daysAgo(25), NOW));
        cloud(loadBalancer("frontend", "application", 3, 3, daysAgo(90), NOW));

        assertThat(finding(FindingKind.IDLE_LOAD_BALANCER, key("old-promo-alb")).monthlyUsd()).isCloseTo(16.425, within(1e-9));
        assertThat(finding(FindingKind.IDLE_LOAD_BALANCER, key("legacy-tcp-nlb")).monthlyUsd()).isCloseTo(16.425, within(1e-9));
        assertThat(finding(FindingKind.IDLE_LOAD_BALANCER, key("classic-web")).monthlyUsd()).isCloseTo(18.25, within(1e-9));
        assertThat(findings()).hasSize(3);
    }

    @Test
    void aLoadBalancerWhoseTargetsBecomeHealthyIsResolved() {
        cloud(loadBalancer("legacy-tcp-nlb", "network", 2, 0, daysAgo(25), NOW));
        assertThat(findings()).hasSize(1);
        cloud(loadBalancer("legacy-tcp-nlb", "network", 2, 2, daysAgo(25), NOW.plus(Duration.ofHours(1))));
        assertThat(findings()).isEmpty();
    }

    @Test
    void aDeletedSnapshotIsResolved() {
        cloud(snapshot("snap-0old", "vol-0deleted", 200, "standard", daysAgo(120), "pre-upgrade backup", NOW));
        assertThat(findings()).hasSize(1);
        cloudGone("snap-0old");
        assertThat(findings()).isEmpty();
    }

    @Test
    void aLoadBalancerCreatedYesterdayIsNotIdleYet() {
        cloud(loadBalancer("new-alb", "application", 0, 0, daysAgo(1), NOW));
        assertThat(findings()).isEmpty();
    }

    @Test
    void aLoadBalancerBehindAServiceWithoutEndpointsIsReportedOnceThroughTheService() {
        var lb = loadBalancer("k8s-shop-legacy", "network", 0, 0, daysAgo(30), NOW);
        cloud(lb);
        Map<String, String> nlb = Map.of("service.beta.kubernetes.io/aws-load-balancer-type", "nlb");
        var svc = service("shop", "legacy-api", "LoadBalancer", 0, lb.dnsName(), nlb, daysAgo(30), NOW);
        k8s(svc);

        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.SERVICE_WITHOUT_ENDPOINTS, svc.ref().key()));
        Finding f = finding(FindingKind.SERVICE_WITHOUT_ENDPOINTS, svc.ref().key());
        assertThat(f.monthlyUsd()).isCloseTo(16.425, within(1e-9));
        assertThat(f.evidence()).containsEntry("loadBalancerHostname", lb.dnsName());

        // endpoints come back: nothing left to report
        k8s(service("shop", "legacy-api", "LoadBalancer", 2, lb.dnsName(), nlb, daysAgo(30), NOW.plus(Duration.ofHours(1))));
        cloud(loadBalancer("k8s-shop-legacy", "network", 2, 2, daysAgo(30), NOW.plus(Duration.ofHours(1))));
        assertThat(findings()).isEmpty();
    }

    @Test
    void aServiceDeletedWhileItsLoadBalancerStaysLeavesAnIdleLoadBalancer() {
        var lb = loadBalancer("k8s-shop-legacy", "network", 0, 0, daysAgo(30), NOW);
        var svc = service("shop", "legacy-api", "LoadBalancer", 0, lb.dnsName(), Map.of(), daysAgo(30), NOW);
        k8s(svc);
        cloud(lb);
        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.SERVICE_WITHOUT_ENDPOINTS, svc.ref().key()));

        driver.pipe(topics.kubernetesInventory(), svc.ref().key(), null);
        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.IDLE_LOAD_BALANCER, lb.ref().key()));
    }

    @Test
    void aStoppedInstanceIsRepricedWhenAVolumeIsDetachedFromIt() {
        cloud(instance("i-0legacy", "stopped", daysAgo(30), List.of("vol-0r", "vol-0d"), NOW));
        cloud(attachedVolume("vol-0r", 100, "gp3", "i-0legacy", daysAgo(200), NOW));
        cloud(attachedVolume("vol-0d", 50, "gp2", "i-0legacy", daysAgo(200), NOW));
        cloud(availableVolume("vol-0d", 50, "gp2", null, null, daysAgo(200), NOW.plus(Duration.ofHours(1))));
        assertThat(finding(FindingKind.STOPPED_INSTANCE_VOLUMES, key("i-0legacy")).monthlyUsd()).isCloseTo(8.0, within(1e-9));
    }

    @Test
    void aLoadBalancerServiceWithoutKnownCloudLoadBalancerIsPricedAsKubernetesWouldProvisionIt() {
        k8s(service("shop", "legacy-api", "LoadBalancer", 0, "x.elb.amazonaws.com", Map.of(), daysAgo(30), NOW));
        k8s(service("shop", "tcp", "LoadBalancer", 0, "", Map.of("service.beta.kubernetes.io/aws-load-balancer-type", "nlb"),
                daysAgo(30), NOW));
        k8s(service("shop", "internal", "ClusterIP", 0, "", Map.of(), daysAgo(30), NOW));

        assertThat(finding(FindingKind.SERVICE_WITHOUT_ENDPOINTS, "prod-eu/shop/Service/legacy-api").monthlyUsd())
                .isCloseTo(18.25, within(1e-9));
        assertThat(finding(FindingKind.SERVICE_WITHOUT_ENDPOINTS, "prod-eu/shop/Service/tcp").monthlyUsd())
                .isCloseTo(16.425, within(1e-9));
        assertThat(findings()).hasSize(2);
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void aSnapshotOfADeletedVolumeOlderThanThirtyDaysIsOrphaned() {
        cloud(snapshot("snap-0old", "vol-0deleted", 200, "standard", daysAgo(120), "pre-upgrade backup", NOW));
        cloud(snapshot("snap-0cold", "vol-0deleted", 200, "archive", daysAgo(120), "archived", NOW));

        Finding f = finding(FindingKind.ORPHANED_SNAPSHOT, key("snap-0old"));
        assertThat(f.monthlyUsd()).isCloseTo(10.0, within(1e-9));
        assertThat(f.since()).isEqualTo(daysAgo(120));
        assertThat(finding(FindingKind.ORPHANED_SNAPSHOT, key("snap-0cold")).monthlyUsd()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void snapshotsOfExistingVolumesYoungSnapshotsCopiesAndAmiSnapshotsAreKept() {
        cloud(attachedVolume("vol-0root", 80, "gp3", "i-1", daysAgo(20), NOW));
        cloud(snapshot("snap-0nightly", "vol-0root", 80, "standard", daysAgo(40), "nightly backup", NOW));
        cloud(snapshot("snap-0young", "vol-0gone", 80, "standard", daysAgo(10), "recent", NOW));
        cloud(snapshot("snap-0copy", "vol-ffffffff", 80, "standard", daysAgo(90), "copied", NOW));
        cloud(imageSnapshot("snap-0ami", "vol-0gone", daysAgo(90), "Created by CreateImage(i-1) for ami-1",
                List.of("ami-1"), NOW));
        assertThat(findings()).isEmpty();
    }

    @Test
    void aSnapshotBackingAnAmiIsNeverAnOrphan() {
        // moto (and RegisterImage from a snapshot) describe AMI snapshots in their own words, not "Created by CreateImage"
        cloud(imageSnapshot("snap-0golden", "vol-0gone", daysAgo(90), "Auto-created snapshot for AMI ami-0golden",
                List.of("ami-0golden"), NOW));
        cloud(imageSnapshot("snap-0shared", "vol-0gone", daysAgo(90), "base layer", List.of("ami-0a", "ami-0b"), NOW));
        assertThat(findings()).isEmpty();

        // the AMI is deregistered: its snapshot is an orphan like any other, dated from its own start
        cloud(imageSnapshot("snap-0golden", "vol-0gone", daysAgo(90), "Auto-created snapshot for AMI ami-0golden",
                List.of(), NOW.plus(Duration.ofHours(1))));
        assertThat(finding(FindingKind.ORPHANED_SNAPSHOT, key("snap-0golden")).since()).isEqualTo(daysAgo(90));
    }

    @Test
    void aSnapshotIsNotAnOrphanWhileItIsUnknownWhichAmisUseIt() {
        // a record from before the collector listed images, or a listing whose DescribeImages failed
        cloud(imageSnapshot("snap-0unknown", "vol-0gone", daysAgo(90), "nightly", null, NOW));
        assertThat(findings()).isEmpty();
    }

    @Test
    void reclaimersOwnPreDeleteSnapshotIsNotAnOrphanWithinTheRollbackWindow() {
        // snapshots are waste after 7 days here; the rollback window keeps the safety net for its default 30
        WasteConfig weekOld = WasteConfig.DEFAULTS.withThresholds(new WasteConfig.Thresholds(null, null, null, 7, null,
                null, null, null, null));
        try (Driver own = new Driver(OrphanDetection.build(topics, weekOld), topics)) {
            // the snapshot the unattached-volume delete took: its volume is gone by design, a rollback needs it
            EbsSnapshot safetyNet = new EbsSnapshot(ref("snap-0safety"), "vol-0deleted", "completed", 100, "standard",
                    daysAgo(29), "Reclaimer action delete-0123: vol-0deleted before its deletion",
                    Map.of("reclaimer:action-id", "delete-0123", "reclaimer:source-volume", "vol-0deleted"), NOW, List.of());
            EbsSnapshot someoneElses = snapshot("snap-0manual", "vol-0deleted", 100, "standard", daysAgo(29), "manual",
                    NOW);
            own.pipe(topics.cloudInventory(), safetyNet.ref().key(), safetyNet);
            own.pipe(topics.cloudInventory(), someoneElses.ref().key(), someoneElses);
            assertThat(own.table(topics.findings())).as("29 days old, within the 30-day rollback window")
                    .containsOnlyKeys(Finding.idFor(FindingKind.ORPHANED_SNAPSHOT, key("snap-0manual")));

            // past the window it is waste like any other snapshot of a deleted volume, aged from its start
            EbsSnapshot later = new EbsSnapshot(safetyNet.ref(), "vol-0deleted", "completed", 100, "standard",
                    daysAgo(29), safetyNet.description(), safetyNet.tags(), NOW.plus(Duration.ofDays(2)), List.of());
            own.pipe(topics.cloudInventory(), later.ref().key(), later);
            Finding f = own.table(topics.findings()).get(Finding.idFor(FindingKind.ORPHANED_SNAPSHOT, key("snap-0safety")));
            assertThat(f).isNotNull();
            assertThat(f.since()).isEqualTo(daysAgo(29));
        }
    }

    @Test
    void deletingTheSourceVolumeOrphansItsSnapshot() {
        cloud(attachedVolume("vol-0root", 80, "gp3", "i-1", daysAgo(200), NOW));
        cloud(snapshot("snap-0nightly", "vol-0root", 80, "standard", daysAgo(40), "nightly backup", NOW));
        assertThat(findings()).isEmpty();

        cloudGone("vol-0root");
        assertThat(findings()).containsOnlyKeys(Finding.idFor(FindingKind.ORPHANED_SNAPSHOT, key("snap-0nightly")));
    }

    // ------------------------------------------------------------------ stopped instances

    @Test
    void aStoppedInstanceIsPricedByTheVolumesItStillPaysFor() {
        cloud(instance("i-0legacy", "stopped", daysAgo(30), List.of("vol-0r", "vol-0d"), NOW));
        cloud(attachedVolume("vol-0r", 100, "gp3", "i-0legacy", daysAgo(200), NOW));
        cloud(attachedVolume("vol-0d", 50, "gp2", "i-0legacy", daysAgo(200), NOW));

        Finding f = finding(FindingKind.STOPPED_INSTANCE_VOLUMES, key("i-0legacy"));
        assertThat(f.monthlyUsd()).isCloseTo(13.0, within(1e-9));
        assertThat(f.since()).isEqualTo(daysAgo(30));
        assertThat(f.evidence()).containsEntry("volumes", "vol-0d:50:gp2,vol-0r:100:gp3");
        assertThat(findings()).hasSize(1);

        cloud(instance("i-0legacy", "running", NOW.plus(Duration.ofHours(1)), List.of("vol-0r", "vol-0d"),
                NOW.plus(Duration.ofHours(1))));
        assertThat(findings()).isEmpty();
    }

    @Test
    void anInstanceStoppedYesterdayIsNotReportedYet() {
        cloud(instance("i-0new", "stopped", daysAgo(1), List.of("vol-0r"), NOW));
        cloud(attachedVolume("vol-0r", 100, "gp3", "i-0new", daysAgo(200), NOW));
        assertThat(findings()).isEmpty();
    }

    @Test
    void everyFindingIdIsTheKindAndTheResourceKey() {
        cloud(availableVolume("vol-0cache", 500, "gp3", 3000, 125, daysAgo(45), NOW));
        assertThat(findings()).containsOnlyKeys("unattached-volume:aws/123456789012/eu-west-1/vol-0cache");
        Instant since = findings().values().iterator().next().since();
        assertThat(since).isEqualTo(daysAgo(45));
    }
}
