package io.reclaimer.policies.guardrails;

import java.time.Duration;
import java.util.List;

/**
 * Defaults for {@code approve} rules that name no approvers or no validity, and the longest validity any
 * rule may ask for. Approvers are Slack user ids ({@code U0123ABC}) or user-group handles ({@code @finops}).
 */
public record Approvals(List<String> defaultApprovers, Duration defaultTtl, Duration maxTtl) {

    public static final Approvals DEFAULT = new Approvals(List.of(), Duration.ofHours(72), Duration.ofDays(14));

    public Approvals {
        defaultApprovers = List.copyOf(defaultApprovers);
    }
}
