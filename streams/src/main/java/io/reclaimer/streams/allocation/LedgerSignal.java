package io.reclaimer.streams.allocation;

import io.reclaimer.model.kubernetes.NodeInfo;

/**
 * A change to a cluster's cost ledger, on the cluster's partition: one container-hour's charge, or a node
 * (null: deleted). Internal.
 */
record LedgerSignal(String containerKey, long hour, Charge charge, String nodeName, NodeInfo node) {

    static LedgerSignal charge(String containerKey, long hour, Charge charge) {
        return new LedgerSignal(containerKey, hour, charge, null, null);
    }

    static LedgerSignal node(String nodeName, NodeInfo node) {
        return new LedgerSignal(null, 0, null, nodeName, node);
    }

    boolean isCharge() {
        return charge != null;
    }
}
