package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.usage.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast read path never changes what is accepted, what comes out, or the reason a record is refused. */
class UsageSampleSerdeTest {

    private static final JsonSerde<UsageSample> STRICT = JsonSerde.of(UsageSample.class);
    private static final UsageSampleSerde FAST = new UsageSampleSerde(STRICT);
    private static final String C = "\"container\":{\"cluster\":\"prod\",\"namespace\":\"shop\",\"workloadKind\":\"Deployment\","
            + "\"workloadName\":\"web\",\"container\":\"app\"}";

    static Stream<String> documents() {
        String canonical = STRICT.writeString(new UsageSample(new ContainerRef("prod", "shop", "Deployment", "web", "app"),
                "web-1", Instant.parse("2026-11-01T10:00:00.25Z"), 0.25, 268435456));
        return Stream.of(canonical,
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"web-1\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"memoryWorkingSetBytes\":1,\"cpuCores\":1,\"timestamp\":\"2026-11-01T10:00:00.123456789Z\",\"pod\":\"p\"," + C + ",\"schema\":\"usage-sample/v1\"}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00+01:00\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-02-30T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                // found by PoisonPillPropertyTest: a non-digit in the minute, hour or second
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-02T05:-1:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-02T-5:10:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-02T05:10:x0Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                // found by a property test comparing readers: a non-digit in a short fraction
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00./50Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-12-31T23:59:60Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":1793527200,\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1.0}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":\"0.5\",\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":-0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":99999999999999999999}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":null,\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1,\"extra\":1}",
                "{\"schema\":\"usage-sample/v2\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\",\"pod\":\"p\",\"pod\":\"q\"," + C + ",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\",\"container\":{\"cluster\":\"prod\",\"namespace\":\"shop\",\"workloadKind\":\"Deployment\",\"workloadName\":\"a/b\",\"container\":\"app\"},\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\",\"container\":{\"cluster\":\"prod\",\"namespace\":\"shop\",\"workloadName\":\"w\",\"container\":\"app\"},\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1}",
                "{\"schema\":\"usage-sample/v1\"," + C + ",\"pod\":\"p\",\"timestamp\":\"2026-11-01T10:00:00Z\",\"cpuCores\":0.5,\"memoryWorkingSetBytes\":1} []",
                "[]", "not json", "{}");
    }

    @ParameterizedTest
    @MethodSource("documents")
    void theFastPathAcceptsRefusesAndExplainsExactlyAsTheStrictSerde(String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(() -> FAST.deserialize("t", bytes))).isEqualTo(outcome(() -> STRICT.deserialize("t", bytes)));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void theCanonicalFormTakesTheFastPath(String document) {
        if (document.startsWith("{\"schema\":\"usage-sample/v1\",\"container\"") && document.contains("10:00:00.25Z")) {
            assertThat(UsageSampleSerde.fast(document.getBytes(StandardCharsets.UTF_8))).isNotNull();
        }
    }

    private static Object outcome(java.util.function.Supplier<UsageSample> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
