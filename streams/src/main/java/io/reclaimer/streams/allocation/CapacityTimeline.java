package io.reclaimer.streams.allocation;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster's capacity over time, one entry per change, effective from an hour (epoch hours). Hours before
 * the first entry use the first entry: the earliest knowledge of the nodes is the best there is for usage
 * that arrived before them.
 */
record CapacityTimeline(List<Entry> entries) {

    public static final CapacityTimeline EMPTY = new CapacityTimeline(List.of());

    public record Entry(long fromHour, Capacity capacity) {
    }

    CapacityTimeline {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public Capacity at(long hour) {
        if (entries.isEmpty()) {
            return Capacity.NONE;
        }
        Capacity found = entries.get(0).capacity();
        for (Entry e : entries) {
            if (e.fromHour() <= hour) {
                found = e.capacity();
            }
        }
        return found;
    }

    /** The timeline with {@code capacity} from {@code hour} on (later entries are superseded). */
    public CapacityTimeline with(long hour, Capacity capacity) {
        List<Entry> next = new ArrayList<>();
        for (Entry e : entries) {
            if (e.fromHour() < hour) {
                next.add(e);
            }
        }
        if (next.isEmpty() || !next.get(next.size() - 1).capacity().equals(capacity)) {
            next.add(new Entry(hour, capacity));
        }
        return new CapacityTimeline(next);
    }

    /** Drops entries superseded before {@code hour}, keeping the one in force at it. */
    public CapacityTimeline prunedBefore(long hour) {
        List<Entry> next = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            boolean supersededBeforeHour = i + 1 < entries.size() && entries.get(i + 1).fromHour() <= hour;
            if (!supersededBeforeHour) {
                next.add(entries.get(i));
            }
        }
        return new CapacityTimeline(next);
    }
}
