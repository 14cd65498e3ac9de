package io.reclaimer.streams.rocksdb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One bounded pool of native memory for every RocksDB store of the analysis in this JVM, as in Kafka Streams'
 * memory-management guide: a shared block cache that also holds the index and filter blocks, and the memtables
 * charged to it through a {@link WriteBufferManager}. Without it every store instance (one per partition and store:
 * dozens) has its own 50 MB block cache and up to three 16 MB memtables, outside the heap and outside any limit the
 * JVM knows of: at a million containers the process's resident set was 1.2 GB or more above its heap
 * (docs/rightsizing.md, "Memory outside the heap is large").
 *
 * <p>Kafka Streams instantiates this class by name ({@code rocksdb.config.setter}) once per store instance, so the
 * pool is static, one per size; it is never closed, as stores come and go with rebalances.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Streams property: the pool's size in bytes. */
    public static final String TOTAL_BYTES_CONFIG = "reclaimer.rocksdb.memory.bytes";
    // memtables may take at most this share of the pool; the rest caches blocks (and pins index and filter blocks)
    private static final double MEMTABLE_SHARE = 0.4;
    // the share of the cache kept for index and filter blocks, which every read needs
    private static final double HIGH_PRIORITY_SHARE = 0.1;

    private static final Map<Long, Pool> POOLS = new ConcurrentHashMap<>();

    private record Pool(Cache cache, WriteBufferManager writeBuffers) {
    }

    /** The pool's size, given the streams configuration; a positive number of bytes. */
    static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(TOTAL_BYTES_CONFIG);
        long bytes = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
        if (bytes <= 0) {
            throw new IllegalArgumentException(TOTAL_BYTES_CONFIG + " must be positive, was " + value);
        }
        return bytes;
    }

    static Pool pool(long totalBytes) {
        return POOLS.computeIfAbsent(totalBytes, bytes -> {
            // strict capacity off: a full cache evicts rather than failing reads
            Cache cache = new LRUCache(bytes, -1, false, HIGH_PRIORITY_SHARE);
            return new Pool(cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache));
        });
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Pool pool = pool(totalBytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(pool.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(pool.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the pool is shared by every store instance of this JVM: closing it here would break the others
    }
}
