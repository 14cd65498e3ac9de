package io.reclaimer.model.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({
            "1, 1",
            "250m, 0.25",
            "0.5, 0.5",
            "1.5, 1.5",
            ".5, 0.5",
            "1., 1",
            "+1, 1",
            "-1, -1",
            "100n, 0.0000001",
            "100u, 0.0001",
            "1k, 1000",
            "1M, 1000000",
            "1G, 1000000000",
            "1T, 1000000000000",
            "1P, 1000000000000000",
            "1E, 1000000000000000000",
            "1Ki, 1024",
            "512Mi, 536870912",
            "1.5Gi, 1610612736",
            "1Ti, 1099511627776",
            "2Pi, 2251799813685248",
            "1e3, 1000",
            "1E3, 1000",
            "1e-3, 0.001",
            "' 64Mi ', 67108864",
    })
    void readsEveryKubernetesForm(String text, String amount) {
        assertThat(Quantities.parse(text)).isEqualByComparingTo(new BigDecimal(amount));
        assertThat(Quantities.tryParse(text)).isPresent();
    }

    @Test
    void readsExbibytes() {
        // fabric8 computes Ei through a double: exact to 16 significant digits, which is all a byte count needs
        assertThat(Quantities.parse("1Ei").doubleValue()).isEqualTo(Math.pow(2, 60));
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"", " ", "abc", "Mi", "1 Gi", "1gi", "1KB", "1K", "1mi", "0x10", "1.5.5", "1e", "12e2Mi",
            "1i", "2w", "1m5", "1Mi1", "1,5", "--1"})
    void refusesWhatKubernetesRefuses(String text) {
        assertThat(Quantities.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> Quantities.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid quantity '" + text + "'");
    }

    @Test
    void anAbsentQuantityIsNull() {
        assertThat(Quantities.amount(null)).isNull();
        assertThat(Quantities.amount("")).isNull();
        assertThat(Quantities.cores(null)).isNull();
        assertThat(Quantities.bytes("")).isNull();
        assertThat(Quantities.tryParse(null)).isEmpty();
    }

    @Test
    void coresAndBytes() {
        assertThat(Quantities.cores("1930m")).isEqualTo(1.93);
        assertThat(Quantities.bytes("7Gi")).isEqualTo(7L << 30);
        assertThat(Quantities.bytes("1.5")).as("rounded up to a whole byte").isEqualTo(2L);
    }

    @Test
    void writesCpuInCoresOrMillicoresRoundedUp() {
        assertThat(Quantities.cpu(new BigDecimal("2"))).isEqualTo("2");
        assertThat(Quantities.cpu(new BigDecimal("0.25"))).isEqualTo("250m");
        assertThat(Quantities.cpu(new BigDecimal("0.2501"))).isEqualTo("251m");
    }

    @Test
    void writesMemoryInGiOrMiWhenExactElseBytes() {
        assertThat(Quantities.memory(BigDecimal.valueOf(2L << 30))).isEqualTo("2Gi");
        assertThat(Quantities.memory(BigDecimal.valueOf(384L << 20))).isEqualTo("384Mi");
        assertThat(Quantities.memory(new BigDecimal("1000.2"))).isEqualTo("1001");
        assertThat(Quantities.memory(BigDecimal.ZERO)).isEqualTo("0");
    }

    @Test
    void comparesNumerically() {
        assertThat(Quantities.same(Quantities.parse("1"), Quantities.parse("1000m"))).isTrue();
        assertThat(Quantities.same(Quantities.parse("1Gi"), Quantities.parse("1024Mi"))).isTrue();
        assertThat(Quantities.same(null, null)).isTrue();
        assertThat(Quantities.same(BigDecimal.ONE, null)).isFalse();
    }
}
