package io.reclaimer.model.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities ({@code 250m}, {@code 0.5}, {@code 512Mi}, {@code 1.5Gi}, {@code 2Pi},
 * {@code 1e3}, {@code 100n}) as numbers, and numbers back as quantities, for every module.
 *
 * <p>The arithmetic is fabric8's {@link Quantity}, which follows Kubernetes' own {@code resource.Quantity}. The
 * text is first held to Kubernetes' serialization grammar ({@code <signedNumber><suffix>}, suffix one of
 * {@code Ki Mi Gi Ti Pi Ei}, {@code n u m k M G T P E}, or an exponent {@code e3}/{@code E-3}) because fabric8
 * is lenient where Kubernetes is not ({@code 1m5} would be read as 100000).
 */
public final class Quantities {

    private static final Pattern GRAMMAR = Pattern.compile(
            "[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\\d+)?");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final BigDecimal MI = BigDecimal.valueOf(1L << 20);
    private static final BigDecimal GI = BigDecimal.valueOf(1L << 30);

    private Quantities() {
    }

    /** The amount {@code text} names (cores or bytes); {@link IllegalArgumentException} says what is wrong. */
    public static BigDecimal parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("invalid quantity '" + text
                + "': use e.g. 250m, 0.5, 512Mi, 1.5Gi, 2Pi, 1e3 (suffixes n u m k M G T P E, Ki Mi Gi Ti Pi Ei)"));
    }

    /** The amount {@code text} names, or empty when it is not a Kubernetes quantity. */
    public static Optional<BigDecimal> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (!GRAMMAR.matcher(value).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.getAmountInBytes(new Quantity(value)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** Cores or bytes; null for an absent (null or empty) quantity. */
    public static BigDecimal amount(String quantity) {
        return quantity == null || quantity.isEmpty() ? null : parse(quantity);
    }

    /** CPU cores as a double; null for an absent quantity. */
    public static Double cores(String quantity) {
        BigDecimal amount = amount(quantity);
        return amount == null ? null : amount.doubleValue();
    }

    /** Bytes rounded up to a whole byte; null for an absent quantity. */
    public static Long bytes(String quantity) {
        BigDecimal amount = amount(quantity);
        return amount == null ? null : amount.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** CPU cores as a quantity: whole cores plainly, anything else in millicores, rounded up. */
    public static String cpu(BigDecimal cores) {
        BigDecimal milli = cores.multiply(THOUSAND).setScale(0, RoundingMode.CEILING);
        if (milli.remainder(THOUSAND).signum() == 0) {
            return milli.divide(THOUSAND).toPlainString();
        }
        return milli.toPlainString() + "m";
    }

    /** Bytes as a quantity: Gi or Mi when exact, bytes otherwise, rounded up to a whole byte. */
    public static String memory(BigDecimal bytes) {
        BigDecimal whole = bytes.setScale(0, RoundingMode.CEILING);
        if (whole.signum() > 0 && whole.remainder(GI).signum() == 0) {
            return whole.divide(GI).toPlainString() + "Gi";
        }
        if (whole.signum() > 0 && whole.remainder(MI).signum() == 0) {
            return whole.divide(MI).toPlainString() + "Mi";
        }
        return whole.toPlainString();
    }

    /** Numerically equal, both absent counting as equal ({@code 1} and {@code 1000m} are the same). */
    public static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }
}
