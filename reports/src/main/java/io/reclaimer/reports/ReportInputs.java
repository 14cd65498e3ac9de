package io.reclaimer.reports;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.rightsizing.Recommendation;
import java.util.List;

/**
 * The current state the report is made from: what the compacted topics hold right now. Action results are
 * the latest result per action id, requests the request per action id (for its price and location).
 */
record ReportInputs(List<Recommendation> recommendations, List<Finding> findings,
                           List<NamespaceInfo> namespaces, List<ActionRequest> actionRequests,
                           List<ActionResult> actionResults) {

    ReportInputs {
        recommendations = List.copyOf(recommendations);
        findings = List.copyOf(findings);
        namespaces = List.copyOf(namespaces);
        actionRequests = List.copyOf(actionRequests);
        actionResults = List.copyOf(actionResults);
    }
}
