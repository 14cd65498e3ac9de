package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.support.ActionWaits;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two instances with the same transactional id: the newer one fences the older, which stops acting. */
@ExtendWith(KafkaExtension.class)
class FencingIT {

    private static ActionsService start(KafkaTestCluster kafka, Topics topics) {
        return ActionsService.builder(kafka.client(), topics,
                        ActionsConfig.DEFAULTS.withIntervals(Duration.ofMillis(200), Duration.ofMillis(300))
                                .withTransactionalId("it-" + topics.namespace()))
                .gate(Fixtures.gate(f -> verdict(Outcome.DRY_RUN, Map.of("cpuRequestCores", "0.1"))))
                .executors(List.of())
                .start();
    }

    @Test
    void aSecondInstanceFencesTheFirstWhichStopsActing(KafkaTestCluster kafka) {
        Topics topics = kafka.createTopics("fencing");
        try (ActionsService first = start(kafka, topics)) {
            ActionWaits.patiently().until(first::caughtUp);
            try (ActionsService second = start(kafka, topics)) {
                ActionWaits.patiently().until(second::caughtUp);
                Finding finding = Fixtures.overprovisioned(Instant.now(), "prod-eu", "shop", "checkout", "app", "0.5", "1000");
                kafka.send(topics.findings(), finding.id(), finding);

                ActionWaits.patiently().until(() -> second.ledger().size() == 1);
                ActionWaits.patiently().until(() -> !first.problem().isEmpty());
                assertThat(first.problem()).contains("another actions instance took over");
                assertThat(first.ledger().size()).as("the fenced instance wrote nothing").isZero();
                assertThat(second.problem()).isEmpty();
            }
        }
        assertThat(kafka.readAtLeast(topics.actionRequests(), 1, ActionWaits.PATIENCE)).hasSize(1);
    }
}
