package io.reclaimer.actions.support;

import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ExecutionGuard;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.actions.ledger.ActionRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Execution-time gates for tests of other concerns (the exactly-once protocol, Slack's plumbing): they judge
 * no policy. Tests of the gate itself use {@code permit.ExecutionGate}.
 */
public final class Guards {

    private Guards() {
    }

    /** Lets everything through. */
    public static ExecutionGuard allowAll() {
        return holding(Optional::empty);
    }

    /** Holds every side effect while {@code hold} answers a reason (a freeze), lets everything through otherwise. */
    public static ExecutionGuard holding(Supplier<Optional<String>> hold) {
        return new ExecutionGuard() {
            private Permit now() {
                return hold.get().map(Permit::hold).orElse(Permit.proceed());
            }

            @Override
            public Permit beforeCheck(ActionRecord record, Instant now) {
                return now();
            }

            @Override
            public Permit afterCheck(ActionRecord record, Check check, Instant now) {
                return now();
            }

            @Override
            public Permit standing(ActionRecord record, Instant now) {
                return Permit.proceed();
            }

            @Override
            public Permit beforeRestore(ActionRecord record, String actor, Instant now) {
                return now();
            }

            @Override
            public Permit afterRestoreCheck(ActionRecord record, String actor, Check check, Instant now) {
                return now();
            }

            @Override
            public Permit sleep(ActionRecord schedule, TargetFacts namespace, Instant now) {
                return now();
            }

            @Override
            public Permit wake(ActionRecord schedule, TargetFacts namespace, Instant now) {
                return now();
            }
        };
    }
}
