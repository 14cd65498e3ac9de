package io.reclaimer.actions;

import static io.reclaimer.actions.support.Fixtures.verdict;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.reclaimer.actions.execution.ExecutionProbe;
import io.reclaimer.actions.support.Fixtures;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.topics.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * The actions service in a child JVM that dies the hard way ({@link Runtime#halt}: no shutdown hooks, no
 * flush, no close) when the execution of any action reaches the given point. Used by {@link CrashRecoveryIT}.
 *
 * <p>Arguments: bootstrap servers, topic namespace, Kubernetes master URL, transactional id, probe point.
 */
public final class CrashingActionsMain {

    public static final int HALT_STATUS = 86;

    private CrashingActionsMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        Topics topics = Topics.namespace(args[1]);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(args[2])
                .withTrustCerts(true).build()).build();
        ExecutionProbe.Point haltAt = ExecutionProbe.Point.valueOf(args[4]);
        ActionsConfig config = ActionsConfig.DEFAULTS.withIntervals(Duration.ofMillis(200), Duration.ofMillis(500))
                .withTransactionalId(args[3]);
        ActionsService.builder(io.reclaimer.model.kafka.KafkaClientSettings.of(bootstrap), topics, config)
                .gate(Fixtures.gate(f -> verdict(Outcome.AUTO, Map.of("cpuRequestCores", "0.25", "limits", "keep"))))
                .kubernetes(cluster -> client)
                .probe((point, actionId) -> {
                    if (point == haltAt) {
                        System.out.println("halting at " + point + " of " + actionId);
                        System.out.flush();
                        Runtime.getRuntime().halt(HALT_STATUS);
                    }
                })
                .start();
        Thread.sleep(Duration.ofMinutes(4).toMillis());
        System.out.println("the probe was never reached");
        Runtime.getRuntime().halt(1);
    }
}
