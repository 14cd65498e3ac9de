package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.deadletter.DeadLetter;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.kubernetes.NodeInfo;
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
import io.reclaimer.streams.support.Driver;
import io.reclaimer.streams.support.Fixtures;
import io.reclaimer.streams.waste.WasteConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Random key and value bytes on every input topic of the whole analysis topology, among good records: no exception
 * escapes, every record that cannot be read under its topic's contract (key identity, versioned JSON) is a dead
 * letter naming its source topic and offset, nothing else is, and the outputs equal those of the same good records
 * alone.
 */
class PoisonPillPropertyTest {

    private static final Topics TOPICS = Topics.namespace("fuzz");
    private static final Instant T0 = Fixtures.NOW.minus(Duration.ofHours(6));
    private static final List<ContainerRef> CONTAINERS = List.of(
            new ContainerRef("prod-eu", "shop", "Deployment", "cart", "app"),
            new ContainerRef("prod-eu", "shop", "Deployment", "cart", "envoy"),
            new ContainerRef("prod-eu", "dev-1", "StatefulSet", "db", "postgres"));

    /** The inputs: topic, then how a valid value for a key is made. */
    private static final List<TopicSpec<String, ?>> INPUTS = List.of(TOPICS.usageSamples(), TOPICS.containerEvents(),
            TOPICS.workloads(), TOPICS.kubernetesInventory(), TOPICS.cloudInventory(), TOPICS.billingLines(),
            TOPICS.recommendations(), TOPICS.actionResults());

    /** One record to pipe: the input topic's index and its raw key and value (null for none). */
    record Raw(int topic, byte[] key, byte[] value) {
        @Override
        public String toString() {
            return INPUTS.get(topic).name() + " " + text(key) + " = " + text(value);
        }

        private static String text(byte[] bytes) {
            return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Property(tries = 10, edgeCases = EdgeCasesMode.NONE)
    void poisonPillsBecomeDeadLettersAndGoodRecordsAreUnaffected(@ForAll("mixes") List<Raw> records) {
        List<Raw> good = records.stream().filter(PoisonPillPropertyTest::readable).toList();
        try (Driver mixed = new Driver(topology(), TOPICS); Driver clean = new Driver(topology(), TOPICS)) {
            List<String> positions = new ArrayList<>();
            assertThatCode(() -> positions.addAll(pipe(mixed, records))).doesNotThrowAnyException();
            pipe(clean, good);
            Set<String> bad = new HashSet<>();
            for (int i = 0; i < records.size(); i++) {
                if (!readable(records.get(i))) {
                    bad.add(positions.get(i));
                }
            }

            List<TestRecord<String, DeadLetter>> letters = mixed.records(TOPICS.deadLetters());
            Set<String> lettered = new HashSet<>();
            for (TestRecord<String, DeadLetter> letter : letters) {
                assertThat(letter.value().reason()).isNotBlank();
                lettered.add(letter.value().sourceTopic() + "@" + letter.value().sourceOffset());
            }
            assertThat(lettered).as("dead letters (source topic@offset)").isEqualTo(bad);
            assertThat(letters).hasSize(bad.size());
            assertThat(clean.records(TOPICS.deadLetters())).isEmpty();
            for (TopicSpec<String, ?> output : List.of(TOPICS.recommendations(), TOPICS.findings(),
                    TOPICS.costAllocations(), TOPICS.costReconciliations())) {
                assertThat(keyValues(mixed, output)).as(output.name()).isEqualTo(keyValues(clean, output));
            }
        }
    }

    private static Topology topology() {
        List<AnalysisFeature> features = new ArrayList<>();
        features.add(new UsageIntake());
        features.add(new RightsizingFeature(RightsizingConfig.DEFAULTS));
        features.addAll(WasteFeatures.all(WasteConfig.DEFAULTS));
        return AnalysisTopology.build(TOPICS, features);
    }

    /**
     * Pipes the records in order, one minute apart; returns each one's position, {@code topic@offset}. The
     * recommendations topic is also written by the topology, and its records take offsets there too.
     */
    private static List<String> pipe(Driver driver, List<Raw> records) {
        Instant t = T0;
        Map<Integer, Long> piped = new HashMap<>();
        List<String> positions = new ArrayList<>();
        for (Raw r : records) {
            TopicSpec<String, ?> topic = INPUTS.get(r.topic());
            long produced = topic.equals(TOPICS.recommendations()) ? driver.records(TOPICS.recommendations()).size() : 0;
            long offset = piped.merge(r.topic(), 1L, Long::sum) - 1 + produced;
            positions.add(topic.name() + "@" + offset);
            TestInputTopic<byte[], byte[]> input = driver.raw().createInputTopic(topic.name(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            input.pipeInput(new TestRecord<>(r.key(), r.value(), t));
            t = t.plus(Duration.ofMinutes(1));
        }
        return positions;
    }

    private static List<String> keyValues(Driver driver, TopicSpec<String, ?> topic) {
        return driver.records(topic).stream().map(r -> r.key() + "=" + r.value()).toList();
    }

    /** The topic's contract, independently of the topology: a key of the topic's identity and a readable value. */
    @SuppressWarnings("unchecked")
    private static boolean readable(Raw r) {
        TopicSpec<String, Object> topic = (TopicSpec<String, Object>) INPUTS.get(r.topic());
        String key = r.key() == null ? null : strictUtf8(r.key());
        if (key == null || !validKey(r.topic(), key)) {
            return false;
        }
        try {
            topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean validKey(int topic, String key) {
        try {
            switch (topic) {
                case 0, 1, 2, 6 -> ContainerRef.parse(key);
                case 3 -> ObjectRef.parse(key);
                case 4 -> io.reclaimer.model.CloudResourceRef.parse(key);
                case 7 -> {
                    return !key.isBlank();
                }
                default -> {
                    String[] parts = key.split("/", 5);
                    LocalDate.parse(parts[2]);
                    if (parts.length != 5 || !"aws".equals(parts[0]) || parts[1].isBlank() || parts[3].isBlank()
                            || !(parts[4].startsWith("tag:") || parts[4].startsWith("service:"))) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<Raw>> mixes() {
        Arbitrary<Raw> good = Combinators.combine(Arbitraries.integers().between(0, INPUTS.size() - 1),
                Arbitraries.integers().between(0, 1_000)).as(PoisonPillPropertyTest::valid);
        Arbitrary<Raw> poison = Combinators.combine(Arbitraries.integers().between(0, INPUTS.size() - 1),
                Arbitraries.integers().between(0, 1_000), keyMutations(), valueMutations()).as((topic, seed, k, v) -> {
                    Raw valid = valid(topic, seed);
                    return new Raw(topic, k.apply(valid.key()), v.apply(valid.value()));
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, good), net.jqwik.api.Tuple.of(2, poison))
                .list().ofMinSize(10).ofMaxSize(50);
    }

    private interface Mutation {
        byte[] apply(byte[] bytes);
    }

    private static Arbitrary<Mutation> keyMutations() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        return Arbitraries.oneOf(
                Arbitraries.just(b -> b),
                Arbitraries.just(b -> null),
                random.map(r -> b -> r),
                Arbitraries.strings().ofMaxLength(30).map(s -> b -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(0, 200).map(i -> b -> flip(b, i)),
                Arbitraries.just(b -> (new String(b, StandardCharsets.UTF_8) + "/extra").getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(b -> new String(b, StandardCharsets.UTF_8).replaceFirst("/", "")
                        .getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(b -> new String(b, StandardCharsets.UTF_8).replaceFirst("/[^/]*", "/ ")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static Arbitrary<Mutation> valueMutations() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.oneOf(
                Arbitraries.just(b -> b),
                Arbitraries.just(b -> null),
                random.map(r -> b -> r),
                Arbitraries.integers().between(0, 400).map(i -> b -> flip(b, i)),
                Arbitraries.integers().between(0, 400).map(i -> b -> java.util.Arrays.copyOf(b, Math.min(b.length, i))),
                Arbitraries.just(b -> "{}".getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(b -> "null".getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(b -> new String(b, StandardCharsets.UTF_8).replaceFirst("/v1\"", "/v9\"")
                        .getBytes(StandardCharsets.UTF_8)),
                Arbitraries.just(b -> new String(b, StandardCharsets.UTF_8).replaceFirst(":\\s*\\d+(\\.\\d+)?", ":-1")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] flip(byte[] bytes, int at) {
        if (bytes == null || bytes.length == 0) {
            return new byte[] {(byte) at};
        }
        byte[] copy = bytes.clone();
        copy[at % copy.length] ^= (byte) (1 + at % 127);
        return copy;
    }

    /** A valid record of the topic, chosen by {@code seed}. */
    private static Raw valid(int topic, int seed) {
        ContainerRef c = CONTAINERS.get(seed % CONTAINERS.size());
        Instant at = T0.plus(Duration.ofMinutes(seed % 360));
        Object value;
        String key;
        switch (topic) {
            case 0 -> {
                key = c.key();
                value = new UsageSample(c, c.workloadName() + "-" + (seed % 2), at, 0.05 + (seed % 17) / 20.0,
                        (200L + seed % 300) << 20);
            }
            case 1 -> {
                key = c.key();
                value = new ContainerEvent(c, c.workloadName() + "-0", at, ContainerEvent.Type.OOM_KILLED, seed % 5,
                        (500L + seed % 100) << 20, 512L << 20, "OOMKilled");
            }
            case 2 -> {
                key = c.key();
                value = new WorkloadContainerSpec(c, 1 + seed % 3, new ResourceAmounts(0.5 + seed % 3, (1L + seed % 2) << 30),
                        null, WorkloadContainerSpec.QosClass.BURSTABLE, "general", null, new UnitPrices(0.0316, 0.0042),
                        Map.of("team", "t" + seed % 2), Map.of(), at);
            }
            case 3 -> {
                if (seed % 2 == 0) {
                    NodeInfo node = new NodeInfo(ObjectRef.clusterScoped("prod-eu", "Node", "n" + seed % 3), "m5.large",
                            "eu-west-1", "eu-west-1a", NodeInfo.CapacityType.ON_DEMAND, "general",
                            new ResourceAmounts(2.0, 8L << 30), new ResourceAmounts(1.92, 7L << 30), 0.096,
                            new UnitPrices(0.0316, 0.0042), "catalog", Map.of(), at);
                    key = node.ref().key();
                    value = node;
                } else {
                    NamespaceInfo ns = new NamespaceInfo(ObjectRef.clusterScoped("prod-eu", "Namespace", "dev-" + seed % 3),
                            Map.of("env", "dev"), Map.of(), at.minus(Duration.ofDays(40)), at);
                    key = ns.ref().key();
                    value = ns;
                }
            }
            case 4 -> {
                var volume = Fixtures.availableVolume("vol-" + seed % 4, 50 + seed % 100, "gp3", 3000, 125,
                        Fixtures.daysAgo(60), at);
                key = volume.ref().key();
                value = volume;
            }
            case 5 -> {
                BillingLine line = new BillingLine("123456789012", LocalDate.of(2026, 11, 1 + seed % 2), "UnblendedCost",
                        "TAG", null, "cluster", "prod-eu", 1 + seed % 50, "USD", true, at);
                key = line.key();
                value = line;
            }
            case 7 -> {
                key = "action-" + seed % 5;
                value = new io.reclaimer.model.actions.ActionResult(key,
                        seed % 2 == 0 ? io.reclaimer.model.actions.ActionResult.Status.EXECUTED
                                : io.reclaimer.model.actions.ActionResult.Status.ROLLED_BACK, "", Map.of(), Map.of(), at);
            }
            default -> {
                key = c.key();
                value = new Recommendation(c, "default", new Recommendation.Cpu(1.0, 0.2, 0.1, 0.4),
                        new Recommendation.Memory(1024L << 20, 400L << 20, 300L << 20, 600L << 20), 0.9,
                        10.0 + seed % 40, 2, false, false, false, 2016, at.minus(Duration.ofDays(7)), at, at, Map.of(),
                        Map.of());
            }
        }
        @SuppressWarnings("unchecked")
        TopicSpec<String, Object> spec = (TopicSpec<String, Object>) INPUTS.get(topic);
        return new Raw(topic, key.getBytes(StandardCharsets.UTF_8), spec.valueSerde().serializer().serialize(spec.name(), value));
    }
}
