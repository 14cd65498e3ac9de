package io.reclaimer.policies.rules;

import java.util.List;

/**
 * A named, ordered list of rules from one {@code kind: Policy} document. Within a policy the first rule
 * (in document order) that selects a finding decides; across policies the most restrictive decision
 * wins (see {@code PolicyEngine}).
 */
public record Policy(String name, String description, SourceRef source, List<Rule> rules) {

    public Policy {
        description = description == null ? "" : description;
        rules = List.copyOf(rules);
    }
}
