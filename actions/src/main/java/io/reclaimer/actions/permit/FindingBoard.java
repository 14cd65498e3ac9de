package io.reclaimer.actions.permit;

import io.reclaimer.model.findings.Finding;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current findings as the feed reads them, shared with the execution thread and the Slack endpoint:
 * the feed writes, everyone else reads. Until the feed has read the topic to its end every finding is
 * {@link FindingState.Unknown}: an absent finding may only not have been read yet. Afterwards, absent means
 * resolved, with the last value when this process saw it.
 */
public final class FindingBoard implements CurrentFindings {

    private final Map<String, Finding> current = new ConcurrentHashMap<>();
    private final Map<String, Finding> resolved = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public void put(Finding finding) {
        current.put(finding.id(), finding);
        resolved.remove(finding.id());
    }

    public void resolve(String findingId) {
        Finding last = current.remove(findingId);
        if (last != null) {
            resolved.put(findingId, last);
        }
    }

    /** The feed has read every finding that existed at start-up. */
    public void caughtUp() {
        caughtUp = true;
    }

    @Override
    public FindingState state(String findingId) {
        Finding finding = current.get(findingId);
        if (finding != null) {
            return new FindingState.Known(finding);
        }
        if (!caughtUp) {
            return new FindingState.Unknown("the findings feed is still reading the findings topic");
        }
        return new FindingState.Resolved(Optional.ofNullable(resolved.get(findingId)));
    }
}
