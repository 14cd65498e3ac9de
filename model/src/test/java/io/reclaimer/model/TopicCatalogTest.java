package io.reclaimer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void namesLiveUnderTheNamespace() {
        assertThat(Topics.defaults().usageSamples().name()).isEqualTo("reclaimer.usage.samples");
        assertThat(Topics.namespace("it-42").findings().name()).isEqualTo("it-42.findings");
        assertThat(Topics.defaults().all()).extracting(TopicSpec::name).doesNotHaveDuplicates().hasSize(17);
    }

    @Test
    void coPartitionedTopicsShareTheirPartitionCount() {
        Map<String, java.util.Set<Integer>> byGroup = Topics.defaults().all().stream()
                .filter(t -> !t.copartitionGroup().isEmpty())
                .collect(Collectors.groupingBy(TopicSpec::copartitionGroup,
                        Collectors.mapping(TopicSpec::partitions, Collectors.toSet())));
        assertThat(byGroup.get(Topics.CONTAINER_GROUP)).containsExactly(Topics.CONTAINER_PARTITIONS);
    }

    @Test
    void inventoriesAreCompactedSoTombstonesDelete() {
        assertThat(Topics.defaults().kubernetesInventory().configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.defaults().cloudInventory().configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.defaults().usageSamples().configs()).containsEntry("retention.ms", "259200000");
    }

    @Test
    void costTopicsAreCompactedSoTheLatestFigureWins() {
        assertThat(Topics.defaults().costAllocations().name()).isEqualTo("reclaimer.costs.allocation");
        assertThat(Topics.defaults().costReconciliations().name()).isEqualTo("reclaimer.costs.reconciliation");
        assertThat(Topics.defaults().costAllocations().configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.defaults().costReconciliations().configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void refusesNamespacesKafkaWouldMangle() {
        assertThatThrownBy(() -> Topics.namespace("bad name")).hasMessageContaining("invalid topic namespace");
        assertThatThrownBy(() -> Topics.namespace("trailing.")).hasMessageContaining("invalid topic namespace");
    }
}
