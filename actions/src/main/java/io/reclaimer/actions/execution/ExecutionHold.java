package io.reclaimer.actions.execution;

import java.time.Instant;
import java.util.Optional;

/** A reason to hold approved actions for now (change freeze, hourly cap), asked right before each one runs. */
@FunctionalInterface
public interface ExecutionHold {

    ExecutionHold NEVER = now -> Optional.empty();

    Optional<String> reason(Instant now);
}
