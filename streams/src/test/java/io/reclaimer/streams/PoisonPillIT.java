package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.deadletter.DeadLetter;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.intake.UsageIntake;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import io.reclaimer.streams.support.Fixtures;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole analysis on the real broker (exactly-once), fed an unparseable key and a garbage value on every input
 * topic, and a record whose processing throws: each is a dead letter with its source, the instance stays healthy
 * and RUNNING, and good records sent after the poison are analysed.
 */
@ExtendWith(KafkaExtension.class)
class PoisonPillIT {

    private static final ContainerRef BEFORE = new ContainerRef("prod-eu", "shop", "Deployment", "cart", "app");
    private static final ContainerRef AFTER = new ContainerRef("prod-eu", "shop", "Deployment", "web", "app");
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

    @Test
    void badKeysGarbageValuesAndRecordsThatFailProcessingAreDeadLettersWhileGoodRecordsKeepFlowing(
            KafkaTestCluster kafka, @TempDir Path stateDir) {
        Topics topics = kafka.createTopics("poison");
        AnalysisConfig config = AnalysisConfig.DEFAULTS.withStateDir(stateDir).withApplicationId("poison-it-" + topics.namespace());
        List<AnalysisFeature> features = new ArrayList<>();
        features.add(new UsageIntake());
        features.add(new RightsizingFeature(RightsizingConfig.DEFAULTS));
        features.addAll(WasteFeatures.all(WasteConfig.DEFAULTS));
        // a processor that refuses absurd samples by throwing: the processing-exception handler's case
        features.add(inputs -> inputs.usage().peek((key, sample) -> {
            if (sample != null && sample.cpuCores() > 10_000) {
                throw new IllegalStateException("no container uses " + sample.cpuCores() + " cores");
            }
        }, Named.as("absurd-samples")));
        try (AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, features),
                AnalysisService.properties(kafka.client(), topics, config, Map.of()))) {
            service.start();
            for (int i = 0; i < 5; i++) {
                kafka.send(topics.usageSamples(), BEFORE.key(), sample(BEFORE, i, 0.3));
            }

            Map<String, byte[]> validValues = validValues(topics);
            int poison = 0;
            for (TopicSpec<String, ?> input : inputs(topics)) {
                kafka.send(input.name(), "not-an-identity".getBytes(StandardCharsets.UTF_8), validValues.get(input.name()));
                kafka.send(input.name(), validKey(input, topics), new byte[] {(byte) 0xff, 0x00, '{', (byte) 0xc3});
                poison += 2;
            }
            kafka.send(topics.usageSamples(), BEFORE.key(), sample(BEFORE, 5, 50_000));
            poison++;

            kafka.send(topics.workloads(), AFTER.key(), spec(AFTER));
            for (int i = 0; i < 5; i++) {
                kafka.send(topics.usageSamples(), AFTER.key(), sample(AFTER, i, 0.2));
            }

            // the topic holds the poison sent to it too: read bytes, decode only the analysis' own records
            TopicSpec<String, Recommendation> out = topics.recommendations();
            TopicSpec<String, byte[]> raw = new TopicSpec<>(out.name(), out.keySerde(), Serdes.ByteArray(),
                    out.partitions(), out.cleanup(), out.retention(), out.copartitionGroup(), out.description());
            // the spec and the samples are on two topics: a sample may be joined before the spec is read, so the
            java.util.function.Function<ConsumerRecord<String, byte[]>, Recommendation> decode =
                    r -> out.valueSerde().deserializer().deserialize(out.name(), r.value());
            // first recommendation may lack the request; the spec must be applied by a later one (one more sample
            // every 10 s gives the join that later chance)
            int[] minute = {5};
            long[] lastSent = {System.nanoTime()};
            List<ConsumerRecord<String, byte[]>> recommendations = kafka.readUntil(raw, records -> {
                boolean applied = records.stream().filter(r -> AFTER.key().equals(r.key()))
                        .anyMatch(r -> Double.valueOf(1.0).equals(decode.apply(r).cpu().requestCores()));
                if (!applied && System.nanoTime() - lastSent[0] > TimeUnit.SECONDS.toNanos(10)) {
                    kafka.send(topics.usageSamples(), AFTER.key(), sample(AFTER, minute[0]++, 0.2));
                    lastSent[0] = System.nanoTime();
                }
                return applied;
            }, Duration.ofMinutes(3));
            assertThat(recommendations.stream().filter(r -> AFTER.key().equals(r.key())).map(decode)
                    .map(r -> r.cpu().requestCores()).toList())
                    .as("the spec sent after the poison is applied").contains(1.0);

            List<DeadLetter> letters = kafka.readAtLeast(topics.deadLetters(), poison, Duration.ofMinutes(3)).stream()
                    .map(ConsumerRecord::value).toList();
            assertThat(letters).hasSize(poison);
            Map<String, Long> perTopic = letters.stream().collect(Collectors.groupingBy(DeadLetter::sourceTopic,
                    TreeMap::new, Collectors.counting()));
            Map<String, Long> expected = new TreeMap<>();
            inputs(topics).forEach(t -> expected.put(t.name(), 2L));
            expected.merge(topics.usageSamples().name(), 1L, Long::sum);
            assertThat(perTopic).isEqualTo(expected);
            assertThat(letters).filteredOn(l -> l.key().equals("not-an-identity")).hasSize(inputs(topics).size())
                    .allSatisfy(l -> assertThat(l.reason()).startsWith("invalid ").contains(" key: "));
            assertThat(letters).filteredOn(l -> l.stage().endsWith("/absurd-samples")).singleElement()
                    .satisfies(l -> {
                        assertThat(l.reason()).isEqualTo("no container uses 50000.0 cores");
                        assertThat(l.sourceOffset()).isEqualTo(6); // 5 good samples and one garbage value before it
                    });
            assertThat(Set.copyOf(letters.stream().map(DeadLetter::sourceOffset).toList())).allMatch(o -> o >= 0);

            await("the instance stays RUNNING and healthy").atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                assertThat(service.problem()).isEmpty();
                assertThat(service.up()).isTrue();
            });
            assertThat(service.lastError()).as("no stream thread died").isNull();
        }
    }

    private static List<TopicSpec<String, ?>> inputs(Topics topics) {
        return List.of(topics.usageSamples(), topics.containerEvents(), topics.workloads(), topics.kubernetesInventory(),
                topics.cloudInventory(), topics.billingLines(), topics.recommendations());
    }

    private static byte[] validKey(TopicSpec<String, ?> topic, Topics topics) {
        String key;
        if (topic.equals(topics.kubernetesInventory())) {
            key = ObjectRef.clusterScoped("prod-eu", "Namespace", "dev").key();
        } else if (topic.equals(topics.cloudInventory())) {
            key = Fixtures.ref("vol-1").key();
        } else if (topic.equals(topics.billingLines())) {
            key = "aws/123456789012/2026-11-01/UnblendedCost/tag:cluster=prod-eu";
        } else {
            key = BEFORE.key();
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, byte[]> validValues(Topics topics) {
        Map<String, Object> values = Map.of(
                topics.usageSamples().name(), sample(BEFORE, 9, 0.3),
                topics.containerEvents().name(), new ContainerEvent(BEFORE, "cart-0", T0, ContainerEvent.Type.OOM_KILLED,
                        1, 600L << 20, 512L << 20, "OOMKilled"),
                topics.workloads().name(), spec(BEFORE),
                topics.kubernetesInventory().name(), new NamespaceInfo(ObjectRef.clusterScoped("prod-eu", "Namespace", "dev"),
                        Map.of(), Map.of(), T0.minus(Duration.ofDays(30)), T0),
                topics.cloudInventory().name(), Fixtures.availableVolume("vol-1", 100, "gp3", 3000, 125,
                        T0.minus(Duration.ofDays(30)), T0),
                topics.billingLines().name(), new BillingLine("123456789012", LocalDate.of(2026, 11, 1), "UnblendedCost",
                        "TAG", null, "cluster", "prod-eu", 12.0, "USD", true, T0),
                topics.recommendations().name(), new Recommendation(BEFORE, "default",
                        new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                        new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), 0.9, 10.0, 2,
                        false, false, false, 100, T0, T0, T0, Map.of(), Map.of()));
        Map<String, byte[]> bytes = new TreeMap<>();
        for (TopicSpec<String, ?> topic : inputs(topics)) {
            TopicSpec<String, Object> t = (TopicSpec<String, Object>) topic;
            bytes.put(t.name(), t.valueSerde().serializer().serialize(t.name(), values.get(t.name())));
        }
        return bytes;
    }

    private static UsageSample sample(ContainerRef c, int minute, double cpu) {
        return new UsageSample(c, c.workloadName() + "-0", T0.plus(Duration.ofMinutes(minute)), cpu, 300L << 20);
    }

    private static WorkloadContainerSpec spec(ContainerRef c) {
        return new WorkloadContainerSpec(c, 2, new ResourceAmounts(1.0, 1L << 30), null,
                WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(0.0316, 0.0042), Map.of(),
                Map.of(), T0);
    }
}
