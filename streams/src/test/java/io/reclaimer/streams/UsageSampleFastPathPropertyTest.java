package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.usage.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast path (Jackson's streaming parser) reads what writers write, and never accepts what the strict serde would not. */
class UsageSampleFastPathPropertyTest {

    private static final JsonSerde<UsageSample> STRICT = JsonSerde.of(UsageSample.class);

    @Property(tries = 500)
    void whatAWriterWritesReadsBackEqualThroughTheFastPath(@ForAll("samples") UsageSample sample) {
        byte[] bytes = STRICT.serializer().serialize("t", sample);
        assertThat(UsageSampleSerde.fast(bytes)).isEqualTo(sample);
        assertThat(new UsageSampleSerde(STRICT).deserialize("t", bytes)).isEqualTo(sample);
    }

    @Property(tries = 1000)
    void whatTheFastPathAcceptsTheStrictSerdeReadsTheSame(@ForAll("mutations") String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        UsageSample read = UsageSampleSerde.fast(bytes);
        if (read != null) {
            assertThat(read).isEqualTo(STRICT.deserialize("t", bytes));
        }
    }

    @Provide
    Arbitrary<UsageSample> samples() {
        Arbitrary<String> segment = Arbitraries.strings().withChars("ab-Z09.\"\\é\u0001 ").ofMinLength(1).ofMaxLength(8)
                .filter(s -> !s.isBlank());
        Arbitrary<ContainerRef> containers = Combinators.combine(segment, segment, segment, segment, segment)
                .as(ContainerRef::new);
        Arbitrary<Instant> times = Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli);
        Arbitrary<Double> cpu = Arbitraries.oneOf(Arbitraries.doubles().between(0, 512),
                Arbitraries.of(0.0, 1.0, 1e-4, 3e-7, 1e21, Double.MIN_VALUE, 0.1 + 0.2));
        Arbitrary<Long> memory = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.of(0L, 1L, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L));
        return Combinators.combine(containers, segment, times, cpu, memory).as(UsageSample::new);
    }

    @Provide
    Arbitrary<String> mutations() {
        String canonical = STRICT.writeString(new UsageSample(new ContainerRef("prod", "shop", "Deployment", "web", "app"),
                "web-1", Instant.parse("2026-11-01T10:00:00.25Z"), 0.25, 268435456));
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, canonical.length() - 1);
        Arbitrary<Character> chars = Arbitraries.of('"', '\\', '/', ' ', '0', '9', '.', 'e', '-', '}', ',', ':', 'x');
        return Combinators.combine(positions, chars, Arbitraries.of(0, 1, 2)).as((at, c, how) -> switch (how) {
            case 0 -> canonical.substring(0, at) + c + canonical.substring(at + 1);
            case 1 -> canonical.substring(0, at) + c + canonical.substring(at);
            default -> canonical.substring(0, at) + canonical.substring(at + 1);
        });
    }
}
