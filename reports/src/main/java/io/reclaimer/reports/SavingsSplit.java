package io.reclaimer.reports;

/**
 * Request savings and node savings, apart (docs/waste.md): lower requests take nothing off the bill until nodes go
 * away, so the report says which money is realizable now. All amounts US$ per month.
 *
 * @param requestUsd            rightsizing: what the recommendations save, realizable only as nodes go away
 * @param nodeUsd               node-pool consolidation: the removable nodes' price, packing at recommended requests
 * @param nodeRealizableNowUsd  of which the nodes that packing at today's requests already leaves empty: removable
 *                              now, without rightsizing anything (the finding's {@code realizableNowMonthlyUsd})
 * @param pools                 pools with removable nodes
 * @param underutilizedNodesUsd the underutilized nodes' price: the same money seen node by node, not added up
 * @param underutilizedNodes    nodes found underutilized
 */
record SavingsSplit(double requestUsd, double nodeUsd, double nodeRealizableNowUsd, int pools,
                           double underutilizedNodesUsd, int underutilizedNodes) {

    /** The money of node findings, with the request savings of the same report. */
    static SavingsSplit of(double requestUsd, Iterable<NodeSaving> nodes) {
        double node = 0;
        double now = 0;
        int pools = 0;
        double underutilized = 0;
        int underutilizedCount = 0;
        for (NodeSaving n : nodes) {
            if (n.pool()) {
                node += n.monthlyUsd();
                now += Math.min(n.monthlyUsd(), n.realizableNowUsd());
                pools++;
            } else {
                underutilized += n.monthlyUsd();
                underutilizedCount++;
            }
        }
        return new SavingsSplit(requestUsd, node, now, pools, underutilized, underutilizedCount);
    }

    /** Node savings that need rightsizing first: the consolidation at recommended requests beyond today's. */
    public double nodeAfterRightsizingUsd() {
        return nodeUsd - nodeRealizableNowUsd;
    }

    /** A node finding: a pool's consolidation ({@code pool}) or an underutilized node. */
    record NodeSaving(boolean pool, double monthlyUsd, double realizableNowUsd) {
    }
}
