package io.reclaimer.collectors.aws.inventory;

import io.reclaimer.model.CloudResourceRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which inventory keys to tombstone. A key is tombstoned only when a <em>complete</em> listing of
 * its account and region no longer contains it; a listing in which any call failed adds what it saw and
 * removes nothing, because "not listed" then may only mean "not asked".
 *
 * <p>The tracker is seeded with the keys currently live on the compacted inventory topic, so a resource
 * deleted while the collector was down is still tombstoned by the first complete listing after a restart
 * (an empty memory would leave it on the topic forever, looking like a live orphan).
 */
public final class InventoryTracker {

    private final Map<Scope, Set<String>> known = new HashMap<>();

    record Scope(String account, String region) {
    }

    /** Keys that are live on the inventory topic (not tombstoned); keys that are not AWS keys are ignored. */
    public void seed(Collection<String> liveKeys) {
        for (String key : liveKeys) {
            CloudResourceRef ref;
            try {
                ref = CloudResourceRef.parse(key);
            } catch (RuntimeException e) {
                continue;
            }
            if (CloudResourceRef.AWS.equals(ref.provider())) {
                known.computeIfAbsent(new Scope(ref.account(), ref.region()), s -> new HashSet<>()).add(key);
            }
        }
    }

    /**
     * Records a listing of one account and region and returns the keys to tombstone: those known before and
     * missing now, if the listing is complete; none otherwise.
     */
    public List<String> listed(String account, String region, Collection<String> keys, boolean complete) {
        Scope scope = new Scope(account, region);
        Set<String> before = known.getOrDefault(scope, Set.of());
        if (!complete) {
            Set<String> union = new HashSet<>(before);
            union.addAll(keys);
            known.put(scope, union);
            return List.of();
        }
        Set<String> now = new HashSet<>(keys);
        List<String> gone = new ArrayList<>();
        for (String key : before) {
            if (!now.contains(key)) {
                gone.add(key);
            }
        }
        gone.sort(null);
        known.put(scope, now);
        return gone;
    }

    public Set<String> known(String account, String region) {
        return Set.copyOf(known.getOrDefault(new Scope(account, region), Set.of()));
    }
}
