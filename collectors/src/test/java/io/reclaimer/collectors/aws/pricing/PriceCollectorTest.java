package io.reclaimer.collectors.aws.pricing;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import io.reclaimer.collectors.aws.RecordingSink;
import io.reclaimer.collectors.aws.ReplayConfigs;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.pricing.EffectiveDiscount;
import io.reclaimer.model.pricing.InstanceTypePrice;
import io.reclaimer.model.pricing.PriceRecord;
import io.reclaimer.model.pricing.SpotPrice;
import io.reclaimer.model.pricing.UsagePrice;
import io.reclaimer.model.pricing.UsagePrice.Product;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Price List (JSON 1.1, {@code AWSPriceListService.GetProducts}, products as JSON documents inside strings,
 * NextToken pages), EC2's spot price history (Query XML, nextToken pages) and Cost Explorer's amortized cost and
 * Savings Plans / Reserved Instance savings, replayed from recorded answers through the real SDK clients.
 */
class PriceCollectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Topics topics = Topics.defaults();
    private final RecordingSink sink = new RecordingSink();
    private AwsReplayServer aws;

    @BeforeEach
    void start() {
        aws = AwsReplayServer.fromClasspath("aws/pricing");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private AwsCollector collector() {
        AwsCollectorConfig config = new AwsCollectorConfig(List.of(ReplayConfigs.account(ACCOUNT)), List.of("us-east-1"),
                aws.endpoint(), new AwsCollectorConfig.Inventory(false, null),
                new AwsCollectorConfig.Billing(false, null, null, null, null, null), ReplayConfigs.fastRetry(),
                Duration.ofSeconds(5), new AwsCollectorConfig.Pricing(true, null, null, null, 30, List.of()));
        return AwsCollector.create(config, TEST_CREDENTIALS, topics, new PrometheusRegistry(), PriorState.empty(), CLOCK);
    }

    @Test
    void readsEveryPriceListPageWithFiltersAndPublishesInstanceStorageLoadBalancerAndIpv4Prices() throws Exception {
        try (AwsCollector collector = collector()) {
            AwsCollector.Summary summary = collector.collectPrices(sink, true);
            assertThat(aws.unmatched()).isEmpty();
            assertThat(summary.errors()).isZero();

            List<AwsReplayServer.Request> products = aws.requests("pricing", "GetProducts");
            assertThat(products).hasSize(7).allSatisfy(r -> assertThat(r.region()).isEqualTo("us-east-1"));
            JsonNode first = JSON.readTree(products.get(0).body());
            assertThat(first.path("ServiceCode").asText()).isEqualTo("AmazonEC2");
            assertThat(first.path("FormatVersion").asText()).isEqualTo("aws_v1");
            assertThat(filters(first)).containsEntry("regionCode", "us-east-1").containsEntry("operatingSystem", "Linux")
                    .containsEntry("tenancy", "Shared").containsEntry("preInstalledSw", "NA")
                    .containsEntry("capacitystatus", "Used").containsEntry("licenseModel", "No License required");
            assertThat(first.has("NextToken")).isFalse();
            assertThat(JSON.readTree(products.get(1).body()).path("NextToken").asText())
                    .isEqualTo("fxdg3aQO5Uo+9s6UVJ2wAQ==:ZlmT8WJ7p6qxVDc4t0XWRVGkZAgvJt4XFvWkoxoCDBI2CFx1xkLTP5QCbMxGV5X1");
            assertThat(JSON.readTree(products.get(5).body()).path("ServiceCode").asText()).isEqualTo("AWSELB");
            assertThat(filters(JSON.readTree(products.get(6).body())))
                    .containsEntry("productFamily", "VPC Public IPv4 Address");

            Map<String, PriceRecord> prices = sink.latest(topics.prices());
            InstanceTypePrice m5 = (InstanceTypePrice) prices.get("ec2/us-east-1/m5.large");
            assertThat(m5.onDemandUsdPerHour()).isEqualTo(0.096);
            assertThat(m5.vcpu()).isEqualTo(2);
            assertThat(m5.memoryGib()).isEqualTo(8);
            assertThat(m5.gpus()).isZero();
            assertThat(m5.graviton()).isFalse();
            assertThat(m5.source()).isEqualTo("aws-price-list");
            // the second page, after NextToken: a GPU family, and Graviton told apart by its processor
            InstanceTypePrice p4d = (InstanceTypePrice) prices.get("ec2/us-east-1/p4d.24xlarge");
            assertThat(p4d.gpus()).isEqualTo(8);
            assertThat(p4d.onDemandUsdPerHour()).isEqualTo(32.7726);
            assertThat(p4d.memoryGib()).isEqualTo(1152);
            assertThat(((InstanceTypePrice) prices.get("ec2/us-east-1/g5.xlarge")).gpus()).isEqualTo(1);
            assertThat(((InstanceTypePrice) prices.get("ec2/us-east-1/c7g.xlarge")).architecture()).isEqualTo("arm64");
            assertThat(prices.keySet().stream().filter(k -> k.startsWith("ec2/"))).hasSize(6);

            assertThat(usd(prices, Product.EBS_STORAGE, "gp3")).isEqualTo(0.08);
            assertThat(usd(prices, Product.EBS_STORAGE, "sc1")).isEqualTo(0.015);
            assertThat(usd(prices, Product.EBS_IOPS, "gp3")).isEqualTo(0.005);
            // io2's first IOPS tier, not the cheaper tiers above 32,000 and 64,000 IOPS
            assertThat(usd(prices, Product.EBS_IOPS, "io2")).isEqualTo(0.065);
            // magnetic I/O requests are billed per request, not per provisioned IOPS
            assertThat(prices).doesNotContainKey("ebs-iops/us-east-1/standard");
            // listed per GiBps-month, kept per MiB/s-month like the EC2 API's throughput
            assertThat(usd(prices, Product.EBS_THROUGHPUT, "gp3")).isCloseTo(0.04, within(1e-12));
            assertThat(((UsagePrice) prices.get("ebs-throughput/us-east-1/gp3")).unit()).isEqualTo("MiBps-Mo");
            assertThat(usd(prices, Product.LOAD_BALANCER, "application")).isEqualTo(0.0225);
            assertThat(usd(prices, Product.LOAD_BALANCER, "gateway")).isEqualTo(0.0125);
            assertThat(usd(prices, Product.LOAD_BALANCER, "classic")).isEqualTo(0.025);
            assertThat(usd(prices, Product.PUBLIC_IPV4, "idle")).isEqualTo(0.005);
        }
    }

    @Test
    void keepsTheSpotPriceInForceForEachTypeAndZoneAcrossPages() throws Exception {
        try (AwsCollector collector = collector()) {
            collector.collectPrices(sink, false);
            assertThat(aws.requests("pricing", "GetProducts")).isEmpty();
            List<AwsReplayServer.Request> spot = aws.requests("ec2", "DescribeSpotPriceHistory");
            assertThat(spot).hasSize(2);
            assertThat(spot.get(0).param("ProductDescription.1")).isEqualTo("Linux/UNIX");
            assertThat(spot.get(0).param("StartTime")).isEqualTo("2025-11-20T06:00:00Z");
            assertThat(spot.get(1).param("NextToken")).isEqualTo("eyJ2IjoiMiIsImMiOiJ0Y0RsN2RLN0FTeWx5b0ZjTnBmQmZ3PT0iLCJzIjoiMSJ9");

            Map<String, PriceRecord> prices = sink.latest(topics.prices());
            // the older m5.large change on page 2 does not replace the newer one of page 1
            SpotPrice m5a = (SpotPrice) prices.get("spot/us-east-1/us-east-1a/m5.large");
            assertThat(m5a.usdPerHour()).isEqualTo(0.0362);
            assertThat(m5a.since()).isEqualTo(Instant.parse("2025-11-20T04:12:31Z"));
            assertThat(((SpotPrice) prices.get("spot/us-east-1/us-east-1b/m5.large")).usdPerHour()).isEqualTo(0.0411);
            assertThat(prices.keySet()).filteredOn(k -> k.startsWith("spot/")).hasSize(4);
        }
    }

    @Test
    void computesTheEffectiveDiscountFromAmortizedCostAndSavingsPlanSavings() throws Exception {
        try (AwsCollector collector = collector()) {
            AwsCollector.Summary summary = collector.collectPrices(sink, true);
            assertThat(summary.errors()).isZero();

            JsonNode costs = JSON.readTree(aws.requests("ce", "GetCostAndUsage").get(0).body());
            // the 30 settled days: Cost Explorer still revises the last two
            assertThat(costs.at("/TimePeriod/Start").asText()).isEqualTo("2025-10-19");
            assertThat(costs.at("/TimePeriod/End").asText()).isEqualTo("2025-11-18");
            assertThat(costs.at("/Filter/Dimensions/Key").asText()).isEqualTo("SERVICE");
            assertThat(costs.at("/Filter/Dimensions/Values/0").asText()).isEqualTo("Amazon Elastic Compute Cloud - Compute");
            assertThat(costs.at("/Metrics").toString()).isEqualTo("[\"AmortizedCost\",\"NetAmortizedCost\"]");
            assertThat(aws.requests("ce", "GetSavingsPlansUtilization")).hasSize(1);
            // no Reserved Instances: Cost Explorer answers DataUnavailableException, which means no RI savings
            assertThat(aws.requests("ce", "GetReservationUtilization")).extracting(AwsReplayServer.Request::status)
                    .containsExactly(400);

            EffectiveDiscount discount = (EffectiveDiscount) sink.latest(topics.prices()).get("discount/" + ACCOUNT);
            assertThat(discount.start()).isEqualTo(LocalDate.of(2025, 10, 19));
            assertThat(discount.end()).isEqualTo(LocalDate.of(2025, 11, 18));
            assertThat(discount.amortizedUsd()).isCloseTo(10_000.0, within(1e-6));
            assertThat(discount.netAmortizedUsd()).isCloseTo(9_200.0, within(1e-6));
            assertThat(discount.savingsPlanSavingsUsd()).isEqualTo(1520.4);
            assertThat(discount.reservationSavingsUsd()).isZero();
            assertThat(discount.onDemandEquivalentUsd()).isCloseTo(11_520.4, within(1e-6));
            // 9,200 / 11,520.4: each list-price dollar of EC2 compute costs 79.9 cents
            assertThat(discount.factor()).isCloseTo(0.798583, within(1e-6));
        }
    }

    private static Map<String, String> filters(JsonNode request) {
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        for (JsonNode f : request.path("Filters")) {
            assertThat(f.path("Type").asText()).isEqualTo("TERM_MATCH");
            filters.put(f.path("Field").asText(), f.path("Value").asText());
        }
        return filters;
    }

    private static double usd(Map<String, PriceRecord> prices, Product product, String name) {
        return ((UsagePrice) prices.get(UsagePrice.keyOf(product, "us-east-1", name))).usdPerUnit();
    }
}
