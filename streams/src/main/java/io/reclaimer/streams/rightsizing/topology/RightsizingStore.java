package io.reclaimer.streams.rightsizing.topology;

import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The rightsizing state store: decoded states live in memory while samples update them, and each changed state
 * is encoded and written to the underlying changelogged store (on the heap or in RocksDB) once, just before Kafka Streams commits
 * (its store caches are flushed before the producer is flushed and the transaction committed), or when the state
 * leaves the in-memory set. A sample of a container whose state is in memory therefore costs no encoding and no
 * store write. This store is the cache: the underlying store needs no record cache of its own (one would copy each
 * written state once more).
 *
 * <p>Exactly-once holds because Kafka Streams flushes every {@link CachedStateStore} before it commits: the
 * states written are those of the offsets committed. A state changed after the last commit and lost in a crash is
 * rebuilt by reprocessing, like any uncommitted work. This relies on Kafka Streams' internal
 * {@code CachedStateStore} contract (4.3); {@code RightsizingScaleOutIT} and the topology tests exercise it.
 *
 * <p>Interactive queries ({@link ReadOnlyKeyValueStore}, other threads) read the underlying store: they see the
 * state as of the last commit (by default at most 200 ms old).
 */
public final class RightsizingStore implements StateStore, ReadOnlyKeyValueStore<String, byte[]>,
        CachedStateStore<String, byte[]> {

    private final KeyValueStore<String, byte[]> inner;
    private final RightsizingStateCodec codec;
    // decoded states, least recently used first; the changed flag lives beside the state (no second set to keep)
    private final Map<String, Slot> states;
    // the slot load() returned last: the processor marks the state it just loaded as changed, without a lookup
    private String lastKey;
    private Slot lastSlot;

    /** A decoded state and whether it changed since it was last written. */
    private static final class Slot {
        final RightsizingState state;
        boolean changed;

        Slot(RightsizingState state) {
            this.state = state;
        }
    }

    RightsizingStore(KeyValueStore<String, byte[]> inner, RightsizingStateCodec codec, int capacity) {
        this.inner = inner;
        this.codec = codec;
        int bound = Math.max(1, capacity);
        this.states = new LinkedHashMap<>(Math.max(16, bound * 4 / 3 + 1), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
                if (size() <= bound) {
                    return false;
                }
                Slot slot = eldest.getValue();
                if (slot.changed) {
                    slot.changed = false;
                    inner.put(eldest.getKey(), RightsizingStore.this.codec.encode(slot.state));
                }
                return true;
            }
        };
    }

    /** Wraps the builder of the underlying store. */
    public static StoreBuilder<RightsizingStore> builder(StoreBuilder<KeyValueStore<String, byte[]>> inner,
                                                         RightsizingStateCodec codec, int capacity) {
        return new Builder(inner, codec, capacity);
    }

    // ---------------------------------------------------------------- the processor's side (stream thread)

    /** The container's state, decoded once and then kept in memory; a new one when there is none. */
    RightsizingState load(String key) {
        Slot slot = states.get(key);
        if (slot == null) {
            byte[] bytes = inner.get(key);
            slot = new Slot(bytes == null ? codec.newState() : decode(bytes));
            states.put(key, slot);
        }
        lastKey = key;
        lastSlot = slot;
        return slot.state;
    }

    private RightsizingState decode(byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (RuntimeException e) {
            // an unreadable state must not stop the partition: the container starts afresh
            return codec.newState();
        }
    }

    /** The state changed: it is written at the next commit. */
    void changed(String key) {
        Slot slot = key.equals(lastKey) ? lastSlot : states.get(key);
        if (slot != null) {
            slot.changed = true;
        }
    }

    /** Whether a state exists for the key (in memory or stored). */
    boolean contains(String key) {
        return states.containsKey(key) || inner.get(key) != null;
    }

    void remove(String key) {
        states.remove(key);
        forgetLast();
        inner.delete(key);
    }

    /** Writes every changed state to the underlying store (the decoded set is small: a pass over it is cheap). */
    void writeChanged() {
        for (Map.Entry<String, Slot> entry : states.entrySet()) {
            Slot slot = entry.getValue();
            if (slot.changed) {
                slot.changed = false;
                inner.put(entry.getKey(), codec.encode(slot.state));
            }
        }
    }

    private void forgetLast() {
        lastKey = null;
        lastSlot = null;
    }

    /** Every stored entry, after writing the changed ones (for the expiry scan). */
    KeyValueIterator<String, byte[]> allWritten() {
        writeChanged();
        return inner.all();
    }

    // ---------------------------------------------------------------- Kafka Streams' side

    @Override
    public void flushCache() {
        writeChanged();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    @Override
    public void clearCache() {
        states.clear();
        forgetLast();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return inner instanceof CachedStateStore<?, ?> cached
                && ((CachedStateStore<String, byte[]>) cached).setFlushListener(listener, sendOldValues);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        states.clear();
        forgetLast();
        inner.init(context, root);
    }

    @Override
    public void flush() {
        writeChanged();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeChanged();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        // a clean close has committed (and so written) first; anything left is uncommitted work
        states.clear();
        forgetLast();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    // ---------------------------------------------------------------- interactive queries (any thread)

    @Override
    public byte[] get(String key) {
        return inner.get(key);
    }

    @Override
    public KeyValueIterator<String, byte[]> range(String from, String to) {
        return inner.range(from, to);
    }

    @Override
    public KeyValueIterator<String, byte[]> all() {
        return inner.all();
    }

    @Override
    public long approximateNumEntries() {
        return inner.approximateNumEntries();
    }

    private record Builder(StoreBuilder<KeyValueStore<String, byte[]>> inner, RightsizingStateCodec codec, int capacity)
            implements StoreBuilder<RightsizingStore> {

        @Override
        public StoreBuilder<RightsizingStore> withCachingEnabled() {
            return new Builder(inner.withCachingEnabled(), codec, capacity);
        }

        @Override
        public StoreBuilder<RightsizingStore> withCachingDisabled() {
            return new Builder(inner.withCachingDisabled(), codec, capacity);
        }

        @Override
        public StoreBuilder<RightsizingStore> withLoggingEnabled(Map<String, String> config) {
            return new Builder(inner.withLoggingEnabled(config), codec, capacity);
        }

        @Override
        public StoreBuilder<RightsizingStore> withLoggingDisabled() {
            return new Builder(inner.withLoggingDisabled(), codec, capacity);
        }

        @Override
        public RightsizingStore build() {
            // a codec per store: encoding reuses a buffer, and a store belongs to one task (one thread)
            return new RightsizingStore(inner.build(), codec.copy(), capacity);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
