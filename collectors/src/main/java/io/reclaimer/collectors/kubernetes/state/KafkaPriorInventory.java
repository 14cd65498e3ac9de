package io.reclaimer.collectors.kubernetes.state;

import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The workload-spec and Kubernetes inventory topics as they stand, read once at start-up to their current end. */
public final class KafkaPriorInventory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPriorInventory.class);

    private KafkaPriorInventory() {
    }

    /** Only keys are kept: a fleet's inventory values would cost heap for nothing. */
    public static PriorInventory read(String bootstrapServers, Topics topics, Duration timeout) {
        Set<String> workloads = CompactedTopicReader.liveKeys(bootstrapServers, topics.workloads(), timeout);
        Set<String> objects = CompactedTopicReader.liveKeys(bootstrapServers, topics.kubernetesInventory(), timeout);
        LOG.info("read {} live workload container keys and {} live Kubernetes inventory keys from Kafka",
                workloads.size(), objects.size());
        return PriorInventory.of(workloads, objects);
    }
}
