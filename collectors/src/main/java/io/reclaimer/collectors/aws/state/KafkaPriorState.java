package io.reclaimer.collectors.aws.state;

import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The billing and inventory topics as they stand, read once at start-up to their current end. A billing
 * line that cannot be read is skipped (it only costs one more Cost Explorer request; the pipeline's
 * dead-letter handling owns the record).
 */
public final class KafkaPriorState implements PriorState {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPriorState.class);

    private final List<BillingLine> billingLines;
    private final Set<String> liveInventoryKeys;

    private KafkaPriorState(Collection<BillingLine> billingLines, Set<String> liveInventoryKeys) {
        this.billingLines = List.copyOf(billingLines);
        this.liveInventoryKeys = Set.copyOf(liveInventoryKeys);
    }

    public static KafkaPriorState read(String bootstrapServers, Topics topics, Duration timeout) {
        KafkaPriorState state = new KafkaPriorState(
                CompactedTopicReader.readAll(bootstrapServers, topics.billingLines(), timeout).values(),
                CompactedTopicReader.liveKeys(bootstrapServers, topics.cloudInventory(), timeout));
        LOG.info("read {} billing lines and {} live inventory keys from Kafka", state.billingLines.size(),
                state.liveInventoryKeys.size());
        return state;
    }

    @Override
    public Collection<BillingLine> billingLines() {
        return billingLines;
    }

    @Override
    public Set<String> liveInventoryKeys() {
        return liveInventoryKeys;
    }
}
