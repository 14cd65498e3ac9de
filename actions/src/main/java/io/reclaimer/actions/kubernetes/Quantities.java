package io.reclaimer.actions.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Kubernetes quantities to numbers and back, in the forms people write them ({@code 250m}, {@code 512Mi}). */
final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MI = BigDecimal.valueOf(1L << 20);
    private static final BigDecimal GI = BigDecimal.valueOf(1L << 30);

    private Quantities() {
    }

    /** Cores or bytes; null for an absent quantity. */
    static BigDecimal amount(Quantity quantity) {
        return quantity == null ? null : Quantity.getAmountInBytes(quantity);
    }

    static BigDecimal amount(String quantity) {
        return quantity == null || quantity.isEmpty() ? null : Quantity.getAmountInBytes(new Quantity(quantity));
    }

    /** CPU cores as a quantity: whole cores plainly, anything else in millicores, rounded up. */
    static String cpu(BigDecimal cores) {
        BigDecimal milli = cores.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (milli.remainder(THOUSAND).signum() == 0) {
            return milli.divide(THOUSAND).toPlainString();
        }
        return milli.toPlainString() + "m";
    }

    /** Bytes as a quantity: Gi or Mi when exact, bytes otherwise, rounded up to a whole byte. */
    static String memory(BigDecimal bytes) {
        BigDecimal whole = bytes.setScale(0, RoundingMode.CEILING);
        if (whole.signum() > 0 && whole.remainder(GI).signum() == 0) {
            return whole.divide(GI).toPlainString() + "Gi";
        }
        if (whole.signum() > 0 && whole.remainder(MI).signum() == 0) {
            return whole.divide(MI).toPlainString() + "Mi";
        }
        return whole.toPlainString();
    }

    static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
