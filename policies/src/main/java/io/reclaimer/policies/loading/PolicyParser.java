package io.reclaimer.policies.loading;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.gitops.GitOpsOwner;
import io.reclaimer.model.time.UptimeWindow;
import io.reclaimer.policies.expression.FindingExpressions;
import io.reclaimer.policies.expression.FindingExpressions.FindingExpression;
import io.reclaimer.policies.loading.DocReader.Fields;
import io.reclaimer.policies.rules.Glob;
import io.reclaimer.policies.rules.Match;
import io.reclaimer.policies.rules.Outcomes;
import io.reclaimer.policies.rules.Policy;
import io.reclaimer.policies.rules.Rule;
import io.reclaimer.policies.rules.RuleParameters;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the {@code spec} of a {@code kind: Policy} document. */
final class PolicyParser {

    static final List<String> SPEC_KEYS = List.of("rules");
    static final List<String> RULE_KEYS = List.of("name", "description", "match", "decision", "approvers",
            "approvalTtl", "parameters");
    static final List<String> MATCH_KEYS = List.of("kinds", "clusters", "namespaces", "excludeNamespaces", "labels",
            "annotations", "tags", "accounts", "regions", "minMonthlyUsd", "minAge", "minConfidence", "expression",
            "gitops");
    static final List<String> PARAMETER_KEYS = List.of("downsizeTo", "limits", "scheduleWindow", "timeZone",
            "snapshot", "graceDays");

    private PolicyParser() {
    }

    /** Null when the document is too broken to describe a policy; problems are recorded either way. */
    static Policy parse(DocReader reader, Node documentNode, String name, String description, Node spec) {
        Fields fields = reader.fields(spec, "policy spec", SPEC_KEYS);
        Node rulesNode = fields.required("rules");
        List<Rule> rules = new ArrayList<>();
        if (rulesNode != null) {
            List<Node> items = reader.list(rulesNode, "rules");
            if (items.isEmpty() && rulesNode instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
                reader.error(rulesNode, "'rules' must hold at least one rule");
            }
            Set<String> names = new HashSet<>();
            for (Node item : items) {
                Rule rule = rule(reader, item);
                if (rule != null) {
                    if (!names.add(rule.name())) {
                        reader.error(item, "duplicate rule name '" + rule.name() + "' in policy '" + name + "'");
                    }
                    rules.add(rule);
                }
            }
        }
        return name == null ? null : new Policy(name, description, reader.ref(documentNode), rules);
    }

    private static Rule rule(DocReader reader, Node node) {
        Fields fields = reader.fields(node, "rule", RULE_KEYS);
        Node nameNode = fields.required("name");
        String name = nameNode == null ? null : reader.text(nameNode, "name");
        if (fields.get("description") != null) {
            reader.text(fields.get("description"), "description");
        }
        Match match = fields.get("match") == null ? Match.ALL : match(reader, fields.get("match"));
        Node decisionNode = fields.required("decision");
        Outcome decision = null;
        if (decisionNode != null) {
            String text = reader.text(decisionNode, "decision");
            if (text != null) {
                decision = Outcomes.parse(text).orElse(null);
                if (decision == null) {
                    reader.error(decisionNode, "'decision' must be one of deny, dry-run, approve, auto, got '" + text + "'");
                }
            }
        }
        List<String> approvers = fields.get("approvers") == null ? List.of()
                : reader.strings(fields.get("approvers"), "approvers");
        Duration ttl = fields.get("approvalTtl") == null ? null : reader.duration(fields.get("approvalTtl"), "approvalTtl");
        if (decision != null && decision != Outcome.APPROVE) {
            for (String key : List.of("approvers", "approvalTtl")) {
                if (fields.has(key)) {
                    reader.error(fields.key(key), "'" + key + "' only applies to decision approve, this rule says "
                            + decision.wireName());
                }
            }
        }
        RuleParameters parameters = fields.get("parameters") == null ? RuleParameters.NONE
                : parameters(reader, fields.get("parameters"));
        if (name == null || decision == null || match == null || parameters == null) {
            return null;
        }
        return new Rule(name, reader.ref(node), match, decision, approvers, ttl, parameters);
    }

    private static Match match(DocReader reader, Node node) {
        Fields fields = reader.fields(node, "match", MATCH_KEYS);
        Set<FindingKind> kinds = EnumSet.noneOf(FindingKind.class);
        if (fields.get("kinds") != null) {
            Node kindsNode = fields.get("kinds");
            List<Node> items = reader.list(kindsNode, "kinds");
            for (Node item : items) {
                String text = reader.text(item, "kinds[]");
                if (text == null) {
                    continue;
                }
                FindingKind kind = kind(text);
                if (kind == null) {
                    reader.error(item, "unknown finding kind '" + text + "'" + DocReader.suggestion(text, kindNames()));
                } else {
                    kinds.add(kind);
                }
            }
        }
        Double minMonthlyUsd = fields.get("minMonthlyUsd") == null ? null
                : reader.number(fields.get("minMonthlyUsd"), "minMonthlyUsd", 0, Double.MAX_VALUE);
        Duration minAge = fields.get("minAge") == null ? null : reader.duration(fields.get("minAge"), "minAge");
        Double minConfidence = fields.get("minConfidence") == null ? null
                : reader.number(fields.get("minConfidence"), "minConfidence", 0, 1);
        FindingExpression expression = fields.get("expression") == null ? null
                : expression(reader, fields.get("expression"));
        return new Match(kinds, globs(reader, fields, "clusters"), globs(reader, fields, "namespaces"),
                globs(reader, fields, "excludeNamespaces"), globMap(reader, fields, "labels"),
                globMap(reader, fields, "annotations"), globMap(reader, fields, "tags"), globs(reader, fields, "accounts"),
                globs(reader, fields, "regions"), minMonthlyUsd, minAge, minConfidence, expression,
                gitops(reader, fields.get("gitops")));
    }

    /** {@code gitops: argocd} or {@code gitops: [argocd, flux]}; {@code none} selects what no GitOps tool manages. */
    private static Set<GitOpsOwner.Tool> gitops(DocReader reader, Node node) {
        if (node == null) {
            return Set.of();
        }
        List<String> names = Arrays.stream(GitOpsOwner.Tool.values()).map(GitOpsOwner.Tool::wireName).toList();
        List<Node> items = node instanceof org.yaml.snakeyaml.nodes.SequenceNode ? reader.list(node, "gitops") : List.of(node);
        Set<GitOpsOwner.Tool> tools = EnumSet.noneOf(GitOpsOwner.Tool.class);
        for (Node item : items) {
            String text = reader.text(item, "gitops");
            if (text == null) {
                continue;
            }
            if (!names.contains(text)) {
                reader.error(item, "'gitops' must be argocd, flux or none, got '" + text + "'"
                        + DocReader.suggestion(text, names));
            } else {
                tools.add(GitOpsOwner.Tool.fromWireName(text));
            }
        }
        if (items.isEmpty()) {
            reader.error(node, "'gitops' must name at least one of argocd, flux, none");
        }
        return tools;
    }

    static FindingExpression expression(DocReader reader, Node node) {
        String source = reader.text(node, "expression");
        if (source == null) {
            return null;
        }
        FindingExpressions.Compiled compiled = FindingExpressions.compile(source);
        for (FindingExpressions.Problem problem : compiled.problems()) {
            int[] at = ExpressionPositions.locate(reader.source, (ScalarNode) node, source, problem.line(), problem.column());
            reader.errorAt(at[0], at[1], "invalid expression: " + problem.message());
        }
        return compiled.expression();
    }

    private static RuleParameters parameters(DocReader reader, Node node) {
        Fields fields = reader.fields(node, "parameters", PARAMETER_KEYS);
        RuleParameters.DownsizeTo downsizeTo = null;
        if (fields.get("downsizeTo") != null) {
            String text = reader.text(fields.get("downsizeTo"), "downsizeTo");
            downsizeTo = text == null ? null : RuleParameters.DownsizeTo.parse(text).orElse(null);
            if (text != null && downsizeTo == null) {
                reader.error(fields.get("downsizeTo"), "'downsizeTo' must be target or upperBound, got '" + text + "'");
            }
        }
        RuleParameters.Limits limits = null;
        if (fields.get("limits") != null) {
            String text = reader.text(fields.get("limits"), "limits");
            limits = text == null ? null : RuleParameters.Limits.parse(text).orElse(null);
            if (text != null && limits == null) {
                reader.error(fields.get("limits"), "'limits' must be proportional, drop-cpu or keep, got '" + text + "'");
            }
        }
        ZoneId zone = fields.get("timeZone") == null ? null : reader.zone(fields.get("timeZone"), "timeZone");
        UptimeWindow window = null;
        if (fields.get("scheduleWindow") != null) {
            String text = reader.text(fields.get("scheduleWindow"), "scheduleWindow");
            if (text != null) {
                try {
                    window = UptimeWindow.parse(text, zone == null ? ZoneOffset.UTC : zone);
                } catch (IllegalArgumentException e) {
                    reader.error(fields.get("scheduleWindow"), "'scheduleWindow': " + e.getMessage());
                }
            }
        }
        Boolean snapshot = fields.get("snapshot") == null ? null : reader.bool(fields.get("snapshot"), "snapshot");
        Integer graceDays = fields.get("graceDays") == null ? null : reader.integer(fields.get("graceDays"), "graceDays", 0);
        return new RuleParameters(downsizeTo, limits, window, zone, snapshot, graceDays);
    }

    private static List<Glob> globs(DocReader reader, Fields fields, String key) {
        Node node = fields.get(key);
        return node == null ? List.of() : reader.strings(node, key).stream().map(Glob::of).toList();
    }

    private static Map<String, Glob> globMap(DocReader reader, Fields fields, String key) {
        Node node = fields.get(key);
        if (node == null) {
            return Map.of();
        }
        Map<String, Glob> globs = new LinkedHashMap<>();
        reader.stringMap(node, key).forEach((k, v) -> globs.put(k, Glob.of(v)));
        return globs;
    }

    static FindingKind kind(String text) {
        for (FindingKind kind : FindingKind.values()) {
            if (kind.wireName().equals(text)) {
                return kind;
            }
        }
        return null;
    }

    static List<String> kindNames() {
        return Arrays.stream(FindingKind.values()).map(FindingKind::wireName).collect(Collectors.toList());
    }
}
