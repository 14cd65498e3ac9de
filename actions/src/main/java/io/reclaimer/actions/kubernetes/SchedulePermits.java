package io.reclaimer.actions.kubernetes;

import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.TargetFacts;

/**
 * The execution-time gate's say on one scheduled transition of a namespace, judged on the namespace's
 * labels and annotations as just read. A sleep takes capacity away and is judged like an execution; a wake
 * gives it back and waits only for what stops Reclaimer from acting on its own (dry-run, opt-out, freeze).
 */
interface SchedulePermits {

    /** For a transition an execution's own permit already covers (the first sleep when the schedule is installed). */
    SchedulePermits GRANTED = new SchedulePermits() {
        @Override
        public Permit sleep(TargetFacts namespace) {
            return Permit.proceed();
        }

        @Override
        public Permit wake(TargetFacts namespace) {
            return Permit.proceed();
        }
    };

    Permit sleep(TargetFacts namespace);

    Permit wake(TargetFacts namespace);
}
