package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.usage.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latency probe: samples of new containers, one every {@code intervalMs}, each timed until its recommendation is
 * readable (read_committed). New containers because a recommendation is only emitted when it changes materially
 * ({@code EmissionPolicy}), so a sample of a known container usually produces no record to time; the first sample of
 * a container always produces its first recommendation. The probes queue behind whatever load runs in the same
 * partitions and transactions, so the figure is the latency of the pipeline under that load.
 */
final class Probes {

    /**
     * The latencies in milliseconds, sorted; {@code unanswered} of them are probes still waiting when patience ran out,
     * counted with their wait so far (lower bounds); {@code otherRecords}: the recommendations of other containers
     * (the load's) read meanwhile; {@code bySendMs}: the same latencies in the order the probes were sent.
     */
    record Latencies(double[] sortedMs, int unanswered, long otherRecords, double[] bySendMs) {

        /** For people: the median and the maximum of each quarter of the probes, in send order. */
        String byQuarter() {
            StringBuilder s = new StringBuilder();
            int n = bySendMs.length;
            for (int q = 0; q < 4 && n >= 4; q++) {
                double[] part = Arrays.copyOfRange(bySendMs, q * n / 4, (q + 1) * n / 4);
                Arrays.sort(part);
                s.append(String.format(java.util.Locale.ROOT, "%s%.0f/%.0f ms", q == 0 ? "" : ", ",
                        part[part.length / 2], part[part.length - 1]));
            }
            return s.toString();
        }

        double percentile(double p) {
            if (sortedMs.length == 0) {
                return 0;
            }
            int index = (int) Math.ceil(p * sortedMs.length) - 1;
            return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, index))];
        }

        int answered() {
            return sortedMs.length - unanswered;
        }

        double max() {
            return sortedMs.length == 0 ? 0 : sortedMs[sortedMs.length - 1];
        }
    }

    private Probes() {
    }

    static Latencies run(BenchKafka kafka, int probes, long intervalMs, Duration patience) {
        Properties c = kafka.settings().clientProperties();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Long> sentAt = new HashMap<>();
        Map<String, Integer> order = new HashMap<>();
        double[] bySend = new double[probes];
        List<Double> latencies = new ArrayList<>();
        int unanswered = 0;
        long others = 0;
        String usage = kafka.topics().usageSamples().name();
        var serde = kafka.topics().usageSamples().valueSerde().serializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = kafka.producer(kafka.producerConfig())) {
            List<TopicPartition> partitions = BenchKafka.partitions(consumer, kafka.topics().recommendations());
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long nextSend = System.nanoTime();
            int sent = 0;
            long deadline = System.nanoTime() + patience.toNanos();
            while (latencies.size() < probes) {
                if (sent < probes && System.nanoTime() >= nextSend) {
                    ContainerRef probe = new ContainerRef("bench-probe", "probe", "Deployment", "probe-" + sent, "app");
                    Instant now = Instant.now();
                    UsageSample sample = new UsageSample(probe, "probe-" + sent + "-0", now, 0.25, 256L << 20);
                    sentAt.put(probe.key(), System.nanoTime());
                    order.put(probe.key(), sent);
                    producer.send(new ProducerRecord<>(usage, null, now.toEpochMilli(),
                            probe.key().getBytes(StandardCharsets.UTF_8), serde.serialize(usage, sample)));
                    producer.flush();
                    sent++;
                    nextSend += TimeUnit.MILLISECONDS.toNanos(intervalMs);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    Long at = sentAt.remove(record.key());
                    if (at != null) {
                        double ms = (System.nanoTime() - at) / 1e6;
                        latencies.add(ms);
                        bySend[order.get(record.key())] = ms;
                    } else {
                        others++;
                    }
                }
                if (System.nanoTime() > deadline) {
                    long now = System.nanoTime();
                    for (Map.Entry<String, Long> waiting : sentAt.entrySet()) {
                        double ms = (now - waiting.getValue()) / 1e6;
                        latencies.add(ms);
                        bySend[order.get(waiting.getKey())] = ms;
                        unanswered++;
                    }
                    break;
                }
            }
        }
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new Latencies(sorted, unanswered, others,
                Arrays.copyOf(bySend, Math.min(bySend.length, latencies.size())));
    }
}
