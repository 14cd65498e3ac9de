package io.reclaimer.collectors.aws;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.AwsCollectorConfig.Account;
import io.reclaimer.collectors.aws.billing.BillingCollector;
import io.reclaimer.collectors.aws.billing.FinalDays;
import io.reclaimer.collectors.aws.inventory.InventoryTracker;
import io.reclaimer.collectors.aws.inventory.RegionInventory;
import io.reclaimer.collectors.aws.inventory.RegionListing;
import io.reclaimer.collectors.aws.pricing.PriceCollector;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The AWS collector: EC2 / ELB inventory of every configured account and region onto the cloud inventory
 * topic (tombstones for what vanished), and Cost Explorer's daily costs onto the billing topic.
 * {@link #collectOnce} does one pass; {@link #run} keeps collecting on the configured intervals until
 * stopped. One failing account, region or service is logged, counted in
 * {@code reclaimer_aws_collection_errors_total} and skipped; the others go on.
 */
public final class AwsCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsCollector.class);

    private final AwsCollectorConfig config;
    private final Topics topics;
    private final Clock clock;
    private final AwsMetrics metrics;
    private final AwsClients clients;
    private final AtomicInteger errorsThisPass = new AtomicInteger();
    private final CollectionErrors errors;
    private final InventoryTracker tracker = new InventoryTracker();
    private final FinalDays finalDays = new FinalDays();
    private final RegionInventory regionInventory;
    private final BillingCollector billing;
    private final PriceCollector prices;
    private final Map<Account, Account> resolved = new ConcurrentHashMap<>();

    /** What one pass produced. */
    public record Summary(int resources, int tombstones, int billingLines, int errors, int prices) {
        public Summary(int resources, int tombstones, int billingLines, int errors) {
            this(resources, tombstones, billingLines, errors, 0);
        }
    }

    private AwsCollector(AwsCollectorConfig config, AwsCredentialsProvider credentials, Topics topics,
                         PrometheusRegistry registry, PriorState prior, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.clock = clock;
        this.metrics = new AwsMetrics(registry);
        this.clients = new AwsClients(config, credentials, metrics);
        this.errors = (account, region, service, error) -> {
            errorsThisPass.incrementAndGet();
            metrics.collectionError(account, region, service);
            LOG.warn("AWS {} in account {} region {} failed, continuing with the rest: {}", service, account, region,
                    error.getMessage());
        };
        this.regionInventory = new RegionInventory(errors);
        this.billing = new BillingCollector(topics, finalDays, config.billing().metrics(),
                config.billing().costAllocationTagKeys(), config.billing().backfillDays(), config.billing().region(),
                errors, clock);
        this.prices = new PriceCollector(topics, errors, clock, config.pricing().discountWindowDays(),
                config.pricing().spotInstanceTypes(), config.pricing().endpointRegion());
        seed(prior);
    }

    /** What earlier runs published: the inventory keys to tombstone when they vanish, the billing days already final. */
    void seed(PriorState prior) {
        tracker.seed(prior.liveInventoryKeys());
        finalDays.seed(prior.billingLines());
    }

    /** Production: the SDK's default credentials provider chain (environment, profile, web identity, IMDS...). */
    public static AwsCollector create(AwsCollectorConfig config, Topics topics, PrometheusRegistry registry,
                                      PriorState prior, Clock clock) {
        return new AwsCollector(config, DefaultCredentialsProvider.builder().build(), topics, registry, prior, clock);
    }

    /** With explicitly chosen base credentials (tests against a local endpoint use static ones). */
    public static AwsCollector create(AwsCollectorConfig config, AwsCredentialsProvider credentials, Topics topics,
                                      PrometheusRegistry registry, PriorState prior, Clock clock) {
        return new AwsCollector(config, credentials, topics, registry, prior, clock);
    }

    /** One pass of whatever is enabled: inventory, then billing, then prices. */
    public Summary collectOnce(EventSink sink) {
        Summary inventory = config.inventory().enabled() ? collectInventory(sink) : new Summary(0, 0, 0, 0);
        Summary costs = config.billing().enabled() ? collectBilling(sink) : new Summary(0, 0, 0, 0);
        Summary priced = config.pricing().enabled() ? collectPrices(sink, true) : new Summary(0, 0, 0, 0);
        return new Summary(inventory.resources(), inventory.tombstones(), costs.billingLines(),
                inventory.errors() + costs.errors() + priced.errors(), priced.prices());
    }

    /** Collects until {@code stop} is counted down; a failing sink ends it with that exception. */
    public void run(EventSink sink, CountDownLatch stop) throws InterruptedException {
        Instant nextInventory = clock.instant();
        Instant nextBilling = clock.instant();
        Instant nextPrices = clock.instant();
        Instant nextSpot = clock.instant();
        while (stop.getCount() > 0) {
            if (config.pricing().enabled() && !clock.instant().isBefore(nextSpot)) {
                boolean all = !clock.instant().isBefore(nextPrices);
                nextSpot = clock.instant().plus(config.pricing().spotInterval());
                if (all) {
                    nextPrices = clock.instant().plus(config.pricing().interval());
                }
                collectPrices(sink, all);
            }
            if (config.inventory().enabled() && !clock.instant().isBefore(nextInventory)) {
                nextInventory = clock.instant().plus(config.inventory().interval());
                collectInventory(sink);
            }
            if (config.billing().enabled() && !clock.instant().isBefore(nextBilling)) {
                nextBilling = clock.instant().plus(config.billing().interval());
                collectBilling(sink);
            }
            Instant next = Instant.MAX;
            if (config.inventory().enabled() && nextInventory.isBefore(next)) {
                next = nextInventory;
            }
            if (config.billing().enabled() && nextBilling.isBefore(next)) {
                next = nextBilling;
            }
            if (config.pricing().enabled() && nextSpot.isBefore(next)) {
                next = nextSpot;
            }
            long waitMillis = Math.max(0, Duration.between(clock.instant(), next).toMillis());
            if (stop.await(waitMillis, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    public Summary collectInventory(EventSink sink) {
        errorsThisPass.set(0);
        int resources = 0;
        int tombstones = 0;
        Instant observedAt = clock.instant();
        for (Account configured : config.accounts()) {
            Account account = resolve(configured);
            if (account == null) {
                continue;
            }
            for (String region : config.regions()) {
                RegionListing listing = regionInventory.list(account.id(), region, clients.ec2(account, region),
                        clients.elbv2(account, region), clients.elb(account, region), observedAt);
                List<String> keys = new ArrayList<>();
                for (CloudResource resource : listing.resources()) {
                    String key = resource.ref().key();
                    keys.add(key);
                    sink.emit(topics.cloudInventory(), key, resource);
                }
                resources += keys.size();
                List<String> gone = tracker.listed(account.id(), region, keys, listing.complete());
                for (String key : gone) {
                    sink.emit(topics.cloudInventory(), key, null);
                }
                tombstones += gone.size();
                LOG.info("account {} region {}: {} resources, {} gone{}", account.id(), region, keys.size(), gone.size(),
                        listing.complete() ? "" : " (listing incomplete: nothing tombstoned)");
            }
        }
        sink.flush();
        return new Summary(resources, tombstones, 0, errorsThisPass.get());
    }

    public Summary collectBilling(EventSink sink) {
        errorsThisPass.set(0);
        int lines = 0;
        for (Account configured : config.accounts()) {
            if (!configured.billing()) {
                continue;
            }
            Account account = resolve(configured);
            if (account == null) {
                continue;
            }
            lines += billing.collect(account.id(), clients.costExplorer(account, account.id()), sink);
        }
        return new Summary(0, 0, lines, errorsThisPass.get());
    }

    /**
     * Prices onto the prices topic: spot prices of every region, and with {@code all} also the Price List prices
     * of every region (read once, through the first account) and each billing account's effective discount.
     */
    public Summary collectPrices(EventSink sink, boolean all) {
        errorsThisPass.set(0);
        int published = 0;
        boolean listed = false;
        for (Account configured : config.accounts()) {
            Account account = resolve(configured);
            if (account == null) {
                continue;
            }
            for (String region : config.regions()) {
                if (all && !listed) {
                    published += prices.listPrices(account.id(), region, clients.pricing(account), sink);
                }
                published += prices.spotPrices(account.id(), region, clients.ec2(account, region), sink);
            }
            listed = true; // public prices are the same whoever asks
            if (all && configured.billing()) {
                published += prices.discount(account.id(), clients.costExplorer(account, account.id()),
                        config.billing().region(), sink);
            }
        }
        sink.flush();
        return new Summary(0, 0, 0, errorsThisPass.get(), published);
    }

    /** The account with its id: from the config, or asked from STS for the default credentials' account. */
    private Account resolve(Account account) {
        if (account.id() != null) {
            return account;
        }
        Account known = resolved.get(account);
        if (known != null) {
            return known;
        }
        try {
            String id = clients.sts(clients.credentials(account), "sts-caller").getCallerIdentity().account();
            known = new Account(id, null, null, account.billing());
            resolved.put(account, known);
            return known;
        } catch (RuntimeException e) {
            errors.failed(account.label(), config.regions().get(0), "sts", e);
            return null;
        }
    }

    public AwsMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        clients.close();
    }
}
