package io.reclaimer.collectors.kubernetes;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.kubernetes.state.PriorInventory;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs in a child JVM started by {@link KubernetesMemoryIT} with {@code -Xmx256m}: lists a cluster once
 * (inventory, container events, one metrics poll), keeps the informers' caches as a long-running
 * collector would, then measures the heap after a full GC. Events are serialized (as for Kafka) and counted.
 */
public final class MemoryProbe {

    public static void main(String[] args) throws Exception {
        KubernetesCollectorConfig config = KubernetesCollectorConfig.defaults().withKubeconfig(Path.of(args[0]))
                // the mock server, not the collector, is slow to list tens of thousands of objects
                .withRequestTimeout(java.time.Duration.ofMinutes(5));
        AtomicLong events = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        EventSink counting = new EventSink() {
            @Override
            public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
                events.incrementAndGet();
                if (value != null) {
                    bytes.addAndGet(topic.valueSerde().serializer().serialize(topic.name(), value).length);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        try (KubernetesCollector collector = KubernetesCollector.create(config, Topics.defaults(), new PrometheusRegistry())) {
            long baseline = heapAfterGc();
            long started = System.nanoTime();
            KubernetesCollector.OnceResult result = collector.collectOnce(counting, PriorInventory.empty());
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            long after = heapAfterGc();
            System.out.printf("RESULT complete=%s cachedPods=%d events=%d eventBytes=%d seconds=%d heapAfterGcBytes=%d"
                    + " maxHeapBytes=%d baselineHeapBytes=%d%n", result.complete(), collector.cachedPods(), events.get(),
                    bytes.get(), seconds, after, Runtime.getRuntime().maxMemory(), baseline);
        }
        System.exit(0);
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200); // let concurrent phases finish between collections; this is a measurement, not synchronisation
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
