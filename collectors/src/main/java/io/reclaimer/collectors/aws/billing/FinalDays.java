package io.reclaimer.collectors.aws.billing;

import io.reclaimer.model.billing.BillingLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The days whose costs Cost Explorer no longer marks {@code Estimated}: they never change again, so they
 * are never requested again (each request costs US$0.01). Kept per account, grouping and metric, so adding
 * a tag key or a metric to the configuration reads that one back, and nothing else.
 *
 * <p>Seeded at start-up from the compacted billing topic: a final line of account A is proof that A's
 * query for that grouping, metric and day came back final. (A management account without own costs leaves
 * no such line; its days are read once more after a restart, never an estimated day skipped.)
 */
public final class FinalDays {

    private record Key(String account, Grouping grouping, String metric, LocalDate day) {
    }

    private final Set<Key> finalDays = new HashSet<>();

    public void seed(Iterable<BillingLine> lines) {
        for (BillingLine line : lines) {
            if (!line.estimated()) {
                finalDays.add(new Key(line.account(), Grouping.of(line), line.metric(), line.date()));
            }
        }
    }

    public void markFinal(String account, Grouping grouping, Collection<String> metrics, Collection<LocalDate> days) {
        for (LocalDate day : days) {
            for (String metric : metrics) {
                finalDays.add(new Key(account, grouping, metric, day));
            }
        }
    }

    public boolean isFinal(String account, Grouping grouping, Collection<String> metrics, LocalDate day) {
        for (String metric : metrics) {
            if (!finalDays.contains(new Key(account, grouping, metric, day))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The days of {@code window} still to read, as contiguous ranges: one query each, so that no final
     * day between two estimated ones is paid for again.
     */
    public List<DateRange> pending(String account, Grouping grouping, Collection<String> metrics, DateRange window) {
        List<DateRange> ranges = new ArrayList<>();
        LocalDate start = null;
        for (LocalDate day = window.start(); day.isBefore(window.end()); day = day.plusDays(1)) {
            boolean needed = !isFinal(account, grouping, metrics, day);
            if (needed && start == null) {
                start = day;
            } else if (!needed && start != null) {
                ranges.add(new DateRange(start, day));
                start = null;
            }
        }
        if (start != null) {
            ranges.add(new DateRange(start, window.end()));
        }
        return ranges;
    }
}
