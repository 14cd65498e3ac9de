package io.reclaimer.actions.permit;

import io.reclaimer.model.findings.Finding;
import java.util.Optional;

/** What the service knows of a finding right now, from the compacted findings topic. */
public sealed interface FindingState {

    /** The finding's latest value. */
    record Known(Finding finding) implements FindingState {
    }

    /** A tombstone resolved it (or it is not on the topic any more); {@code last} is its last value when still known. */
    record Resolved(Optional<Finding> last) implements FindingState {
    }

    /** The feed has not read the topic to its end yet: nothing may be decided on it. */
    record Unknown(String why) implements FindingState {
    }
}
