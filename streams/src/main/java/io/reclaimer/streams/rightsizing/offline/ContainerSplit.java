package io.reclaimer.streams.rightsizing.offline;

import io.reclaimer.model.ContainerRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Two fixed halves of any set of containers, to tune a strategy on one and report on the other: a container is
 * in {@code tune} when the CRC-32 of its key ({@code cluster/namespace/kind/name/container}) is even, in
 * {@code holdout} when it is odd. Stable across runs, machines and row order, and independent of how many
 * containers a trace has, so a held-out container stays held out when a trace grows.
 */
public enum ContainerSplit {
    ALL, TUNE, HOLDOUT;

    public static ContainerSplit parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("split must be all, tune or holdout; was '" + value + "'");
        }
    }

    public boolean contains(ContainerRef container) {
        if (this == ALL) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(container.key().getBytes(StandardCharsets.UTF_8));
        boolean even = (crc.getValue() & 1) == 0;
        return this == TUNE ? even : !even;
    }

    public List<UsageCsv.Row> filter(List<UsageCsv.Row> rows) {
        return this == ALL ? rows : rows.stream().filter(row -> contains(row.container())).toList();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
