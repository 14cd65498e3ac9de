package io.reclaimer.streams.allocation;

import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.kubernetes.NodeInfo;

/**
 * A change to a cluster's cost ledger, on the cluster's partition: one container-hour's charge, a node
 * (null: deleted), or the invoice line of one day of the cluster's cost-allocation tag. Internal.
 */
record LedgerSignal(String containerKey, long hour, Charge charge, String nodeName, NodeInfo node, BillingLine invoice) {

    static LedgerSignal charge(String containerKey, long hour, Charge charge) {
        return new LedgerSignal(containerKey, hour, charge, null, null, null);
    }

    static LedgerSignal node(String nodeName, NodeInfo node) {
        return new LedgerSignal(null, 0, null, nodeName, node, null);
    }

    static LedgerSignal invoice(BillingLine line) {
        return new LedgerSignal(null, 0, null, null, null, line);
    }

    boolean isCharge() {
        return charge != null;
    }

    boolean isInvoice() {
        return invoice != null;
    }
}
