package io.reclaimer.app.rightsizing;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A proposed request written as a Kubernetes quantity ({@code 200m}, {@code 1.5}, {@code 512Mi}, {@code 1G}), parsed
 * by fabric8's {@link Quantity} as the collectors parse requests: the one parser of the offline
 * {@code rightsize --what-if} and of the HTTP what-if.
 */
public final class ProposedQuantities {

    private ProposedQuantities() {
    }

    /** In cores; {@code name} (an option or a parameter) is named in the error. */
    public static double cores(String name, String quantity) {
        return amount(name, quantity).doubleValue();
    }

    /** In bytes, rounded up to a whole byte. */
    public static long bytes(String name, String quantity) {
        return amount(name, quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static BigDecimal amount(String name, String quantity) {
        try {
            BigDecimal amount = Quantity.getAmountInBytes(new Quantity(quantity));
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException("must be > 0");
            }
            return amount;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": '" + quantity + "' is not a positive Kubernetes quantity ("
                    + e.getMessage() + ")");
        }
    }
}
