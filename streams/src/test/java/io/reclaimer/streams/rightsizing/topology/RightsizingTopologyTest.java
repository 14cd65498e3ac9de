package io.reclaimer.streams.rightsizing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.deadletter.DeadLetterExceptionHandler;
import io.reclaimer.model.kubernetes.HpaInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RightsizingTopologyTest {

    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final long GIB = 1L << 30;

    private final Topics topics = Topics.defaults();
    private final ContainerRef web = new ContainerRef("prod", "shop", "Deployment", "web", "app");
    private TopologyTestDriver driver;
    private TestInputTopic<String, UsageSample> usage;
    private TestInputTopic<String, ContainerEvent> events;
    private TestInputTopic<String, WorkloadContainerSpec> workloads;
    private TestOutputTopic<String, Recommendation> recommendations;

    private void start(RightsizingConfig config) {
        driver = new TopologyTestDriver(RightsizingFeature.build(topics, config), props());
        usage = driver.createInputTopic(topics.usageSamples().name(), topics.usageSamples().keySerde().serializer(),
                topics.usageSamples().valueSerde().serializer());
        events = driver.createInputTopic(topics.containerEvents().name(), topics.containerEvents().keySerde().serializer(),
                topics.containerEvents().valueSerde().serializer());
        workloads = driver.createInputTopic(topics.workloads().name(), topics.workloads().keySerde().serializer(),
                topics.workloads().valueSerde().serializer());
        recommendations = driver.createOutputTopic(topics.recommendations().name(), new StringDeserializer(),
                topics.recommendations().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "rightsizing-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class);
        p.put(Topics.NAMESPACE_CONFIG, Topics.DEFAULT_NAMESPACE);
        return p;
    }

    private WorkloadContainerSpec spec(ContainerRef container, double cpu, long memory, int replicas, HpaInfo hpa) {
        return new WorkloadContainerSpec(container, replicas, new ResourceAmounts(cpu, memory), ResourceAmounts.NONE,
                WorkloadContainerSpec.QosClass.BURSTABLE, "general", hpa, new UnitPrices(0.04, 0.005),
                Map.of("team", "checkout"), Map.of("owner", "ana"), START);
    }

    /** Samples every 5 minutes for {@code days}: two pods, CPU 0.2 cores (0.6 one sample in twenty), memory 300 MiB. */
    private void steadyUsage(ContainerRef container, int days) {
        for (int i = 0; i < days * 24 * 12; i++) {
            Instant at = START.plus(Duration.ofMinutes(5L * i));
            for (int pod = 0; pod < 2; pod++) {
                usage.pipeInput(container.key(), new UsageSample(container, "web-" + pod, at,
                        i % 20 == 0 ? 0.6 : 0.2, 300L << 20), at);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private byte[] stored(String key) {
        return ((org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, byte[]>) driver.getAllStateStores()
                .get(RightsizingFeature.STORE)).get(key);
    }

    private Map<String, Recommendation> latest() {
        return recommendations.readKeyValuesToMap();
    }

    @Test
    void recommendsVpaTargetsPricedInDollarsAndEmitsOnlyMaterialChanges() {
        start(RightsizingConfig.DEFAULTS.withStrategy("vpa"));
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 2, null), START);
        steadyUsage(web, 3);

        List<KeyValue<String, Recommendation>> emitted = recommendations.readKeyValuesToList();
        assertThat(emitted.size()).as("records emitted for %d samples", 3 * 24 * 12 * 2).isBetween(2, 40);
        Recommendation last = emitted.get(emitted.size() - 1).value;
        assertThat(last.strategy()).isEqualTo("vpa");
        assertThat(last.cpu().requestCores()).isEqualTo(1.0);
        // p90 of the CPU histogram is the end of the bucket holding 0.2 cores (0.2158), plus 15%
        assertThat(last.cpu().targetCores()).isEqualTo(0.247);
        assertThat(last.memory().targetBytes()).isBetween((long) ((300L << 20) * 1.15), (long) ((300L << 20) * 1.05 * 1.16));
        assertThat(last.cpu().lowerBoundCores()).isLessThanOrEqualTo(last.cpu().targetCores());
        assertThat(last.cpu().upperBoundCores()).isGreaterThan(last.cpu().targetCores());
        double expectedSavings = ((1.0 - last.cpu().targetCores()) * 0.04
                + (2.0 * GIB - last.memory().targetBytes()) / GIB * 0.005) * 2 * 730;
        assertThat(last.monthlySavingsUsd()).isCloseTo(expectedSavings, org.assertj.core.data.Offset.offset(0.01));
        assertThat(last.replicas()).isEqualTo(2);
        assertThat(last.cpuUnderProvisioned()).isFalse();
        assertThat(last.memoryUnderProvisioned()).isFalse();
        assertThat(last.sampleCount()).isPositive();
        assertThat(last.labels()).containsEntry("team", "checkout");
        assertThat(last.annotations()).containsEntry("owner", "ana");
        assertThat(last.confidence()).isBetween(0.5, 0.75);
        assertThat(last.computedAt()).isEqualTo(last.lastSampleAt()).isBefore(START.plus(Duration.ofDays(3)));
    }

    @Test
    void replayingTheSameInputEmitsTheSameRecords() {
        start(RightsizingConfig.DEFAULTS);
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 2, null), START);
        steadyUsage(web, 1);
        List<KeyValue<String, Recommendation>> first = recommendations.readKeyValuesToList();
        driver.close();
        start(RightsizingConfig.DEFAULTS);
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 2, null), START);
        steadyUsage(web, 1);
        assertThat(recommendations.readKeyValuesToList()).isEqualTo(first).isNotEmpty();
    }

    @Test
    void anOomKillBumpsTheMemoryRecommendationAndFlagsUnderProvisioning() {
        start(RightsizingConfig.DEFAULTS.withStrategy("vpa"));
        workloads.pipeInput(web.key(), spec(web, 1.0, 400L << 20, 2, null), START);
        steadyUsage(web, 1);
        Recommendation before = latest().get(web.key());
        Instant killedAt = START.plus(Duration.ofDays(1));
        events.pipeInput(web.key(), new ContainerEvent(web, "web-0", killedAt, ContainerEvent.Type.OOM_KILLED, 1,
                400L << 20, 400L << 20, "OOMKilled"), killedAt);
        Recommendation after = latest().get(web.key());
        assertThat(after.memory().targetBytes()).isGreaterThan(before.memory().targetBytes());
        assertThat(after.memoryUnderProvisioned()).isTrue();
        assertThat(after.monthlySavingsUsd()).isLessThan(before.monthlySavingsUsd());
    }

    @Test
    void aCpuHpaMarksTheRecommendationAndKeepsCpuOutOfTheSavings() {
        start(RightsizingConfig.DEFAULTS.withStrategy("vpa"));
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 2,
                new HpaInfo("web", 2, 10, List.of("cpu"))), START);
        steadyUsage(web, 1);
        Recommendation r = latest().get(web.key());
        assertThat(r.hpaScalesOnCpu()).isTrue();
        double memoryOnly = (2.0 * GIB - r.memory().targetBytes()) / GIB * 0.005 * 2 * 730;
        assertThat(r.monthlySavingsUsd()).isCloseTo(memoryOnly, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void usageAboveTheRequestIsFlaggedAsUnderProvisioned() {
        start(RightsizingConfig.DEFAULTS.withStrategy("vpa"));
        workloads.pipeInput(web.key(), spec(web, 0.1, 200L << 20, 1, null), START);
        steadyUsage(web, 1);
        Recommendation r = latest().get(web.key());
        assertThat(r.cpuUnderProvisioned()).isTrue();
        assertThat(r.memoryUnderProvisioned()).isTrue();
        assertThat(r.monthlySavingsUsd()).isNegative();
    }

    @Test
    void aNewRequestReEmitsAndADeletedWorkloadLeavesATombstone() {
        start(RightsizingConfig.DEFAULTS);
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 2, null), START);
        steadyUsage(web, 1);
        recommendations.readKeyValuesToList();
        Instant later = START.plus(Duration.ofDays(1));
        workloads.pipeInput(web.key(), spec(web, 0.5, GIB, 2, null), later);
        Recommendation resized = recommendations.readValue();
        assertThat(resized.cpu().requestCores()).isEqualTo(0.5);
        assertThat(resized.memory().requestBytes()).isEqualTo(GIB);

        workloads.pipeInput(web.key(), null, later);
        KeyValue<String, Recommendation> tombstone = recommendations.readKeyValue();
        assertThat(tombstone.key).isEqualTo(web.key());
        assertThat(tombstone.value).isNull();
        assertThat(stored(web.key())).isNull();
    }

    @Test
    void thePodMinimumIsSplitAcrossTheWorkloadsContainers() {
        start(RightsizingConfig.DEFAULTS.withStrategy("vpa"));
        ContainerRef sidecar = web.workload().container("proxy");
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 1, null), START);
        workloads.pipeInput(sidecar.key(), spec(sidecar, 0.1, 128L << 20, 1, null), START);
        for (int minute = 0; minute < 120; minute++) {
            Instant at = START.plus(Duration.ofMinutes(minute));
            usage.pipeInput(sidecar.key(), new UsageSample(sidecar, "web-0", at, 0.001, 10L << 20), at);
        }
        Recommendation r = latest().get(sidecar.key());
        // VPA: 25 millicores and 250 MiB per pod, split across the pod's two containers
        assertThat(r.cpu().targetCores()).isEqualTo(0.012);
        assertThat(r.memory().targetBytes()).isEqualTo((250L << 20) / 2);
    }

    @Test
    void aContainerSilentForAWholeMemoryWindowIsForgotten() {
        start(RightsizingConfig.DEFAULTS);
        ContainerRef other = web.workload().container("other");
        usage.pipeInput(web.key(), new UsageSample(web, "web-0", START, 0.2, 300L << 20), START);
        recommendations.readKeyValuesToList();
        Instant nineDaysLater = START.plus(Duration.ofDays(9));
        usage.pipeInput(other.key(), new UsageSample(other, "web-0", nineDaysLater, 0.2, 300L << 20), nineDaysLater);
        assertThat(recommendations.readKeyValuesToList()).contains(new KeyValue<>(web.key(), null));
        assertThat(stored(web.key())).isNull();
    }

    @Test
    void theStatesGiveTheSameRecordsOnTheHeapAsInRocksDbThroughEvictionsResizesDeletionsAndExpiry() {
        // one decoded state per task: every sample of the other container evicts, writes and reloads the state
        RightsizingConfig oneDecoded = RightsizingConfig.DEFAULTS.with("cacheEntriesPerTask", 1);
        List<String> onTheHeap = history(oneDecoded, false);
        driver.close();
        List<String> inRocksDb = history(oneDecoded.with("stateStore", "rocksdb"), true);
        assertThat(inRocksDb).isEqualTo(onTheHeap).hasSizeGreaterThan(5);
    }

    /** The records a mixed history emits, then what the store holds for each container, as text. */
    private List<String> history(RightsizingConfig config, boolean persistent) {
        start(config);
        assertThat(driver.getAllStateStores().get(RightsizingFeature.STORE).persistent()).isEqualTo(persistent);
        ContainerRef sidecar = web.workload().container("proxy");
        workloads.pipeInput(web.key(), spec(web, 1.0, 2 * GIB, 2, null), START);
        workloads.pipeInput(sidecar.key(), spec(sidecar, 0.5, GIB, 2, null), START);
        for (int minute = 0; minute < 2 * 24 * 60; minute += 5) {
            Instant at = START.plus(Duration.ofMinutes(minute));
            usage.pipeInput(web.key(), new UsageSample(web, "web-0", at, minute % 100 == 0 ? 0.6 : 0.2, 300L << 20), at);
            usage.pipeInput(sidecar.key(), new UsageSample(sidecar, "web-0", at, 0.05, 60L << 20), at);
        }
        Instant later = START.plus(Duration.ofDays(2));
        events.pipeInput(web.key(), new ContainerEvent(web, "web-0", later, ContainerEvent.Type.OOM_KILLED, 1,
                600L << 20, GIB, "OOMKilled"), later);
        workloads.pipeInput(web.key(), spec(web, 0.5, GIB, 2, null), later);
        workloads.pipeInput(sidecar.key(), null, later);
        Instant tenDaysLater = START.plus(Duration.ofDays(10));
        usage.pipeInput(web.key(), new UsageSample(web, "web-1", tenDaysLater, 0.2, 300L << 20), tenDaysLater);
        List<String> seen = new ArrayList<>(recommendations.readKeyValuesToList().stream()
                .map(String::valueOf).toList());
        for (ContainerRef c : List.of(web, sidecar)) {
            seen.add(c.key() + " stored " + Arrays.toString(stored(c.key())));
        }
        return seen;
    }
}
