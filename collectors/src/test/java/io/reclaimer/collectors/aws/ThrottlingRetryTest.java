package io.reclaimer.collectors.aws;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Throttling is retried by the SDK's adaptive retry mode and never reaches the error metric. (Adaptive
 * mode also slows the client down after a throttle, about a second per call here, so the throttles are
 * on the last call of each client to keep this test short.)
 */
class ThrottlingRetryTest {

    @Test
    void retriesEc2RequestLimitExceededAndElbThrottlingUntilTheyAnswer() {
        RecordingSink sink = new RecordingSink();
        Topics topics = Topics.defaults();
        try (AwsReplayServer aws = AwsReplayServer.fromClasspath("aws/throttled");
             AwsCollector collector = AwsCollector.create(ReplayConfigs.inventoryOnly(aws.endpoint(),
                     List.of(ReplayConfigs.account(ACCOUNT)), "us-east-1"), TEST_CREDENTIALS, topics,
                     new PrometheusRegistry(), PriorState.empty(), CLOCK)) {

            AwsCollector.Summary summary = collector.collectOnce(sink);

            // EC2 throttles with HTTP 503 RequestLimitExceeded, ELB with HTTP 400 Throttling
            assertThat(aws.requests("ec2", "DescribeInstances")).extracting(AwsReplayServer.Request::status)
                    .containsExactly(503, 200);
            assertThat(aws.requests("elbv2", "DescribeLoadBalancers")).extracting(AwsReplayServer.Request::status)
                    .containsExactly(400, 200);
            assertThat(summary.errors()).isZero();
            assertThat(collector.metrics().collectionErrors(ACCOUNT, "us-east-1", "ec2")).isZero();
            assertThat(collector.metrics().collectionErrors(ACCOUNT, "us-east-1", "elbv2")).isZero();
            assertThat(sink.latest(topics.cloudInventory())).containsOnlyKeys("aws/123456789012/us-east-1/i-0b2c4d6e8f0a1b3c5");
            assertThat(aws.unmatched()).isEmpty();
        }
    }
}
