package io.reclaimer.streams.orphans;

import static io.reclaimer.streams.support.Fixtures.GIB;
import static io.reclaimer.streams.support.Fixtures.NOW;
import static io.reclaimer.streams.support.Fixtures.availableVolume;
import static io.reclaimer.streams.support.Fixtures.daysAgo;
import static io.reclaimer.streams.support.Fixtures.pv;
import static io.reclaimer.streams.support.Fixtures.pvc;
import static io.reclaimer.streams.support.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.support.Fixtures;
import io.reclaimer.streams.waste.WasteConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes collector publishes only changes: a PVC, PV or Service that turns into waste, or is younger
 * than its threshold when first seen, is not seen again. Its finding must still appear once it is old
 * enough, with no further inventory record, and must not appear if the resource was used or deleted
 * meanwhile. The driver's wall clock starts an hour after {@link Fixtures#NOW}, as a collector's
 * observation would be processed a little after it was made.
 */
class OrphanAgingTest {

    private static final Duration SEVEN_DAYS = Duration.ofDays(7);
    /** What a producer stamps: its wall clock when it sent the record. */
    private static final Instant SENT = Driver.WALL_CLOCK_START;

    private final Topics topics = Topics.defaults();
    @TempDir
    Path stateDir;
    private Driver driver;

    @BeforeEach
    void open() {
        driver = new Driver(OrphanDetection.build(topics, WasteConfig.DEFAULTS), topics, stateDir);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void k8s(KubernetesObject object) {
        driver.pipe(topics.kubernetesInventory(), object.ref().key(), object, SENT);
    }

    private void k8sGone(ObjectRef ref) {
        driver.pipe(topics.kubernetesInventory(), ref.key(), null, SENT);
    }

    private void cloud(CloudResource resource) {
        driver.pipe(topics.cloudInventory(), resource.ref().key(), resource, SENT);
    }

    private List<TestRecord<String, Finding>> published() {
        return driver.records(topics.findings());
    }

    private Map<String, Finding> findings() {
        return driver.table(topics.findings());
    }

    /** Entries in the age check's two stores (pending findings and their due index). */
    private long ageCheckEntries() {
        long n = 0;
        for (String name : List.of(FindingEmitter.pendingStore(OrphanDetection.FINDINGS_STORE),
                FindingEmitter.dueStore(OrphanDetection.FINDINGS_STORE))) {
            KeyValueStore<String, Object> store = driver.raw().getKeyValueStore(name);
            try (KeyValueIterator<String, Object> all = store.all()) {
                while (all.hasNext()) {
                    all.next();
                    n++;
                }
            }
        }
        return n;
    }

    private static String id(FindingKind kind, KubernetesObject object) {
        return Finding.idFor(kind, object.ref().key());
    }

    @Test
    void aPvcThatStopsBeingMountedIsReportedOnceItHasBeenUnmountedForTheThresholdWithoutAnotherRecord() {
        k8s(pv("pv-data", "Bound", 100 * GIB, "shop/data", "aws://eu-west-1a/vol-0data", daysAgo(200), NOW));
        cloud(availableVolume("vol-0data", 100, "gp3", 3000, 125, daysAgo(200), NOW));
        k8s(pvc("shop", "data", "pv-data", List.of("db-0"), daysAgo(200), NOW));
        // the pod goes away: the collector publishes the PVC once more, and then nothing
        var unmounted = pvc("shop", "data", "pv-data", List.of(), daysAgo(200), NOW);
        k8s(unmounted);
        assertThat(published()).as("unmounted for minutes, not for its 200 days").isEmpty();

        driver.advanceWallClock(Duration.ofDays(6));
        assertThat(published()).isEmpty();

        driver.advanceWallClock(Duration.ofDays(1));
        Finding f = findings().get(id(FindingKind.UNUSED_PVC, unmounted));
        assertThat(f).as("unmounted for 7 days by now").isNotNull();
        assertThat(f.since()).isEqualTo(NOW);
        assertThat(f.observedAt()).isEqualTo(NOW.plus(SEVEN_DAYS));
        assertThat(Duration.between(f.since(), f.observedAt())).isEqualTo(SEVEN_DAYS);
        // priced by the EBS volume behind its PV, as a finding published on a record would be
        assertThat(f.monthlyUsd()).isCloseTo(8.0, within(1e-9));
        assertThat(f.evidence()).containsEntry("mountedByPods", "0").containsEntry("cloudVolumeId", "vol-0data");
        assertThat(published()).hasSize(1);
        assertThat(published().get(0).timestamp()).as("stamped with the newest input timestamp, never ahead of it")
                .isEqualTo(SENT.toEpochMilli());

        driver.advanceWallClock(Duration.ofDays(3));
        assertThat(published()).as("published once, not at every check").hasSize(1);
        assertThat(ageCheckEntries()).as("the published finding no longer waits").isZero();
    }

    @Test
    void aPvSeenBoundAndThenReleasedIsReportedOnceReleasedForTheThreshold() {
        k8s(pv("pv-logs", "Bound", 20 * GIB, "logs/archive", "", daysAgo(90), NOW));
        driver.advanceWallClock(Duration.ofDays(1));
        var released = pv("pv-logs", "Released", 20 * GIB, "logs/archive", "", daysAgo(90), NOW.plus(Duration.ofDays(1)));
        k8s(released);

        driver.advanceWallClock(Duration.ofDays(7).minusMinutes(1));
        assertThat(published()).isEmpty();

        driver.advanceWallClock(Duration.ofMinutes(1));
        Finding f = findings().get(id(FindingKind.RELEASED_PV, released));
        assertThat(f.since()).isEqualTo(NOW.plus(Duration.ofDays(1)));
        assertThat(Duration.between(f.since(), f.observedAt())).isEqualTo(SEVEN_DAYS);
        assertThat(f.monthlyUsd()).isCloseTo(20 * 0.08, within(1e-9));
        assertThat(f.evidence()).containsEntry("phase", "Released");
    }

    @Test
    void aLoadBalancerServiceFirstSeenYoungerThanTheThresholdIsReportedWhenItReachesIt() {
        var service = service("shop", "checkout", "LoadBalancer", 0, "a1b2.elb.eu-west-1.amazonaws.com", Map.of(),
                daysAgo(2), NOW);
        k8s(service);
        assertThat(published()).as("two days old").isEmpty();

        driver.advanceWallClock(Duration.ofDays(5).minusHours(1));
        assertThat(published()).isEmpty();

        driver.advanceWallClock(Duration.ofHours(1));
        Finding f = findings().get(id(FindingKind.SERVICE_WITHOUT_ENDPOINTS, service));
        assertThat(f.since()).isEqualTo(daysAgo(2));
        assertThat(f.observedAt()).isEqualTo(NOW.plus(Duration.ofDays(5)));
        assertThat(f.monthlyUsd()).isCloseTo(0.025 * 730, within(1e-9));
        assertThat(f.evidence()).containsEntry("readyEndpoints", "0");
    }

    @Test
    void aPvcMountedAgainBeforeTheThresholdIsNeverReported() {
        k8s(pvc("shop", "cache", "", List.of("web-0"), daysAgo(30), NOW));
        k8s(pvc("shop", "cache", "", List.of(), daysAgo(30), NOW));
        driver.advanceWallClock(Duration.ofDays(3));
        k8s(pvc("shop", "cache", "", List.of("web-1"), daysAgo(30), NOW.plus(Duration.ofDays(3))));

        driver.advanceWallClock(Duration.ofDays(10));
        assertThat(published()).as("in use again on day 3: nothing to report, nothing to resolve").isEmpty();
        assertThat(ageCheckEntries()).as("nothing left waiting").isZero();
    }

    @Test
    void aServiceDeletedBeforeTheThresholdIsNeverReported() {
        var service = service("shop", "old-api", "LoadBalancer", 0, "", Map.of(), daysAgo(1), NOW);
        k8s(service);
        driver.advanceWallClock(Duration.ofDays(2));
        k8sGone(service.ref());

        driver.advanceWallClock(Duration.ofDays(10));
        assertThat(published()).isEmpty();
        assertThat(ageCheckEntries()).isZero();
    }

    @Test
    void ageIsCountedInEventTimeFromTheLastObservationNotFromTheWallClock() {
        // a replay or a simulation whose event time is far behind the wall clock: the PVC was 2 days old when
        // it was observed; the 300 days between that observation and the wall clock are not its age
        Instant observed = Instant.parse("2026-01-01T00:00:00Z");
        var claim = pvc("ci", "scratch", "", List.of(), observed.minus(Duration.ofDays(2)), observed);
        k8s(claim);

        driver.advanceWallClock(Duration.ofMinutes(1));
        assertThat(published()).isEmpty();

        driver.advanceWallClock(Duration.ofDays(5).minusMinutes(1));
        Finding f = findings().get(id(FindingKind.UNUSED_PVC, claim));
        assertThat(f.since()).isEqualTo(observed.minus(Duration.ofDays(2)));
        assertThat(f.observedAt()).isEqualTo(observed.plus(Duration.ofDays(5)));
        assertThat(f.monthlyUsd()).isCloseTo(50 * 0.08, within(1e-9));
    }

    @Test
    void aNewerObservationOfTheSameWasteResetsTheClockItsAgeIsExtrapolatedFrom() {
        // a simulation running faster than the wall clock: 4 days of event time pass in 3 of wall-clock time,
        // and its hourly inventory says so; the check follows the newest observation, not the first
        var service = service("shop", "search", "LoadBalancer", 0, "", Map.of(), daysAgo(2), NOW);
        k8s(service);
        driver.advanceWallClock(Duration.ofDays(3));
        k8s(service("shop", "search", "LoadBalancer", 0, "", Map.of(), daysAgo(2), NOW.plus(Duration.ofDays(4))));
        assertThat(published()).isEmpty();

        driver.advanceWallClock(Duration.ofDays(1));
        assertThat(published()).hasSize(1);
        assertThat(published().get(0).value().since()).isEqualTo(daysAgo(2));
        assertThat(published().get(0).value().observedAt()).isEqualTo(NOW.plus(Duration.ofDays(5)));
    }
}
