package io.reclaimer.actions.execution;

/**
 * The gate, asked again by an executor right before the irreversible step of a change that takes long (a
 * volume's delete after an hour-long snapshot): the policy, the opt-out, the freeze and dry-run are judged on
 * what the executor has just observed. Throws when the change may no longer go on; the engine then holds the
 * action (resumed on a later tick, the work done so far reused) or withdraws it.
 */
@FunctionalInterface
public interface Confirmation {

    /** For callers that judged everything already (tests of one executor). */
    Confirmation NONE = observed -> { };

    void confirm(Check observed) throws NotPermittedException;
}
