package io.reclaimer.collectors.aws.billing;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.RecordingSink;
import io.reclaimer.collectors.aws.ReplayConfigs;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cost Explorer replayed from its JSON 1.1 responses. The window is the 5 days 2025-11-15..19; the bill
 * finalizes 15-17 at once, 18 on the second run and 19 on the third.
 */
class CostExplorerBillingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private AwsReplayServer aws;

    @BeforeEach
    void start() {
        aws = AwsReplayServer.fromClasspath("aws/billing");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private AwsCollector collector(PrometheusRegistry registry, PriorState prior) {
        return AwsCollector.create(ReplayConfigs.billingOnly(aws.endpoint(), 5, List.of("team")), TEST_CREDENTIALS,
                topics, registry, prior, CLOCK);
    }

    @Test
    void readsTheWindowByServiceAndByTagFollowingNextPageToken() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (AwsCollector collector = collector(registry, PriorState.empty())) {
            AwsCollector.Summary summary = collector.collectOnce(sink);

            List<AwsReplayServer.Request> requests = aws.requests("ce", "GetCostAndUsage");
            assertThat(requests).extracting(AwsReplayServer.Request::status).containsExactly(200, 200, 200);
            JsonNode first = JSON.readTree(requests.get(0).body());
            assertThat(first.at("/TimePeriod/Start").asText()).isEqualTo("2025-11-15");
            assertThat(first.at("/TimePeriod/End").asText()).isEqualTo("2025-11-20");
            assertThat(first.at("/Granularity").asText()).isEqualTo("DAILY");
            assertThat(first.at("/Metrics").toString()).isEqualTo("[\"UnblendedCost\",\"AmortizedCost\"]");
            assertThat(first.at("/GroupBy").toString()).isEqualTo(
                    "[{\"Type\":\"DIMENSION\",\"Key\":\"LINKED_ACCOUNT\"},{\"Type\":\"DIMENSION\",\"Key\":\"SERVICE\"}]");
            assertThat(first.has("NextPageToken")).isFalse();
            assertThat(JSON.readTree(requests.get(1).body()).at("/NextPageToken").asText())
                    .isEqualTo("AAMA-EFRSURBREBUQUR0bnlMTVVvbzFOdEV4d0E9PQ==");
            assertThat(JSON.readTree(requests.get(2).body()).at("/GroupBy/1").toString())
                    .isEqualTo("{\"Type\":\"TAG\",\"Key\":\"team\"}");

            // 5 days x 3 groups x 2 metrics, by service and by tag
            assertThat(summary.billingLines()).isEqualTo(60);
            assertThat(summary.errors()).isZero();
            assertThat(collector.metrics().costExplorerRequests(ACCOUNT, "success")).isEqualTo(3);
            assertThat(collector.metrics().costExplorerRequests(ACCOUNT, "error")).isZero();
            // registered on the caller's registry; the exposition adds the counter's _total suffix
            assertThat(registry.scrape().stream().map(m -> m.getMetadata().getPrometheusName()))
                    .contains("reclaimer_aws_cost_explorer_requests", "reclaimer_aws_collection_errors");
        }
        Map<String, BillingLine> lines = sink.latest(topics.billingLines());
        assertThat(lines).hasSize(60);
        assertThat(lines.get("aws/123456789012/2025-11-15/UnblendedCost/service:Amazon Elastic Compute Cloud - Compute"))
                .satisfies(line -> {
                    assertThat(line.amount()).isEqualTo(43.92);
                    assertThat(line.unit()).isEqualTo("USD");
                    assertThat(line.estimated()).isFalse();
                    assertThat(line.groupKey()).isEqualTo("SERVICE");
                    assertThat(line.observedAt()).isEqualTo(CLOCK.instant());
                });
        assertThat(lines.get("aws/123456789012/2025-11-19/AmortizedCost/service:Amazon Elastic Compute Cloud - Compute")
                .estimated()).isTrue();
        // a management account reports its members under their own ids
        assertThat(lines.get("aws/210987654321/2025-11-15/UnblendedCost/service:Amazon Simple Storage Service").amount())
                .isEqualTo(0.0000300172);
        assertThat(lines.get("aws/123456789012/2025-11-16/AmortizedCost/tag:team=payments")).satisfies(line -> {
            assertThat(line.groupKey()).isEqualTo("TAG");
            assertThat(line.tagKey()).isEqualTo("team");
            assertThat(line.tagValue()).isEqualTo("payments");
            assertThat(line.service()).isEmpty();
        });
        // "team$" is the cost without the tag
        assertThat(lines.get("aws/123456789012/2025-11-16/UnblendedCost/tag:team=").tagValue()).isEmpty();
        assertThat(aws.unmatched()).isEmpty();
    }

    @Test
    void rereadsEstimatedDaysUntilFinalAndNeverRequestsAFinalDayAgainAlsoAfterARestart() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        try (AwsCollector collector = collector(registry, PriorState.empty())) {
            collector.collectOnce(sink);
            assertThat(requestedPeriods()).hasSize(3); // two pages by service, one by tag

            collector.collectOnce(sink);
            List<String> second = requestedPeriods().subList(3, 5);
            assertThat(second).containsExactly("2025-11-18..2025-11-20", "2025-11-18..2025-11-20");
            assertThat(collector.metrics().costExplorerRequests(ACCOUNT, "success")).isEqualTo(5);
        }
        assertThat(sink.latest(topics.billingLines()).get("aws/123456789012/2025-11-18/UnblendedCost/service:Amazon Elastic Compute Cloud - Compute"))
                .satisfies(line -> {
                    assertThat(line.estimated()).isFalse();
                    assertThat(line.amount()).isEqualTo(43.92);
                });

        // a restart: a new collector that knows only what the compacted billing topic holds
        Collection<BillingLine> onTheTopic = sink.latest(topics.billingLines()).values();
        PrometheusRegistry restartedRegistry = new PrometheusRegistry();
        try (AwsCollector restarted = collector(restartedRegistry, prior(onTheTopic))) {
            restarted.collectOnce(sink);
            assertThat(requestedPeriods().subList(5, 7)).containsExactly("2025-11-19..2025-11-20", "2025-11-19..2025-11-20");

            // everything is final now: not one more paid request
            restarted.collectOnce(sink);
            restarted.collectOnce(sink);
            assertThat(requestedPeriods()).hasSize(7);
            assertThat(restarted.metrics().costExplorerRequests(ACCOUNT, "success")).isEqualTo(2);
        }
        assertThat(sink.latest(topics.billingLines()).values()).hasSize(60).noneMatch(BillingLine::estimated);
        assertThat(aws.unmatched()).isEmpty();
    }

    @Test
    void retriesCostExplorersRateLimitErrorAsThrottling() {
        aws.close();
        aws = AwsReplayServer.fromClasspath("aws/billing-throttled");
        try (AwsCollector collector = AwsCollector.create(ReplayConfigs.billingOnly(aws.endpoint(), 1, List.of()),
                TEST_CREDENTIALS, topics, new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            AwsCollector.Summary summary = collector.collectOnce(sink);

            // HTTP 400 LimitExceededException "Rate limit exceeded", then the same query again
            List<AwsReplayServer.Request> requests = aws.requests("ce", "GetCostAndUsage");
            assertThat(requests).extracting(AwsReplayServer.Request::status).containsExactly(400, 200);
            assertThat(requests.get(0).body()).isEqualTo(requests.get(1).body());
            assertThat(summary.errors()).isZero();
            assertThat(summary.billingLines()).isEqualTo(6);
            assertThat(collector.metrics().costExplorerRequests(ACCOUNT, "success")).isEqualTo(1);
            assertThat(collector.metrics().costExplorerRequests(ACCOUNT, "error")).isEqualTo(1);
        }
        assertThat(sink.latest(topics.billingLines())).containsKey(
                "aws/123456789012/2025-11-19/UnblendedCost/service:Amazon Elastic Compute Cloud - Compute");
    }

    @Test
    void aFailedQueryIsReportedAndAskedAgainNextTimeWithoutMarkingAnythingFinal() {
        aws.close();
        aws = AwsReplayServer.fromClasspath("aws/billing-unavailable");
        try (AwsCollector collector = AwsCollector.create(ReplayConfigs.billingOnly(aws.endpoint(), 1, List.of()),
                TEST_CREDENTIALS, topics, new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            AwsCollector.Summary first = collector.collectOnce(sink);

            assertThat(first.errors()).isEqualTo(1);
            assertThat(first.billingLines()).isZero();
            assertThat(collector.metrics().collectionErrors(ACCOUNT, "us-east-1", "ce")).isEqualTo(1);

            AwsCollector.Summary second = collector.collectOnce(sink);

            assertThat(second.errors()).isZero();
            assertThat(second.billingLines()).isEqualTo(6);
            List<AwsReplayServer.Request> requests = aws.requests("ce", "GetCostAndUsage");
            assertThat(requests).extracting(AwsReplayServer.Request::status).containsExactly(400, 200);
            assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        }
    }

    /** The time periods of the answered (so billed) requests, in order. */
    private List<String> requestedPeriods() throws Exception {
        List<String> periods = new java.util.ArrayList<>();
        for (AwsReplayServer.Request request : aws.requests("ce", "GetCostAndUsage")) {
            if (request.status() == 200) {
                JsonNode body = JSON.readTree(request.body());
                periods.add(body.at("/TimePeriod/Start").asText() + ".." + body.at("/TimePeriod/End").asText());
            }
        }
        return periods;
    }

    private static PriorState prior(Collection<BillingLine> lines) {
        return new PriorState() {
            @Override
            public Collection<BillingLine> billingLines() {
                return lines;
            }

            @Override
            public Set<String> liveInventoryKeys() {
                return Set.of();
            }
        };
    }

}
