package io.reclaimer.collectors.aws;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy/aws/collector-iam-policy.json grants exactly the calls the collector makes: no more, no fewer. */
class IamPolicyTest {

    private static final Map<String, String> IAM_PREFIX = Map.of("ec2", "ec2", "elbv2", "elasticloadbalancing",
            "elb", "elasticloadbalancing", "ce", "ce", "pricing", "pricing");

    @Test
    void thePolicyAllowsExactlyTheActionsOfAFullInventoryBillingAndPricesPass() throws Exception {
        Set<String> called = new TreeSet<>();
        try (AwsReplayServer inventory = AwsReplayServer.fromClasspath("aws/inventory");
             AwsCollector collector = AwsCollector.create(ReplayConfigs.inventoryOnly(inventory.endpoint(),
                     List.of(ReplayConfigs.account(ACCOUNT)), "us-east-1"), TEST_CREDENTIALS, Topics.defaults(),
                     new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            collector.collectOnce(new RecordingSink());
            inventory.requests().forEach(r -> called.add(IAM_PREFIX.get(r.service()) + ':' + r.operation()));
        }
        try (AwsReplayServer billing = AwsReplayServer.fromClasspath("aws/billing");
             AwsCollector collector = AwsCollector.create(ReplayConfigs.billingOnly(billing.endpoint(), 5, List.of("team")),
                     TEST_CREDENTIALS, Topics.defaults(), new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            collector.collectOnce(new RecordingSink());
            billing.requests().forEach(r -> called.add(IAM_PREFIX.get(r.service()) + ':' + r.operation()));
        }

        try (AwsReplayServer prices = AwsReplayServer.fromClasspath("aws/pricing");
             AwsCollector collector = AwsCollector.create(ReplayConfigs.billingOnly(prices.endpoint(), 5, List.of())
                     .withPricing(new AwsCollectorConfig.Pricing(true, null, null, null, null, null)),
                     TEST_CREDENTIALS, Topics.defaults(), new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            collector.collectPrices(new RecordingSink(), true);
            prices.requests().forEach(r -> called.add(IAM_PREFIX.get(r.service()) + ':' + r.operation()));
        }

        JsonNode policy = new ObjectMapper().readTree(Path.of("..", "deploy", "aws", "collector-iam-policy.json").toFile());
        Set<String> allowed = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            statement.get("Action").forEach(action -> allowed.add(action.asText()));
        }
        assertThat(allowed).isEqualTo(called);
    }
}
