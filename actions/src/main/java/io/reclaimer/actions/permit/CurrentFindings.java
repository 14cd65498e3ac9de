package io.reclaimer.actions.permit;

/** Where the execution-time gate reads the current state of a finding. */
@FunctionalInterface
public interface CurrentFindings {

    /** For a process that reads no findings (the rollback command): nothing automatic may proceed on them. */
    CurrentFindings NONE = id -> new FindingState.Unknown("this process reads no findings");

    FindingState state(String findingId);
}
