package io.reclaimer.policies.loading;

import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.loading.DocReader.Fields;
import io.reclaimer.policies.loading.FindingFiles.FindingFileException;
import io.reclaimer.policies.rules.Outcomes;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the {@code spec} of a {@code kind: PolicyTest} document. */
final class TestParser {

    static final List<String> SPEC_KEYS = List.of("now", "actionsLastHour", "population", "cases");
    static final List<String> CASE_KEYS = List.of("name", "finding", "findings", "now", "actionsLastHour", "population",
            "expect");
    static final List<String> EXPECT_KEYS = List.of("outcome", "action", "policy", "rule", "parameters", "approvers",
            "reasons", "stopped", "alerts", "outcomes");

    private TestParser() {
    }

    static List<PolicyTestCase> parse(DocReader reader, String suite, Node spec) {
        Fields fields = reader.fields(spec, "policy test spec", SPEC_KEYS);
        Instant now = fields.get("now") == null ? null : instant(reader, fields.get("now"));
        int actionsLastHour = fields.get("actionsLastHour") == null ? 0 : orZero(reader.integer(fields.get("actionsLastHour"), "actionsLastHour", 0));
        Map<FindingKind, Integer> population = fields.get("population") == null ? Map.of()
                : population(reader, fields.get("population"));
        List<PolicyTestCase> cases = new ArrayList<>();
        Node casesNode = fields.required("cases");
        if (casesNode == null) {
            return cases;
        }
        Set<String> names = new HashSet<>();
        for (Node item : reader.list(casesNode, "cases")) {
            PolicyTestCase testCase = testCase(reader, suite, item, now, actionsLastHour, population);
            if (testCase != null) {
                if (!names.add(testCase.name())) {
                    reader.error(item, "duplicate case name '" + testCase.name() + "' in test '" + suite + "'");
                }
                cases.add(testCase);
            }
        }
        return cases;
    }

    private static PolicyTestCase testCase(DocReader reader, String suite, Node node, Instant suiteNow,
                                           int suiteActions, Map<FindingKind, Integer> suitePopulation) {
        Fields fields = reader.fields(node, "test case", CASE_KEYS);
        Node nameNode = fields.required("name");
        String name = nameNode == null ? null : reader.text(nameNode, "name");
        Instant now = fields.get("now") == null ? suiteNow : instant(reader, fields.get("now"));
        if (now == null && fields.get("now") == null) {
            reader.error(node, "test case needs 'now' (in the case or the test spec): evaluation never reads the clock");
        }
        int actions = fields.get("actionsLastHour") == null ? suiteActions
                : orZero(reader.integer(fields.get("actionsLastHour"), "actionsLastHour", 0));
        Map<FindingKind, Integer> population = new EnumMap<>(FindingKind.class);
        population.putAll(suitePopulation);
        if (fields.get("population") != null) {
            population.putAll(population(reader, fields.get("population")));
        }
        boolean single = fields.has("finding");
        boolean run = fields.has("findings");
        List<Finding> findings = new ArrayList<>();
        if (single == run) {
            reader.error(node, "test case needs exactly one of 'finding' (one decision) or 'findings' (a run)");
        } else if (single) {
            Finding finding = finding(reader, fields.required("finding"), now);
            if (finding != null) {
                findings.add(finding);
            }
        } else {
            Node list = fields.required("findings");
            if (list != null) {
                for (Node item : reader.list(list, "findings")) {
                    Finding finding = finding(reader, item, now);
                    if (finding != null) {
                        findings.add(finding);
                    }
                }
            }
        }
        Node expectNode = fields.required("expect");
        PolicyTestCase.Expectation expect = expectNode == null ? null : expectation(reader, expectNode, run);
        if (name == null || now == null || expect == null) {
            return null;
        }
        String location = reader.source.display() + ":" + (node.getStartMark().getLine() + 1) + ":"
                + (node.getStartMark().getColumn() + 1);
        return new PolicyTestCase(suite, name, location, findings, run,
                new EvaluationContext(now, actions, population), expect);
    }

    private static Finding finding(DocReader reader, Node node, Instant now) {
        if (node == null) {
            return null;
        }
        if (node instanceof MappingNode) {
            try {
                return FindingFiles.fromYaml(node, now);
            } catch (IllegalArgumentException e) {
                reader.error(node, e.getMessage());
                return null;
            }
        }
        String file = reader.text(node, "finding");
        if (file == null) {
            return null;
        }
        Path path = reader.source.path().resolveSibling(file);
        try {
            return FindingFiles.read(path);
        } catch (FindingFileException e) {
            reader.error(node, "finding file: " + e.getMessage());
            return null;
        }
    }

    private static PolicyTestCase.Expectation expectation(DocReader reader, Node node, boolean run) {
        Fields fields = reader.fields(node, "expect", EXPECT_KEYS);
        List<String> singleOnly = List.of("outcome", "action", "policy", "rule", "parameters", "approvers", "reasons");
        List<String> runOnly = List.of("stopped", "alerts", "outcomes");
        for (String key : run ? singleOnly : runOnly) {
            if (fields.has(key)) {
                reader.error(fields.key(key), "'" + key + "' can only be expected of a case with "
                        + (run ? "'finding'" : "'findings'"));
            }
        }
        Outcome outcome = fields.get("outcome") == null ? null : outcome(reader, fields.get("outcome"));
        ActionType action = null;
        if (fields.get("action") != null) {
            String text = reader.text(fields.get("action"), "action");
            action = ActionType.fromWireName(text).orElse(null);
            if (text != null && action == null) {
                reader.error(fields.get("action"), "'action' must be one of downsize, schedule, delete, mark-for-op, got '"
                        + text + "'");
            }
        }
        String policy = fields.get("policy") == null ? null : text(reader, fields.get("policy"));
        String rule = fields.get("rule") == null ? null : text(reader, fields.get("rule"));
        Map<String, String> parameters = fields.get("parameters") == null ? null
                : reader.stringMap(fields.get("parameters"), "parameters");
        List<String> approvers = fields.get("approvers") == null ? null : reader.strings(fields.get("approvers"), "approvers");
        List<String> reasons = fields.get("reasons") == null ? null : reader.strings(fields.get("reasons"), "reasons");
        Boolean stopped = fields.get("stopped") == null ? null : reader.bool(fields.get("stopped"), "stopped");
        List<String> alerts = fields.get("alerts") == null ? null : reader.strings(fields.get("alerts"), "alerts");
        List<Outcome> outcomes = new ArrayList<>();
        if (fields.get("outcomes") != null) {
            for (Node item : reader.list(fields.get("outcomes"), "outcomes")) {
                Outcome value = outcome(reader, item);
                if (value != null) {
                    outcomes.add(value);
                }
            }
        }
        return new PolicyTestCase.Expectation(outcome, action, policy, rule, parameters, approvers, reasons, stopped,
                alerts, outcomes);
    }

    /** Expected policy / rule: an empty string (no rule decided) is allowed here. */
    private static String text(DocReader reader, Node node) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        reader.error(node, "must be a string, got " + DocReader.describe(node));
        return null;
    }

    private static Outcome outcome(DocReader reader, Node node) {
        String text = reader.text(node, "outcome");
        if (text == null) {
            return null;
        }
        return Outcomes.parse(text).orElseGet(() -> {
            reader.error(node, "'outcome' must be one of deny, dry-run, approve, auto, got '" + text + "'");
            return null;
        });
    }

    private static Map<FindingKind, Integer> population(DocReader reader, Node node) {
        Map<FindingKind, Integer> population = new EnumMap<>(FindingKind.class);
        reader.stringMap(node, "population").forEach((kindName, count) -> {
            FindingKind kind = PolicyParser.kind(kindName);
            try {
                int value = Integer.parseInt(count);
                if (kind != null && value >= 0) {
                    population.put(kind, value);
                    return;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            reader.error(node, "'population' maps finding kinds to whole numbers, got " + kindName + ": " + count);
        });
        return population;
    }

    private static Instant instant(DocReader reader, Node node) {
        String text = reader.text(node, "now");
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            reader.error(node, "'now' must be an ISO-8601 instant such as 2026-11-20T10:00:00Z, got '" + text + "'");
            return null;
        }
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
