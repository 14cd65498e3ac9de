package io.reclaimer.collectors.kubernetes.state;

import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.model.topics.Topics;

/**
 * The workload-spec and Kubernetes inventory keys this agent left live, from its own state topic: an agent never
 * reads other clusters' records (see {@link AgentState}).
 */
public final class KafkaPriorInventory {

    private KafkaPriorInventory() {
    }

    /** Only keys are kept: inventory values would cost heap for nothing. */
    public static PriorInventory of(AgentState state, Topics topics) {
        return PriorInventory.of(state.liveKeys(topics.workloads()), state.liveKeys(topics.kubernetesInventory()));
    }
}
