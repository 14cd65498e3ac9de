package io.reclaimer.collectors.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig.Context;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesCollectorConfigTest {

    @Test
    void anEmptySectionGetsEveryDefault() {
        KubernetesCollectorConfig config = KubernetesCollectorConfig.defaults();
        assertThat(config.contexts()).isEmpty();
        assertThat(config.metricsInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.backfillWindow()).isEqualTo(Duration.ofDays(14));
        assertThat(config.backfillStep()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.backfillChunk()).isEqualTo(Duration.ofHours(6));
        assertThat(config.listPageSize()).isEqualTo(500);
        assertThat(config.prometheusUrl()).isNull();
    }

    @Test
    void aContextsClusterIdDefaultsToItsNameAndCanBeOverridden() {
        assertThat(Context.parse("prod-eu").clusterId()).isEqualTo("prod-eu");
        assertThat(Context.parse("arn:aws:eks:eu-west-1:1:cluster/prod=prod-eu"))
                .isEqualTo(new Context("arn:aws:eks:eu-west-1:1:cluster/prod", "prod-eu", null));
    }

    @Test
    void eachContextUsesItsOwnPrometheusOrTheSharedOne() {
        KubernetesCollectorConfig config = KubernetesCollectorConfig.defaults()
                .withPrometheusUrl(URI.create("http://shared:9090"))
                .withContexts(List.of(new Context("a", null, URI.create("http://a:9090")), new Context("b", null, null)));
        assertThat(config.prometheusFor(config.contexts().get(0))).isEqualTo(URI.create("http://a:9090"));
        assertThat(config.prometheusFor(config.contexts().get(1))).isEqualTo(URI.create("http://shared:9090"));
    }

    @Test
    void refusesValuesThatCannotWorkNamingTheOption() {
        assertThatThrownBy(() -> Context.parse("arn:aws:eks:eu-west-1:1:cluster/prod"))
                .hasMessageContaining("must not contain '/'").hasMessageContaining("clusterId");
        assertThatThrownBy(() -> KubernetesCollectorConfig.defaults().withContexts(List.of(Context.parse("a=x"), Context.parse("b=x"))))
                .hasMessageContaining("'x' is used twice");
        assertThatThrownBy(() -> new KubernetesCollectorConfig(null, null, Duration.ZERO, null, null, null, null, null,
                null, null, null, null, null, null)).hasMessageContaining("kubernetes.metricsInterval must be positive");
        assertThatThrownBy(() -> KubernetesCollectorConfig.defaults().withPrometheusUrl(URI.create("prometheus:9090")))
                .hasMessageContaining("kubernetes.prometheusUrl must be an absolute");
        assertThatThrownBy(() -> new KubernetesCollectorConfig(null, null, null, null, null, null, null,
                Duration.ofHours(1), Duration.ofMinutes(5), null, null, null, null, null)).hasMessageContaining("backfillChunk");
    }
}
