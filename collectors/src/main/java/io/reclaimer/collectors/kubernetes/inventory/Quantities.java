package io.reclaimer.collectors.kubernetes.inventory;

import io.fabric8.kubernetes.api.model.Quantity;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import java.util.Map;

/**
 * fabric8's {@link Quantity} objects from the API server as cores and bytes; the reading itself is the model's
 * one quantity parser ({@link io.reclaimer.model.kubernetes.Quantities}).
 */
public final class Quantities {

    private Quantities() {
    }

    public static Double cores(Quantity quantity) {
        return quantity == null ? null : io.reclaimer.model.kubernetes.Quantities.cores(quantity.toString());
    }

    /** Bytes, rounded up to a whole byte. */
    public static Long bytes(Quantity quantity) {
        return quantity == null ? null : io.reclaimer.model.kubernetes.Quantities.bytes(quantity.toString());
    }

    /**
     * The {@code cpu} and {@code memory} entries of a resource list (absent entries stay null), and its extended
     * resources ({@code <domain>/<name>}: {@code nvidia.com/gpu}...) and pod count ({@code pods}, on nodes).
     * Ephemeral storage and huge pages are not counted.
     */
    public static ResourceAmounts amounts(Map<String, Quantity> resources) {
        if (resources == null || resources.isEmpty()) {
            return ResourceAmounts.NONE;
        }
        Map<String, Double> extended = new java.util.TreeMap<>();
        resources.forEach((name, quantity) -> {
            if (quantity != null && (name.indexOf('/') > 0 || ResourceAmounts.PODS.equals(name))) {
                extended.put(name, quantity.getNumericalAmount().doubleValue());
            }
        });
        return new ResourceAmounts(cores(resources.get("cpu")), bytes(resources.get("memory")), extended);
    }
}
