package io.reclaimer.streams.allocation;

import java.util.Map;
import java.util.TreeMap;

/** The charges of one cluster-hour, by container key. */
record HourCharges(Map<String, Charge> charges) {

    static final HourCharges EMPTY = new HourCharges(Map.of());

    HourCharges {
        charges = charges == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(charges));
    }

    HourCharges with(String containerKey, Charge charge) {
        TreeMap<String, Charge> next = new TreeMap<>(charges);
        next.put(containerKey, charge);
        return new HourCharges(next);
    }
}
