package io.reclaimer.actions.execution;

import io.reclaimer.actions.ledger.ActionRecord;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A rollback someone asked for and waits on (the CLI, an approver): queued on the engine's one thread like every
 * other execution, so it never races one on the same target, and awaited with a bound, so a stuck API ends the wait
 * with a message instead of hanging the caller.
 */
public final class RollbackOnCaller {

    static final Duration PATIENCE = Duration.ofMinutes(10);

    private RollbackOnCaller() {
    }

    /** Rolls {@code actionId} back as {@code actor} and returns the record it ended in; what failed it is rethrown. */
    public static ActionRecord run(ExecutionEngine engine, String actionId, String actor) {
        try {
            return engine.submitRollback(actionId, actor).get(PATIENCE.toMinutes(), TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the rollback of " + actionId + " did not finish in 10 minutes", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
