package io.reclaimer.gitops.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.gitops.patch.RecommendationsFile.Aim;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both shapes Reclaimer writes: {@code rightsize --format json} and {@code demo --report}. */
class RecommendationsFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheOfflineCommandsArray() throws Exception {
        Path file = Files.writeString(dir.resolve("r.json"), """
                [ {
                  "cluster" : "prod-eu", "namespace" : "shop", "workload" : "checkout", "container" : "app",
                  "cpu" : { "request" : 2.0, "target" : 0.25, "lowerBound" : 0.2, "upperBound" : 0.4 },
                  "memory" : { "request" : 4294967296, "target" : 1073741824, "lowerBound" : 1, "upperBound" : 2147483648 },
                  "confidence" : 0.9, "monthlySavingsUsd" : null
                } ]
                """);
        assertThat(RecommendationsFile.read(file, Aim.TARGET)).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEmpty();
            assertThat(c.name()).isEqualTo("checkout");
            assertThat(c.cpuRequestCores()).isEqualByComparingTo("0.25");
            assertThat(c.memoryRequestBytes()).isEqualByComparingTo(BigDecimal.valueOf(1L << 30));
        });
        assertThat(RecommendationsFile.read(file, Aim.UPPER_BOUND).get(0).cpuRequestCores()).isEqualByComparingTo("0.4");
    }

    @Test
    void readsTheDemoReportAndLeavesHpaScaledCpuAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("report.json"), """
                {"recommendations": [{"cluster": "prod-eu", "namespace": "shop", "workload": "Deployment/web",
                  "container": "nginx", "strategy": "vpa",
                  "cpu": {"request": 1.0, "target": 0.3, "lowerBound": 0.2, "upperBound": 0.5},
                  "memory": {"request": null, "target": 268435456, "lowerBound": 1, "upperBound": 536870912},
                  "confidence": 0.8, "monthlySavingsUsd": 12.5, "hpaScalesOnCpu": true,
                  "annotations": {"reclaimer.io/values-path": "values.yaml#web.resources"}}],
                 "findings": [], "costs": [], "totals": {}}
                """);
        List<ContainerChange> changes = RecommendationsFile.read(file, Aim.TARGET);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("Deployment");
            assertThat(c.cpuRequestCores()).isNull();
            assertThat(c.notes()).singleElement().asString().startsWith("CPU left alone: an HPA scales on CPU");
            assertThat(c.annotations()).containsEntry("reclaimer.io/values-path", "values.yaml#web.resources");
        });
    }

    @Test
    void anythingElseIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"findings\": []}");
        assertThatThrownBy(() -> RecommendationsFile.read(file, Aim.TARGET)).hasMessageContaining(
                "expected an array of recommendations (rightsize --format json) or an object with a 'recommendations' array");
        Path missing = Files.writeString(dir.resolve("y.json"), "[{\"workload\": \"a\"}]");
        assertThatThrownBy(() -> RecommendationsFile.read(missing, Aim.TARGET))
                .hasMessage(missing + ": recommendations[0]: 'container' must be a non-blank string");
    }
}
