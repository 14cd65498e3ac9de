package io.reclaimer.collectors.aws.state;

import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.topics.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The billing lines and cloud inventory keys this agent published before, from its own state topic: an agent never
 * reads other accounts' records (see {@link AgentState}). A billing line that cannot be read is skipped (it only
 * costs one more Cost Explorer request).
 */
public final class KafkaPriorState implements PriorState {

    private final List<BillingLine> billingLines;
    private final Set<String> liveInventoryKeys;

    private KafkaPriorState(Collection<BillingLine> billingLines, Set<String> liveInventoryKeys) {
        this.billingLines = List.copyOf(billingLines);
        this.liveInventoryKeys = Set.copyOf(liveInventoryKeys);
    }

    public static KafkaPriorState of(AgentState state, Topics topics) {
        return new KafkaPriorState(state.values(topics.billingLines()), state.liveKeys(topics.cloudInventory()));
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
