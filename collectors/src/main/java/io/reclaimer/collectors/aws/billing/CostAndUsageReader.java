package io.reclaimer.collectors.aws.billing;

import io.reclaimer.model.billing.BillingLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageRequest;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * One {@code GetCostAndUsage} query: daily costs of a date range grouped by linked account and by the
 * service or one cost-allocation tag, every page of it. Grouping by linked account too makes a management
 * account report each member's costs under the member's id (and a standalone account its own).
 */
final class CostAndUsageReader {

    private final CostExplorerClient costExplorer;
    private final List<String> metrics;

    CostAndUsageReader(CostExplorerClient costExplorer, List<String> metrics) {
        this.costExplorer = costExplorer;
        this.metrics = List.copyOf(metrics);
    }

    /** The lines read and the days that came back final (not {@code Estimated}) on every page. */
    public record Result(List<BillingLine> lines, Set<LocalDate> finalDays, int pages) {
    }

    /**
     * Reads every page of the query. Version 2.40 of the SDK has no paginator for GetCostAndUsage (Cost
     * Explorer's model declares none), so the {@code NextPageToken} loop is written out here.
     */
    public Result read(Grouping grouping, DateRange range, Instant observedAt) {
        GetCostAndUsageRequest.Builder request = GetCostAndUsageRequest.builder()
                .timePeriod(p -> p.start(range.start().toString()).end(range.end().toString()))
                .granularity(Granularity.DAILY)
                .metrics(metrics)
                .groupBy(GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key("LINKED_ACCOUNT").build(),
                        grouping.isTag()
                                ? GroupDefinition.builder().type(GroupDefinitionType.TAG).key(grouping.tagKey()).build()
                                : GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key("SERVICE").build());
        List<BillingLine> lines = new ArrayList<>();
        Set<LocalDate> seenFinal = new TreeSet<>();
        Set<LocalDate> seenEstimated = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            GetCostAndUsageResponse page = costExplorer.getCostAndUsage(request.nextPageToken(token).build());
            pages++;
            for (ResultByTime result : page.resultsByTime()) {
                LocalDate day = LocalDate.parse(result.timePeriod().start());
                // anything but an explicit "Estimated": false is read again next time
                boolean estimated = !Boolean.FALSE.equals(result.estimated());
                (estimated ? seenEstimated : seenFinal).add(day);
                for (Group group : result.groups()) {
                    lines.addAll(lines(grouping, day, estimated, group, observedAt));
                }
            }
            token = page.nextPageToken();
        } while (token != null && !token.isEmpty());
        seenFinal.removeAll(seenEstimated);
        seenFinal.removeIf(day -> !range.contains(day));
        return new Result(lines, seenFinal, pages);
    }

    private List<BillingLine> lines(Grouping grouping, LocalDate day, boolean estimated, Group group, Instant observedAt) {
        List<String> keys = group.keys();
        if (keys.size() != 2) {
            throw new IllegalStateException("Cost Explorer returned a group with keys " + keys
                    + ", expected [linked account, " + grouping + "]");
        }
        String account = keys.get(0);
        String service = "";
        String tagValue = "";
        if (grouping.isTag()) {
            // tag groups come back as "key$value"; "key$" holds the costs without that tag
            String prefix = grouping.tagKey() + '$';
            tagValue = keys.get(1).startsWith(prefix) ? keys.get(1).substring(prefix.length()) : keys.get(1);
        } else {
            service = keys.get(1);
        }
        List<BillingLine> lines = new ArrayList<>();
        Map<String, MetricValue> values = group.metrics();
        for (String metric : metrics) {
            MetricValue value = values.get(metric);
            if (value == null || value.amount() == null) {
                continue;
            }
            lines.add(new BillingLine(account, day, metric, grouping.groupKey(), service, grouping.tagKey(), tagValue,
                    new BigDecimal(value.amount()).doubleValue(), value.unit() == null || value.unit().isBlank()
                            ? "USD" : value.unit(), estimated, observedAt));
        }
        return lines;
    }
}
