package io.reclaimer.collectors.kubernetes.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.collectors.kubernetes.RecordingSink;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishedStateTest {

    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private final PublishedState<KubernetesObject> state = new PublishedState<>(topics.kubernetesInventory());

    @Test
    void publishesOnlyWhatChangedIgnoringTheObservationTime() {
        assertThat(state.publish(Map.of("a", ns("a", "x", 1), "b", ns("b", "x", 1)), sink)).isEqualTo(2);
        assertThat(state.publish(Map.of("a", ns("a", "x", 2), "b", ns("b", "y", 2)), sink)).isEqualTo(1);
        assertThat(sink.all()).hasSize(3);
    }

    @Test
    void tombstonesWhatARelistNoLongerHasEvenWithoutADeleteEvent() {
        state.publish(Map.of("a", ns("a", "x", 1), "b", ns("b", "x", 1)), sink);

        // the watch missed b's deletion; the next derivation from the relisted cache simply lacks it
        assertThat(state.publish(Map.of("a", ns("a", "x", 3)), sink)).isEqualTo(1);

        assertThat(sink.tombstoned(topics.kubernetesInventory(), "b")).isTrue();
        assertThat(state.size()).isEqualTo(1);
        assertThat(state.publish(Map.of("a", ns("a", "x", 4)), sink)).as("a tombstone is sent once").isZero();
    }

    @Test
    void resendsASeededKeyThatIsStillDesiredAndTombstonesOneThatIsNot() {
        state.seed(List.of("a", "gone"));

        assertThat(state.publish(Map.of("a", ns("a", "x", 1)), sink)).isEqualTo(2);

        assertThat(sink.latest(topics.kubernetesInventory(), "a")).isPresent();
        assertThat(sink.tombstones(topics.kubernetesInventory())).containsExactly("gone");
        assertThat(state.publish(Map.of("a", ns("a", "x", 2)), sink)).as("a is known now, gone is forgotten").isZero();
    }

    private static NamespaceInfo ns(String name, String team, long observedSecond) {
        return new NamespaceInfo(ObjectRef.clusterScoped("c", "Namespace", name), Map.of("team", team), Map.of(),
                Instant.EPOCH, Instant.ofEpochSecond(observedSecond));
    }
}
