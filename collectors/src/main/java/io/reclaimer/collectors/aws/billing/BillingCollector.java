package io.reclaimer.collectors.aws.billing;

import io.reclaimer.collectors.aws.CollectionErrors;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;

/**
 * Reads the daily costs of the backfill window for one account, skipping the days already final, and
 * emits them as billing lines. Days are marked final only after the sink has flushed their lines, so a
 * failed write is read again instead of being lost.
 */
public final class BillingCollector {

    private static final Logger LOG = LoggerFactory.getLogger(BillingCollector.class);

    private final Topics topics;
    private final FinalDays finalDays;
    private final List<String> metrics;
    private final List<Grouping> groupings;
    private final int backfillDays;
    private final String costExplorerRegion;
    private final CollectionErrors errors;
    private final Clock clock;

    public BillingCollector(Topics topics, FinalDays finalDays, List<String> metrics, List<String> tagKeys,
                            int backfillDays, String costExplorerRegion, CollectionErrors errors, Clock clock) {
        this.topics = topics;
        this.finalDays = finalDays;
        this.metrics = List.copyOf(metrics);
        List<Grouping> all = new ArrayList<>();
        all.add(Grouping.SERVICE);
        tagKeys.forEach(tag -> all.add(Grouping.tag(tag)));
        this.groupings = List.copyOf(all);
        this.backfillDays = backfillDays;
        this.costExplorerRegion = costExplorerRegion;
        this.errors = errors;
        this.clock = clock;
    }

    /** The window read: the last {@code backfillDays} full days (UTC, the time zone of the AWS bill). */
    public DateRange window() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return new DateRange(today.minusDays(backfillDays), today);
    }

    /** Returns the number of lines emitted. */
    public int collect(String account, CostExplorerClient costExplorer, EventSink sink) {
        CostAndUsageReader reader = new CostAndUsageReader(costExplorer, metrics);
        DateRange window = window();
        Instant observedAt = clock.instant();
        record Finalized(Grouping grouping, Set<LocalDate> days) {
        }
        List<Finalized> finalized = new ArrayList<>();
        int emitted = 0;
        for (Grouping grouping : groupings) {
            for (DateRange range : finalDays.pending(account, grouping, metrics, window)) {
                CostAndUsageReader.Result result;
                try {
                    result = reader.read(grouping, range, observedAt);
                } catch (RuntimeException e) {
                    errors.failed(account, costExplorerRegion, "ce", e);
                    continue;
                }
                for (BillingLine line : result.lines()) {
                    sink.emit(topics.billingLines(), line.key(), line);
                }
                emitted += result.lines().size();
                finalized.add(new Finalized(grouping, result.finalDays()));
                LOG.info("account {}: {} {}..{} read in {} page(s): {} lines, {} day(s) final", account, grouping,
                        range.start(), range.end(), result.pages(), result.lines().size(), result.finalDays().size());
            }
        }
        sink.flush();
        for (Finalized f : finalized) {
            finalDays.markFinal(account, f.grouping(), metrics, f.days());
        }
        return emitted;
    }
}
