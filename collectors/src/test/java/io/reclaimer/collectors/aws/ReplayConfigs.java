package io.reclaimer.collectors.aws;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Collector settings for tests against the local replay server: fast retries, fixed clock, static test keys. */
public final class ReplayConfigs {

    public static final String ACCOUNT = "123456789012";
    /** 2025-11-20 06:00 UTC: "today" for Cost Explorer is 2025-11-20, yesterday the last full day. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-20T06:00:00Z"), ZoneOffset.UTC);
    /** Only ever sent to the loopback replay server; production uses the default provider chain. */
    public static final StaticCredentialsProvider TEST_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

    private ReplayConfigs() {
    }

    /** Retries after 1-5 ms instead of 100 ms - 20 s, through the same SDK retry strategy as production. */
    public static AwsCollectorConfig.Retry fastRetry() {
        return new AwsCollectorConfig.Retry(4, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5));
    }

    public static AwsCollectorConfig inventoryOnly(URI endpoint, List<AwsCollectorConfig.Account> accounts, String... regions) {
        return new AwsCollectorConfig(accounts, List.of(regions), endpoint, null,
                new AwsCollectorConfig.Billing(false, null, null, null, null, null), fastRetry(), Duration.ofSeconds(5));
    }

    public static AwsCollectorConfig billingOnly(URI endpoint, int backfillDays, List<String> tagKeys) {
        return new AwsCollectorConfig(List.of(new AwsCollectorConfig.Account(ACCOUNT, null, null, null)),
                List.of("us-east-1"), endpoint, new AwsCollectorConfig.Inventory(false, null),
                new AwsCollectorConfig.Billing(true, null, backfillDays, null, tagKeys, null), fastRetry(),
                Duration.ofSeconds(5));
    }

    public static AwsCollectorConfig.Account account(String id) {
        return new AwsCollectorConfig.Account(id, null, null, null);
    }
}
