package io.reclaimer.collectors.aws.state;

import io.reclaimer.model.billing.BillingLine;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What earlier runs left on the compacted topics, read once at start-up: which billing days are already
 * final (never pay for them again) and which inventory keys are live (tombstone them when they vanish).
 */
public interface PriorState {

    /** The latest billing line of every key. */
    Collection<BillingLine> billingLines();

    /** Keys of the cloud inventory topic whose latest record is not a tombstone. */
    Set<String> liveInventoryKeys();

    /** No history: for {@code --once --output -}, where nothing is read back and nothing is tombstoned. */
    static PriorState empty() {
        return new PriorState() {
            @Override
            public Collection<BillingLine> billingLines() {
                return List.of();
            }

            @Override
            public Set<String> liveInventoryKeys() {
                return Set.of();
            }
        };
    }
}
