package io.reclaimer.actions.revert;

import io.reclaimer.actions.ledger.ActionLedger;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult.Status;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.gitops.GitOpsOwner;
import java.util.Optional;

/** The memory of reverts: a change someone undid is not made again to the same finding. */
public final class Reverts {

    private Reverts() {
    }

    /**
     * Why {@code planned} must not be proposed: a change of the same type to the same finding was reverted
     * (whatever its values: a new recommendation would be undone the same way). Empty when nothing was reverted.
     */
    public static Optional<String> blocking(ActionLedger ledger, Finding finding, ActionRequest planned) {
        for (ActionRecord record : ledger.forFinding(finding.id())) {
            if (record.phase() == Phase.REVERTED && record.request().type() == planned.type()) {
                GitOpsOwner owner = GitOpsOwner.of(finding);
                String at = record.last(Status.REVERTED).map(r -> r.at().toString()).orElse("?");
                return Optional.of(record.request().type().name().toLowerCase(java.util.Locale.ROOT) + " "
                        + record.actionId() + " was reverted at " + at + (owner.managed() ? " (the workload is managed "
                        + "by " + owner.describe() + ", whose sync undoes live changes)" : "") + ": not re-applied, to "
                        + "avoid a fight; change it in Git (reclaimer gitops patch, or actions.gitops for pull requests)");
            }
        }
        return Optional.empty();
    }
}
