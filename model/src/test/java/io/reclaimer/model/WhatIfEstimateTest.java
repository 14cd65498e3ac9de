package io.reclaimer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.model.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The what-if a recommendation carries, and that a downsize request copies: a field added to recommendation/v1 and
 * action-request/v1 after records of both were written, so those still read (without an estimate).
 */
class WhatIfEstimateTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");
    private static final ContainerRef CONTAINER = new ContainerRef("prod-eu", "shop", "Deployment", "checkout", "app");
    private static final WhatIfEstimate ESTIMATE = new WhatIfEstimate(0.25, 256L << 20, 0.8, 0.05, 14, 1, 2,
            new WhatIfEstimate.Day(LocalDate.of(2026, 11, 1), 0.31, 300L << 20), 12.5, T0);

    private final JsonSerde<Recommendation> recommendations = JsonSerde.of(Recommendation.class);
    private final JsonSerde<ActionRequest> requests = JsonSerde.of(ActionRequest.class);

    private static Recommendation recommendation() {
        return new Recommendation(CONTAINER, "default", new Recommendation.Cpu(0.5, 0.25, 0.2, 0.4),
                new Recommendation.Memory(512L << 20, 256L << 20, 250L << 20, 400L << 20), 0.8, 12.5, 1, false, false,
                false, 4032, T0.minusSeconds(86_400 * 14), T0, T0, Map.of(), Map.of());
    }

    private static ActionRequest request(WhatIfEstimate whatIf) {
        return new ActionRequest("downsize-1", ActionType.DOWNSIZE, "f-1", FindingKind.OVERPROVISIONED_CONTAINER,
                CONTAINER.key(), "prod-eu", "shop", "", "", Map.of("cpuRequestCores", "0.5"),
                Map.of("cpuRequestCores", "0.25"), 12.5, 0.8, new PolicyVerdict(PolicyVerdict.Outcome.APPROVE, "p", "r",
                List.of("why"), List.of("@finops"), T0.plusSeconds(3600), Map.of()), T0, null, whatIf);
    }

    @Test
    void aRecommendationRoundTripsWithItsWhatIfAndItsSchema() {
        Recommendation rec = recommendation().withWhatIf(ESTIMATE);
        String json = recommendations.writeString(rec);
        assertThat(json).contains("\"whatIf\":{\"schema\":\"what-if-estimate/v1\"").contains("\"schema\":\"recommendation/v1\"");
        assertThat(recommendations.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(rec);
        assertThat(recommendations.read(recommendations.serialize("t", recommendation())).whatIf()).isNull();
    }

    @Test
    void aRecommendationWrittenBeforeTheWhatIfExistedStillReads() {
        String before = recommendations.writeString(recommendation()).replace(",\"whatIf\":null", "");
        assertThat(before).doesNotContain("whatIf");
        assertThat(recommendations.read(before.getBytes(StandardCharsets.UTF_8))).isEqualTo(recommendation());
    }

    @Test
    void aDownsizeRequestRoundTripsWithItsWhatIfAndOneWrittenBeforeStillReads() {
        ActionRequest with = request(ESTIMATE);
        assertThat(requests.read(requests.serialize("t", with))).isEqualTo(with);
        String before = requests.writeString(request(null)).replace(",\"whatIf\":null", "");
        assertThat(before).doesNotContain("whatIf");
        assertThat(requests.read(before.getBytes(StandardCharsets.UTF_8)).whatIf()).isNull();
    }

    @Test
    void theEstimateStaysStrict() {
        String json = recommendations.writeString(recommendation().withWhatIf(ESTIMATE));
        assertThatThrownBy(() -> recommendations.read(json.replace("\"cpuAbovePercent\":0.8", "\"cpuAbovePercent\":180.0")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("cpuAbovePercent must be within [0, 100]");
        assertThatThrownBy(() -> recommendations.read(json.replace("\"memoryDaysAbove\":1,", "")
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(SerializationException.class)
                .hasMessageContaining("memoryDaysAbove");
        assertThatThrownBy(() -> new WhatIfEstimate(0, 1, 0, 0, 0, 0, 0, null, null, T0))
                .hasMessageContaining("cpuCores must be a finite number > 0");
        assertThatThrownBy(() -> new WhatIfEstimate(1, 1, 0, 0, 2, 2, 1, null, null, T0))
                .hasMessageContaining("exceed memoryDays");
    }
}
