package io.reclaimer.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.Decision;
import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.loading.PolicyFiles;
import io.reclaimer.policies.loading.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * No policy set, however permissive (random rules, including "auto for everything", random selectors,
 * parameters and guardrail settings), can make a protected resource actionable: a resource in a protected
 * namespace or carrying the opt-out label, annotation or tag is always denied, alone or in a run.
 */
class ProtectedResourcesPropertyTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private final List<Path> dirs = new ArrayList<>();

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void protectedResourcesAreNeverActionable(@ForAll("policySets") String policyYaml,
                                              @ForAll("guardrailSpecs") String guardrailSpec,
                                              @ForAll("protectedFindings") Finding finding,
                                              @ForAll("contexts") EvaluationContext context) throws IOException {
        Path dir = Files.createTempDirectory("policy-property");
        dirs.add(dir);
        Fixtures.write(dir, "p.yaml", policyYaml);
        Fixtures.write(dir, "g.yaml", Fixtures.guardrails(guardrailSpec));
        PolicyFiles files = PolicyLoader.read(dir);
        assertThat(files.diagnostics()).as(policyYaml).isEmpty();
        PolicyEngine engine = new PolicyEngine(files.policySet());

        Decision decision = engine.evaluate(finding, context);
        assertThat(decision.outcome()).as(decision.explain()).isEqualTo(Outcome.DENY);
        assertThat(decision.verdict().approvers()).isEmpty();
        assertThat(engine.planRun(List.of(finding, finding), context).actionable()).isEmpty();
    }

    @AfterProperty
    void cleanUp() throws IOException {
        for (Path dir : dirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        dirs.clear();
    }

    @Provide
    Arbitrary<String> policySets() {
        return rule().list().ofMinSize(1).ofMaxSize(4).uniqueElements()
                .map(rules -> {
                    StringBuilder yaml = new StringBuilder("apiVersion: reclaimer.io/v1\nkind: Policy\nmetadata:\n  name: p\n"
                            + "spec:\n  rules:\n");
                    for (int i = 0; i < rules.size(); i++) {
                        yaml.append("    - name: r").append(i).append('\n').append(rules.get(i));
                    }
                    return yaml.toString();
                });
    }

    private Arbitrary<String> rule() {
        Arbitrary<String> decision = Arbitraries.of("auto", "auto", "approve", "dry-run", "deny");
        Arbitrary<String> match = Arbitraries.of("", "      match: {}\n",
                "      match: {namespaces: ['*']}\n",
                "      match: {namespaces: [kube-system, kube-*], kinds: [unused-pvc, off-hours-schedule]}\n",
                "      match: {labels: {'reclaimer.io/exclude': '*'}}\n",
                "      match: {tags: {'reclaimer:exclude': 'true'}}\n",
                "      match: {expression: 'true'}\n",
                "      match: {expression: \"finding.namespace.startsWith('kube')\"}\n",
                "      match: {minMonthlyUsd: 0, minAge: 0s, minConfidence: 0}\n");
        Arbitrary<String> parameters = Arbitraries.of("",
                "      parameters: {graceDays: 0, snapshot: false}\n",
                "      parameters: {downsizeTo: target, limits: drop-cpu}\n",
                "      parameters: {scheduleWindow: 'Mon-Sun 00:00-24:00', timeZone: UTC}\n");
        return Combinators.combine(decision, match, parameters).as((d, m, p) ->
                m + "      decision: " + d + "\n" + (d.equals("approve") ? "      approvers: ['@x']\n" : "") + p);
    }

    @Provide
    Arbitrary<String> guardrailSpecs() {
        return Arbitraries.of(
                "  defaultDecision: dry-run\n",
                "  maxActionsPerHour: 100000\n  blastRadius: {maxCount: 100000, maxPercent: 100}\n  markForOp: {minGraceDays: 0}\n",
                "  protectedNamespaces: [kube-system, payments]\n  markForOp: {minGraceDays: 0, autoMark: true}\n",
                "  downsize: {maxStepPercent: 100, minCpu: 0, minMemory: 0}\n  blastRadius: {maxCount: 1000, maxPercent: 100}\n");
    }

    @Provide
    Arbitrary<Finding> protectedFindings() {
        Arbitrary<FindingKind> kinds = Arbitraries.of(FindingKind.class);
        Arbitrary<Integer> protection = Arbitraries.integers().between(0, 4);
        Arbitrary<String> namespace = Arbitraries.of("shop", "kube-system", "team-a", "default");
        Arbitrary<Double> usd = Arbitraries.doubles().between(0, 10_000);
        Arbitrary<Boolean> marked = Arbitraries.of(true, false);
        return Combinators.combine(kinds, protection, namespace, usd, marked).as((kind, how, ns, monthlyUsd, mark) -> {
            Fixtures.FindingBuilder b = Fixtures.finding(kind).monthlyUsd(monthlyUsd)
                    .evidence("cpuRequestCores", "4").evidence("cpuTargetCores", "1")
                    .evidence("memoryRequestBytes", "4294967296").evidence("memoryTargetBytes", "1073741824");
            if (mark) {
                b.annotation("reclaimer.io/marked-for-op", "2026-01-01T00:00:00Z")
                        .tag("reclaimer:marked-for-op", "2026-01-01T00:00:00Z");
            }
            return switch (how) {
                case 0 -> b.namespace("kube-system").build();
                case 1 -> b.namespace(ns).label("reclaimer.io/exclude", "true").build();
                case 2 -> b.namespace(ns).annotation("reclaimer.io/exclude", "true").build();
                case 3 -> b.aws("123456789012", "eu-west-1").tag("reclaimer:exclude", "true").build();
                default -> b.namespace("kube-node-lease").tag("reclaimer:exclude", "yes").build();
            };
        });
    }

    @Provide
    Arbitrary<EvaluationContext> contexts() {
        return Arbitraries.integers().between(0, 3).map(n -> EvaluationContext.at(NOW).withActionsLastHour(n));
    }
}
