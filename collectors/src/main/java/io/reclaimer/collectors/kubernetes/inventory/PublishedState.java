package io.reclaimer.collectors.kubernetes.inventory;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.TopicSpec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * What the collector last published on one compacted topic, as a fingerprint per key. Publishing a new
 * desired state sends only what changed, and a tombstone for every key that is no longer desired — so the
 * topic converges on the cluster whatever informer events were missed (a relist that lost an object, a
 * watch that dropped a delete). {@code observedAt} is left out of the fingerprint, or every pass would
 * republish everything.
 *
 * <p>Memory starts from what is live on the topic ({@link #seed}), not from nothing: a key that an earlier
 * process published and that is no longer desired is tombstoned by the first publish like any other.
 */
public final class PublishedState<V> {

    private final TopicSpec<String, ? super V> topic;
    /** Per key the fingerprint of what was sent; null for a seeded key whose value this process never saw. */
    private final Map<String, Integer> fingerprints = new HashMap<>();

    public PublishedState(TopicSpec<String, ? super V> topic) {
        this.topic = topic;
    }

    /**
     * Keys live on the topic before this process published anything. The next publish resends those that are
     * still desired (their content is unknown here) and tombstones the others, so call {@link #publish} only
     * with a complete desired state.
     */
    public void seed(Collection<String> liveKeys) {
        for (String key : liveKeys) {
            fingerprints.putIfAbsent(key, null);
        }
    }

    /** Publishes the difference between what was published and {@code desired}; returns how many records it sent. */
    @SuppressWarnings("unchecked")
    public int publish(Map<String, ? extends V> desired, EventSink sink) {
        int sent = 0;
        TopicSpec<String, Object> target = (TopicSpec<String, Object>) topic;
        for (Map.Entry<String, ? extends V> entry : desired.entrySet()) {
            int fingerprint = fingerprint(entry.getValue());
            Integer previous = fingerprints.put(entry.getKey(), fingerprint);
            if (previous == null || previous != fingerprint) {
                sink.emit(target, entry.getKey(), entry.getValue());
                sent++;
            }
        }
        for (Iterator<String> keys = fingerprints.keySet().iterator(); keys.hasNext(); ) {
            String key = keys.next();
            if (!desired.containsKey(key)) {
                sink.emit(target, key, null);
                keys.remove();
                sent++;
            }
        }
        return sent;
    }

    public int size() {
        return fingerprints.size();
    }

    static int fingerprint(Object value) {
        if (!(value instanceof Record record)) {
            return value.hashCode();
        }
        int hash = record.getClass().hashCode();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals("observedAt")) {
                continue;
            }
            try {
                hash = 31 * hash + Objects.hashCode(component.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
        }
        return hash;
    }
}
