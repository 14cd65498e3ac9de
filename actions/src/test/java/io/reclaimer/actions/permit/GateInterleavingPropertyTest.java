package io.reclaimer.actions.permit;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.permit.InterleavingWorld.Approve;
import io.reclaimer.actions.permit.InterleavingWorld.Crash;
import io.reclaimer.actions.permit.InterleavingWorld.DryRun;
import io.reclaimer.actions.permit.InterleavingWorld.Evaluate;
import io.reclaimer.actions.permit.InterleavingWorld.Freeze;
import io.reclaimer.actions.permit.InterleavingWorld.Protect;
import io.reclaimer.actions.permit.InterleavingWorld.Publish;
import io.reclaimer.actions.permit.InterleavingWorld.Resolve;
import io.reclaimer.actions.permit.InterleavingWorld.Restart;
import io.reclaimer.actions.permit.InterleavingWorld.SetPolicy;
import io.reclaimer.actions.permit.InterleavingWorld.Step;
import io.reclaimer.actions.permit.InterleavingWorld.Tag;
import io.reclaimer.actions.permit.InterleavingWorld.Tick;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random interleavings of findings, policy changes, tag changes on the targets, approvals, dry-run flips,
 * freezes and crashes (a restart rebuilds everything from the journal) against the real flow, engine and
 * execution-time gate, with a fake world that records every side effect with the world as it is at that
 * instant. Property: no side effect ever reaches a target that, at that instant, is protected, opted out,
 * denied (or not approved where the policy asks for approval), resolved, dry-run or frozen; every request
 * still allowed once the world settles is executed, and exactly once, crashes included.
 */
class GateInterleavingPropertyTest {

    @Provide
    Arbitrary<List<Step>> interleavings() {
        Arbitrary<Integer> target = Arbitraries.integers().between(0, InterleavingWorld.TARGETS - 1);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(5, target.<Step>map(Publish::new)),
                Tuple.of(1, target.<Step>map(Resolve::new)),
                Tuple.of(3, Combinators.combine(target, Arbitraries.of(Outcome.class)).as((t, o) -> (Step) new SetPolicy(t, o))),
                Tuple.of(1, Combinators.combine(target, flag).as((t, on) -> (Step) new Protect(t, on))),
                Tuple.of(2, Combinators.combine(target, flag).as((t, on) -> (Step) new Tag(t, on))),
                Tuple.of(2, Arbitraries.integers().between(0, 5).<Step>map(Approve::new)),
                Tuple.of(1, flag.<Step>map(DryRun::new)),
                Tuple.of(1, flag.<Step>map(Freeze::new)),
                Tuple.of(1, Arbitraries.<Step>just(new Evaluate())),
                Tuple.of(5, Arbitraries.<Step>just(new Tick())),
                Tuple.of(1, flag.<Step>map(Crash::new)),
                Tuple.of(1, Arbitraries.<Step>just(new Restart())));
        return step.list().ofMinSize(4).ofMaxSize(40);
    }

    @Property(tries = 400)
    void noSideEffectReachesATargetThatIsNotAllowedAtThatInstantAndEveryAllowedOneHappensOnce(
            @ForAll("interleavings") List<Step> steps) {
        InterleavingWorld world = new InterleavingWorld();
        try {
            steps.forEach(world::apply);
            world.settle();
        } finally {
            world.close();
        }
        Statistics.label("side effects").collect(Math.min(world.effects.size(), 3));
        Statistics.label("withdrawn").collect(world.ledger.all().stream().anyMatch(r -> r.phase() == Phase.WITHDRAWN));
        assertThat(world.effects).as("side effects the world did not allow at their instant, after %s", steps)
                .allSatisfy(e -> assertThat(e.forbidden()).as(e.toString()).isEmpty());
        world.assertExactlyOnce(steps);
    }
}
