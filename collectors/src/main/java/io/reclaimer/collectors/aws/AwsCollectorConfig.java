package io.reclaimer.collectors.aws;

import io.reclaimer.model.aws.AwsAccount;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code aws} section of the configuration. Every option has a default filled in here, so an empty
 * section collects the caller's own account in {@code us-east-1}. Documented in docs/configuration.md.
 *
 * @param accounts     accounts to collect; without any, the account of the default credentials
 * @param regions      regions whose inventory is listed (Cost Explorer is global, see {@link Billing#region()})
 * @param endpointUrl  send every AWS call (EC2, ELB, Cost Explorer, STS) to this URL: for tests and
 *                     AWS-compatible emulators; null means the real AWS endpoints
 * @param inventory    EC2 / ELB inventory options
 * @param billing      Cost Explorer options
 * @param retry        the SDK's adaptive retry mode settings
 * @param apiCallAttemptTimeout how long one HTTP attempt may take before it is retried
 * @param pricing      Price List, spot and effective-discount options
 */
public record AwsCollectorConfig(List<Account> accounts, List<String> regions, URI endpointUrl, Inventory inventory,
                                 Billing billing, Retry retry, Duration apiCallAttemptTimeout, Pricing pricing) {

    public static final String DEFAULT_REGION = "us-east-1";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public AwsCollectorConfig {
        accounts = accounts == null || accounts.isEmpty() ? List.of(Account.callerIdentity()) : List.copyOf(accounts);
        regions = regions == null || regions.isEmpty() ? List.of(DEFAULT_REGION) : List.copyOf(new LinkedHashSet<>(regions));
        inventory = inventory == null ? new Inventory(null, null) : inventory;
        billing = billing == null ? new Billing(null, null, null, null, null, null) : billing;
        retry = retry == null ? new Retry(null, null, null, null) : retry;
        apiCallAttemptTimeout = positive(apiCallAttemptTimeout, Duration.ofSeconds(30), "aws.apiCallAttemptTimeout");
        pricing = pricing == null ? new Pricing(null, null, null, null, null, null) : pricing;
        if (!inventory.enabled() && !billing.enabled() && !pricing.enabled()) {
            throw new IllegalArgumentException("aws.inventory.enabled, aws.billing.enabled and aws.pricing.enabled are all "
                    + "false: nothing to collect");
        }
        for (String region : regions) {
            requireRegion(region, "aws.regions");
        }
        if (endpointUrl != null && (!endpointUrl.isAbsolute() || endpointUrl.getHost() == null
                || !("http".equals(endpointUrl.getScheme()) || "https".equals(endpointUrl.getScheme())))) {
            throw new IllegalArgumentException("aws.endpointUrl must be an absolute http(s) URL, was '" + endpointUrl + "'");
        }
        Set<String> ids = new LinkedHashSet<>();
        int withoutRole = 0;
        for (Account account : accounts) {
            if (account == null) {
                throw new IllegalArgumentException("aws.accounts must not contain empty entries");
            }
            if (account.roleArn() == null) {
                withoutRole++;
            }
            if (account.id() != null && !ids.add(account.id())) {
                throw new IllegalArgumentException("aws.accounts lists account " + account.id() + " twice");
            }
        }
        if (withoutRole > 1) {
            // two accounts without a role would both use the default credentials, i.e. be the same account
            throw new IllegalArgumentException("aws.accounts: at most one account may omit roleArn "
                    + "(it uses the default credentials); give the others a roleArn to assume");
        }
    }

    /**
     * Inventory and billing only, without price collection: the collector as it was before it read prices
     * (code and tests that build the configuration by hand and expect exactly those calls).
     */
    public AwsCollectorConfig(List<Account> accounts, List<String> regions, URI endpointUrl, Inventory inventory,
                              Billing billing, Retry retry, Duration apiCallAttemptTimeout) {
        this(accounts, regions, endpointUrl, inventory, billing, retry, apiCallAttemptTimeout, Pricing.DISABLED);
    }

    /** Everything defaulted: the caller's own account in us-east-1. */
    public static AwsCollectorConfig defaults() {
        return new AwsCollectorConfig(null, null, null, null, null, null, null, null);
    }

    public AwsCollectorConfig withRegions(List<String> newRegions) {
        return new AwsCollectorConfig(accounts, newRegions, endpointUrl, inventory, billing, retry, apiCallAttemptTimeout,
                pricing);
    }

    public AwsCollectorConfig withEndpointUrl(URI newEndpointUrl) {
        return new AwsCollectorConfig(accounts, regions, newEndpointUrl, inventory, billing, retry, apiCallAttemptTimeout,
                pricing);
    }

    public AwsCollectorConfig withPricing(Pricing newPricing) {
        return new AwsCollectorConfig(accounts, regions, endpointUrl, inventory, billing, retry, apiCallAttemptTimeout,
                newPricing);
    }

    /** How each configured account is reached: the definition the actions service shares (one list of accounts). */
    public List<AwsAccount> access() {
        return accounts.stream().map(Account::access).toList();
    }

    /**
     * One AWS account, as {@link AwsAccount} defines it for every service, plus what only the collector uses.
     *
     * @param id             the 12-digit account id; taken from {@code roleArn} when absent, or asked from STS
     *                       (GetCallerIdentity) for the default credentials' own account
     * @param roleArn        role to assume (STS AssumeRole) with the default credentials; null = use them directly
     * @param externalId     the external id the role's trust policy requires, if any
     * @param billing        whether to read Cost Explorer through this account; turn off for member accounts
     *                       whose costs the organization's management account already reports
     * @param actionsRoleArn role the actions service assumes to act in this account; null = {@code roleArn}
     */
    public record Account(String id, String roleArn, String externalId, Boolean billing, String actionsRoleArn) {

        public Account {
            billing = billing == null || billing;
            AwsAccount access = new AwsAccount(id, roleArn, externalId, actionsRoleArn);
            id = access.id();
            roleArn = access.roleArn();
            externalId = access.externalId();
            actionsRoleArn = access.actionsRoleArn();
        }

        public Account(String id, String roleArn, String externalId, Boolean billing) {
            this(id, roleArn, externalId, billing, null);
        }

        /** The account of the default credentials, its id asked from STS. */
        public static Account callerIdentity() {
            return new Account(null, null, null, null, null);
        }

        public AwsAccount access() {
            return new AwsAccount(id, roleArn, externalId, actionsRoleArn);
        }

        /** A name for logs and metric labels even before the id is known. */
        public String label() {
            return id != null ? id : "default";
        }
    }

    /**
     * @param enabled  list EC2 volumes, Elastic IPs, snapshots, instances and load balancers
     * @param interval how often the long-running collector lists the inventory
     */
    public record Inventory(Boolean enabled, Duration interval) {
        public Inventory {
            enabled = enabled == null || enabled;
            interval = positive(interval, Duration.ofMinutes(15), "aws.inventory.interval");
        }
    }

    /**
     * @param enabled              read daily costs from Cost Explorer (US$0.01 per request)
     * @param interval             how often the long-running collector re-reads the days that are still estimated
     * @param backfillDays         how many days back (before today, UTC) to read on the first run
     * @param metrics              Cost Explorer metrics to read for every day and group
     * @param costAllocationTagKeys activated cost-allocation tags to group by, each in its own query
     * @param region               the region of the Cost Explorer endpoint (us-east-1 for the aws partition)
     */
    public record Billing(Boolean enabled, Duration interval, Integer backfillDays, List<String> metrics,
                          List<String> costAllocationTagKeys, String region) {

        public static final List<String> KNOWN_METRICS = List.of("AmortizedCost", "BlendedCost", "NetAmortizedCost",
                "NetUnblendedCost", "NormalizedUsageAmount", "UnblendedCost", "UsageQuantity");

        public Billing {
            enabled = enabled == null || enabled;
            interval = positive(interval, Duration.ofHours(24), "aws.billing.interval");
            backfillDays = backfillDays == null ? 30 : backfillDays;
            if (backfillDays < 1 || backfillDays > 365) {
                throw new IllegalArgumentException("aws.billing.backfillDays must be within [1, 365], was " + backfillDays);
            }
            metrics = metrics == null || metrics.isEmpty() ? List.of("UnblendedCost", "AmortizedCost")
                    : List.copyOf(new LinkedHashSet<>(metrics));
            for (String metric : metrics) {
                if (!KNOWN_METRICS.contains(metric)) {
                    throw new IllegalArgumentException("aws.billing.metrics: unknown Cost Explorer metric '" + metric
                            + "', expected one of " + KNOWN_METRICS);
                }
            }
            List<String> tags = new ArrayList<>();
            for (String tag : costAllocationTagKeys == null ? List.<String>of() : costAllocationTagKeys) {
                if (tag == null || tag.isBlank() || tag.contains("$")) {
                    throw new IllegalArgumentException("aws.billing.costAllocationTagKeys: invalid tag key '" + tag + "'");
                }
                if (!tags.contains(tag)) {
                    tags.add(tag);
                }
            }
            costAllocationTagKeys = List.copyOf(tags);
            region = region == null || region.isBlank() ? DEFAULT_REGION : requireRegion(region, "aws.billing.region");
        }
    }

    /**
     * Real prices onto the compacted prices topic (docs/pricing.md).
     *
     * @param enabled            read the Price List, spot prices and the effective discount
     * @param interval           how often the Price List and the effective discount are re-read
     * @param spotInterval       how often spot prices are re-read
     * @param endpointRegion     region of the Price List endpoint ({@code us-east-1}, {@code eu-central-1} or
     *                           {@code ap-south-1}); the prices read are those of {@code aws.regions}
     * @param discountWindowDays settled days of Cost Explorer the effective discount is computed over
     * @param spotInstanceTypes  instance types whose spot prices are read; empty reads every type of the region
     */
    public record Pricing(Boolean enabled, Duration interval, Duration spotInterval, String endpointRegion,
                          Integer discountWindowDays, List<String> spotInstanceTypes) {

        public static final List<String> PRICE_LIST_REGIONS = List.of("us-east-1", "eu-central-1", "ap-south-1");
        static final Pricing DISABLED = new Pricing(false, null, null, null, null, null);

        public Pricing {
            enabled = enabled == null || enabled;
            interval = positive(interval, Duration.ofHours(24), "aws.pricing.interval");
            spotInterval = positive(spotInterval, Duration.ofHours(1), "aws.pricing.spotInterval");
            endpointRegion = endpointRegion == null || endpointRegion.isBlank() ? DEFAULT_REGION : endpointRegion;
            if (!PRICE_LIST_REGIONS.contains(endpointRegion)) {
                throw new IllegalArgumentException("aws.pricing.endpointRegion: the Price List API answers in "
                        + PRICE_LIST_REGIONS + ", not '" + endpointRegion + "'");
            }
            discountWindowDays = discountWindowDays == null ? 30 : discountWindowDays;
            if (discountWindowDays < 1 || discountWindowDays > 365) {
                throw new IllegalArgumentException("aws.pricing.discountWindowDays must be within [1, 365], was "
                        + discountWindowDays);
            }
            spotInstanceTypes = spotInstanceTypes == null ? List.of() : List.copyOf(new LinkedHashSet<>(spotInstanceTypes));
        }
    }

    /**
     * The SDK's adaptive retry mode (client-side rate limiting plus exponential backoff with jitter).
     *
     * @param maxAttempts          attempts per call, the first included
     * @param baseDelay            base of the exponential backoff for transient errors
     * @param throttlingBaseDelay  base of the exponential backoff for throttling errors
     * @param maxBackoff           ceiling of any single backoff
     */
    public record Retry(Integer maxAttempts, Duration baseDelay, Duration throttlingBaseDelay, Duration maxBackoff) {
        public Retry {
            maxAttempts = maxAttempts == null ? 8 : maxAttempts;
            if (maxAttempts < 1 || maxAttempts > 50) {
                throw new IllegalArgumentException("aws.retry.maxAttempts must be within [1, 50], was " + maxAttempts);
            }
            baseDelay = positive(baseDelay, Duration.ofMillis(100), "aws.retry.baseDelay");
            throttlingBaseDelay = positive(throttlingBaseDelay, Duration.ofSeconds(1), "aws.retry.throttlingBaseDelay");
            maxBackoff = positive(maxBackoff, Duration.ofSeconds(20), "aws.retry.maxBackoff");
        }
    }

    private static Duration positive(Duration value, Duration fallback, String field) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, was " + value);
        }
        return value;
    }

    private static String requireRegion(String region, String field) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(field + ": '" + region + "' is not an AWS region name (like eu-west-1)");
        }
        return region;
    }
}
