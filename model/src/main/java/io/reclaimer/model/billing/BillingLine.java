package io.reclaimer.model.billing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One Cost Explorer result cell: the cost of one day for one group. {@code groupKey} is what the line is
 * grouped by ({@code SERVICE} or {@code TAG}); for tag groups {@code tagKey}/{@code tagValue} are set and
 * {@code service} is empty. {@code estimated} days are re-read until final; the compacted topic keeps the
 * latest reading of each line (see {@link #key()}).
 */
@JsonTypeName("billing-line/v1")
public record BillingLine(String account, LocalDate date, String metric, String groupKey, String service,
                          String tagKey, String tagValue, double amount, String unit, boolean estimated,
                          Instant observedAt) implements Event {

    public BillingLine {
        Require.segment(account, "account");
        Require.present(date, "date");
        Require.segment(metric, "metric");
        Require.text(groupKey, "groupKey");
        service = service == null ? "" : service;
        tagKey = tagKey == null ? "" : tagKey;
        tagValue = tagValue == null ? "" : tagValue;
        Require.finite(amount, "amount");
        Require.text(unit, "unit");
        Require.present(observedAt, "observedAt");
    }

    public String key() {
        String group = "TAG".equals(groupKey) ? "tag:" + tagKey + '=' + tagValue : "service:" + service;
        return "aws/" + account + '/' + date + '/' + metric + '/' + group;
    }
}
