package io.reclaimer.collectors.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.reclaimer.collectors.aws.AwsCollectorConfig.Account;
import io.reclaimer.collectors.aws.AwsCollectorConfig.Billing;
import io.reclaimer.collectors.aws.AwsCollectorConfig.Inventory;
import io.reclaimer.collectors.aws.AwsCollectorConfig.Retry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsCollectorConfigTest {

    @Test
    void anEmptySectionCollectsTheCallersOwnAccountInUsEast1WithDocumentedDefaults() {
        AwsCollectorConfig config = AwsCollectorConfig.defaults();

        assertThat(config.accounts()).containsExactly(Account.callerIdentity());
        assertThat(config.accounts().get(0).billing()).isTrue();
        assertThat(config.regions()).containsExactly("us-east-1");
        assertThat(config.endpointUrl()).isNull();
        assertThat(config.inventory()).isEqualTo(new Inventory(true, Duration.ofMinutes(15)));
        assertThat(config.billing()).isEqualTo(new Billing(true, Duration.ofHours(24), 30,
                List.of("UnblendedCost", "AmortizedCost"), List.of(), "us-east-1"));
        assertThat(config.retry()).isEqualTo(new Retry(8, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20)));
        assertThat(config.apiCallAttemptTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void bindsFromTheYamlSectionAsDocumented() throws Exception {
        YAMLMapper yaml = YAMLMapper.builder().addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        AwsCollectorConfig config = yaml.readValue("""
                accounts:
                  - roleArn: arn:aws:iam::210987654321:role/reclaimer-collector
                    externalId: reclaimer
                    billing: false
                  - id: "123456789012"
                regions: [us-east-1, eu-west-1]
                endpointUrl: http://localhost:4566
                inventory:
                  interval: PT5M
                billing:
                  backfillDays: 60
                  costAllocationTagKeys: [cluster, namespace, team]
                retry:
                  maxAttempts: 3
                """, AwsCollectorConfig.class);

        assertThat(config.accounts()).containsExactly(
                new Account("210987654321", "arn:aws:iam::210987654321:role/reclaimer-collector", "reclaimer", false),
                new Account("123456789012", null, null, true));
        assertThat(config.regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(config.endpointUrl()).isEqualTo(URI.create("http://localhost:4566"));
        assertThat(config.inventory().interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.inventory().enabled()).isTrue();
        assertThat(config.billing().backfillDays()).isEqualTo(60);
        assertThat(config.billing().costAllocationTagKeys()).containsExactly("cluster", "namespace", "team");
        assertThat(config.billing().metrics()).containsExactly("UnblendedCost", "AmortizedCost");
        assertThat(config.retry().maxAttempts()).isEqualTo(3);
        assertThat(config.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(20));
        assertThat(yaml.readValue("{}", AwsCollectorConfig.class)).isEqualTo(AwsCollectorConfig.defaults());
    }

    @Test
    void takesTheAccountIdFromTheRoleArn() {
        Account account = new Account(null, "arn:aws:iam::210987654321:role/reclaimer-collector", null, false);

        assertThat(account.id()).isEqualTo("210987654321");
        assertThat(account.billing()).isFalse();
    }

    @Test
    void regionsAndTagKeysAreDeduplicatedInOrder() {
        AwsCollectorConfig config = new AwsCollectorConfig(null, List.of("eu-west-1", "us-east-1", "eu-west-1"), null, null,
                new Billing(null, null, null, null, List.of("team", "cluster", "team"), null), null, null);

        assertThat(config.regions()).containsExactly("eu-west-1", "us-east-1");
        assertThat(config.billing().costAllocationTagKeys()).containsExactly("team", "cluster");
    }

    @Test
    void rejectsInvalidValuesNamingTheOption() {
        assertThatThrownBy(() -> new Account("12345", null, null, null)).hasMessageContaining("aws.accounts[].id");
        assertThatThrownBy(() -> new Account(null, "arn:aws:iam::210987654321:user/bob", null, null))
                .hasMessageContaining("aws.accounts[].roleArn");
        assertThatThrownBy(() -> new Account("123456789012", "arn:aws:iam::210987654321:role/r", null, null))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> new Account(null, null, "ext", null)).hasMessageContaining("externalId needs a roleArn");
        assertThatThrownBy(() -> new AwsCollectorConfig(List.of(new Account("123456789012", null, null, null),
                new Account("210987654321", null, null, null)), null, null, null, null, null, null))
                .hasMessageContaining("at most one account may omit roleArn");
        assertThatThrownBy(() -> AwsCollectorConfig.defaults().withRegions(List.of("Frankfurt")))
                .hasMessageContaining("aws.regions: 'Frankfurt' is not an AWS region name");
        assertThatThrownBy(() -> AwsCollectorConfig.defaults().withEndpointUrl(URI.create("localhost:4566")))
                .hasMessageContaining("aws.endpointUrl must be an absolute http(s) URL");
        assertThatThrownBy(() -> new Billing(null, null, 0, null, null, null)).hasMessageContaining("aws.billing.backfillDays");
        assertThatThrownBy(() -> new Billing(null, null, null, List.of("Cost"), null, null))
                .hasMessageContaining("unknown Cost Explorer metric 'Cost'");
        assertThatThrownBy(() -> new Billing(null, Duration.ZERO, null, null, null, null))
                .hasMessageContaining("aws.billing.interval must be a positive duration");
        assertThatThrownBy(() -> new Retry(0, null, null, null)).hasMessageContaining("aws.retry.maxAttempts");
        assertThatThrownBy(() -> new AwsCollectorConfig(null, null, null, new Inventory(false, null),
                new Billing(false, null, null, null, null, null), null, null)).hasMessageContaining("nothing to collect");
    }
}
