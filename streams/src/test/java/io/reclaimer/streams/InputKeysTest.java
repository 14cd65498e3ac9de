package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.InvalidEventException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class InputKeysTest {

    @Property(tries = 2000)
    void theContainerKeyCheckAcceptsExactlyWhatTheParserAccepts(@ForAll("keys") String key) {
        boolean parses;
        try {
            ContainerRef.parse(key);
            parses = true;
        } catch (RuntimeException e) {
            parses = false;
        }
        assertThat(InputKeys.isContainerKey(key)).as("key %s", key).isEqualTo(parses);
    }

    @Provide
    Arbitrary<String> keys() {
        // few characters, many of them separators and whitespace: the edges of the rule come up often
        return Arbitraries.strings().withChars("/ a\t\u2003Z\u00e9\u001c").ofMinLength(0).ofMaxLength(14);
    }

    @Test
    void aNonAsciiKeyIsDecodedAsUtf8AndARefusedKeyNamesTheParsersReason() {
        var keys = InputKeys.containers().deserializer();
        String key = "prod/shop/Deployment/café/app";
        assertThat(keys.deserialize("t", key.getBytes(StandardCharsets.UTF_8))).isEqualTo(key);
        assertThatThrownBy(() -> keys.deserialize("t", "prod/shop/Deployment/app".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("cluster/namespace/kind/name/container");
        assertThatThrownBy(() -> keys.deserialize("t", new byte[] {'a', '/', (byte) 0xC3}))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("not UTF-8");
    }
}
