package io.reclaimer.actions.permit;

import static io.reclaimer.actions.support.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.Permit.Kind;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.actions.flow.GateDecision;
import io.reclaimer.actions.permit.ExecutionPermit.Grant;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision function of the execution-time gate, over every combination of its inputs, against an oracle
 * written from the rule in docs/actions.md ("When is a change allowed") rather than from the code.
 */
class ExecutionPermitTest {

    enum Feed { CURRENT, CURRENT_OPTED_OUT, RESOLVED, NOT_READ_YET }

    enum Observed { NOT_YET, PLAIN, OPTED_OUT, OPTED_BACK_IN }

    private static Finding finding(boolean optedOut) {
        return new Finding("unattached-volume:aws/1/eu-west-1/vol-1", FindingKind.UNATTACHED_VOLUME, "aws/1/eu-west-1/vol-1",
                "EbsVolume", "vol-1", "aws", "", "", "1", "eu-west-1", 8, T0.minus(Duration.ofDays(30)), T0, null, Map.of(),
                Map.of(), Map.of(), optedOut ? Map.of("reclaimer:exclude", "true", "team", "web") : Map.of("team", "web"));
    }

    private static FindingState state(Feed feed) {
        return switch (feed) {
            case CURRENT -> new FindingState.Known(finding(false));
            case CURRENT_OPTED_OUT -> new FindingState.Known(finding(true));
            case RESOLVED -> new FindingState.Resolved(Optional.of(finding(false)));
            case NOT_READ_YET -> new FindingState.Unknown("the findings feed is still reading the findings topic");
        };
    }

    private static Optional<TargetFacts> facts(Observed observed) {
        return switch (observed) {
            case NOT_YET -> Optional.empty();
            case PLAIN -> Optional.of(TargetFacts.tags(Map.of("team", "web")));
            case OPTED_OUT -> Optional.of(TargetFacts.tags(Map.of("reclaimer:exclude", "yes")));
            case OPTED_BACK_IN -> Optional.of(TargetFacts.tags(Map.of("reclaimer:exclude", "false")));
        };
    }

    private static PolicyVerdict verdict(Outcome outcome) {
        return new PolicyVerdict(outcome, "volumes", "orphans", List.of("policy 'volumes' rule 'orphans' selects it: "
                + outcome.name().toLowerCase()), List.of(), null, Map.of());
    }

    static Stream<Arguments> everyCombination() {
        List<Arguments> all = new ArrayList<>();
        for (Grant grant : Grant.values()) {
            for (boolean sameAction : new boolean[] {true, false}) {
                for (boolean dryRun : new boolean[] {false, true}) {
                    for (Feed feed : Feed.values()) {
                        for (Observed observed : Observed.values()) {
                            for (Outcome outcome : Outcome.values()) {
                                for (boolean frozen : new boolean[] {false, true}) {
                                    all.add(Arguments.of(grant, sameAction, dryRun, feed, observed, outcome, frozen));
                                }
                            }
                        }
                    }
                }
            }
        }
        return all.stream();
    }

    /** The rule, as the docs state it: withdraw reasons first, in this order, then holds, then go. */
    private static Kind oracle(Grant grant, boolean sameAction, boolean dryRun, Feed feed, Observed observed,
                               Outcome outcome, boolean frozen) {
        if (dryRun) {
            return Kind.WITHDRAW;
        }
        if (feed == Feed.NOT_READ_YET) {
            return observed == Observed.OPTED_OUT ? Kind.WITHDRAW : Kind.HOLD;
        }
        if (feed == Feed.RESOLVED) {
            return Kind.WITHDRAW;
        }
        boolean optedOut = observed == Observed.OPTED_OUT
                || feed == Feed.CURRENT_OPTED_OUT && observed != Observed.OPTED_BACK_IN;
        if (optedOut || !sameAction) {
            return Kind.WITHDRAW;
        }
        boolean allowed = outcome == Outcome.AUTO || grant == Grant.APPROVAL && outcome == Outcome.APPROVE;
        if (!allowed) {
            return Kind.WITHDRAW;
        }
        return frozen ? Kind.HOLD : Kind.PROCEED;
    }

    @ParameterizedTest(name = "{0} {1} dryRun={2} {3} {4} {5} frozen={6}")
    @MethodSource("everyCombination")
    void aChangeGoesAheadOnlyWhenEverythingAllowsItAtThatInstant(Grant grant, boolean sameAction, boolean dryRun, Feed feed,
                                                                Observed observed, Outcome outcome, boolean frozen) {
        FindingState state = state(feed);
        Judgement judgement = state instanceof FindingState.Known known ? Judgement.of(new GateDecision(known.finding(),
                sameAction ? ActionType.DELETE : ActionType.MARK_FOR_OP, verdict(outcome))) : Judgement.NONE;

        Permit permit = ExecutionPermit.change(grant, ActionType.DELETE, dryRun, state, facts(observed), judgement,
                frozen ? Optional.of("change freeze 'year-end' is active") : Optional.empty());

        assertThat(permit.kind()).isEqualTo(oracle(grant, sameAction, dryRun, feed, observed, outcome, frozen));
        if (permit.withdrawn()) {
            assertThat(permit.reason()).as("a withdrawal says why").isNotBlank();
            assertThat(permit.rule()).as("and which rule").isNotBlank();
        }
    }

    @Test
    void aWithdrawalNamesTheCheckAndTheRule() {
        FindingState current = new FindingState.Known(finding(false));
        Judgement denied = Judgement.of(new GateDecision(finding(false), ActionType.DELETE, new PolicyVerdict(Outcome.DENY,
                "volumes", "orphans", List.of("policy 'volumes' rule 'orphans' selects this unattached-volume: auto",
                "guardrail protected-namespace blocked: namespace 'kube-system' is protected (pattern 'kube-*')",
                "guardrail opt-out held: no reclaimer.io/exclude label/annotation or reclaimer:exclude tag"), List.of(), null,
                Map.of())));

        assertThat(ExecutionPermit.change(Grant.AUTO, ActionType.DELETE, true, current, Optional.empty(), denied,
                Optional.empty())).isEqualTo(Permit.withdraw("actions.dryRun is on: Reclaimer executes nothing",
                "actions.dryRun"));
        assertThat(ExecutionPermit.change(Grant.AUTO, ActionType.DELETE, false, current, Optional.empty(), denied,
                Optional.empty())).isEqualTo(Permit.withdraw("the policy now says deny: namespace 'kube-system' is "
                + "protected (pattern 'kube-*')", "guardrail protected-namespace"));
        assertThat(ExecutionPermit.change(Grant.AUTO, ActionType.DELETE, false, current,
                Optional.of(TargetFacts.kubernetes(Map.of("reclaimer.io/exclude", "true"), Map.of())), denied,
                Optional.empty())).isEqualTo(Permit.withdraw("the target opted out with label reclaimer.io/exclude=true",
                "guardrail opt-out"));
        assertThat(ExecutionPermit.change(Grant.AUTO, ActionType.DELETE, false, current, Optional.empty(),
                Judgement.of(new GateDecision(finding(false), ActionType.DELETE, verdict(Outcome.APPROVE))), Optional.empty()))
                .isEqualTo(Permit.withdraw("the policy now says approve (a person must approve it): policy 'volumes' "
                        + "rule 'orphans' selects it: approve", "volumes/orphans"));
        assertThat(ExecutionPermit.change(Grant.APPROVAL, ActionType.DELETE, false, new FindingState.Resolved(Optional.empty()),
                Optional.empty(), Judgement.NONE, Optional.empty()).rule()).isEqualTo("finding-resolved");
        assertThat(ExecutionPermit.change(Grant.APPROVAL, ActionType.DELETE, false, current, Optional.empty(),
                Judgement.failed("CEL exploded"), Optional.empty()))
                .isEqualTo(Permit.hold("the policy could not judge the finding: CEL exploded"));
    }

    @Test
    void automaticRestoresWaitForDryRunOptOutProtectedScopesAndFreezesAndAreNeverWithdrawn() {
        for (int mask = 0; mask < 16; mask++) {
            boolean dryRun = (mask & 1) != 0;
            Optional<String> optOut = (mask & 2) != 0 ? Optional.of("tag reclaimer:exclude=true") : Optional.empty();
            Optional<String> protectedScope = (mask & 4) != 0 ? Optional.of("namespace 'kube-system' is protected")
                    : Optional.empty();
            Optional<String> freeze = (mask & 8) != 0 ? Optional.of("change freeze 'year-end' is active") : Optional.empty();

            Permit permit = ExecutionPermit.automaticRestore(dryRun, optOut, protectedScope, freeze);

            assertThat(permit.kind()).as("mask %d", mask).isEqualTo(mask == 0 ? Kind.PROCEED : Kind.HOLD);
            Permit persons = ExecutionPermit.personsRollback("cli:alice", dryRun, optOut, protectedScope, freeze);
            assertThat(persons.kind()).as("a person's rollback, mask %d", mask).isEqualTo(Kind.PROCEED);
            assertThat(persons.reason().isEmpty()).as("the note names what it overrides, mask %d", mask).isEqualTo(mask == 0);
        }
        assertThat(ExecutionPermit.personsRollback("slack:U0ALICE", false, Optional.empty(), Optional.empty(),
                Optional.of("change freeze 'year-end' is active")).reason())
                .isEqualTo("slack:U0ALICE rolls back although change freeze 'year-end' is active: a person's rollback "
                        + "restores what Reclaimer changed");
    }

    @Test
    void theObservedFactsOverlayWhatTheFeedSaw() {
        Finding overlaid = ExecutionPermit.overlay(finding(true), Optional.of(new TargetFacts(Map.of("app", "web"),
                Map.of("note", "x"), Map.of("reclaimer:exclude", "false"))));
        assertThat(overlaid.tags()).containsEntry("reclaimer:exclude", "false").containsEntry("team", "web");
        assertThat(overlaid.labels()).containsEntry("app", "web");
        assertThat(overlaid.annotations()).containsEntry("note", "x");
        assertThat(ExecutionPermit.overlay(finding(true), Optional.empty())).isEqualTo(finding(true));
    }
}
