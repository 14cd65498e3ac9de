package io.reclaimer.reports;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.labels.ReclaimerLabels;
import io.reclaimer.model.rightsizing.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A small fleet with known figures. Owners: payments-team (namespace prod/payments, team payments),
 * web-team (prod/shop, team web), netops (an Elastic IP tagged {@code reclaimer:owner-email}); prod/sandbox
 * has no owner. Fleet total $274.10/month; a week ago $285.50 (the shop downsize executed 2 days ago).
 */
final class ReportFixtures {

    static final Instant NOW = Instant.parse("2025-06-16T08:00:00Z");
    static final String PAYMENTS = "payments-team@example.com";
    static final String WEB = "web-team@example.com";
    static final String NETOPS = "netops@example.com";
    static final String FINOPS = "finops@example.com";

    private ReportFixtures() {
    }

    /** The fleet as of {@link #NOW}. */
    static ReportInputs fleet() {
        return fleet(NOW);
    }

    static List<NamespaceInfo> namespaces() {
        return namespaces(NOW);
    }

    static List<Recommendation> recommendations() {
        return recommendations(NOW);
    }

    static List<Finding> findings() {
        return findings(NOW);
    }

    static ActionRequest downsizeRequest() {
        return downsizeRequest(NOW);
    }

    /** The same fleet as of {@code now}: every time in it is relative to {@code now}. */
    static ReportInputs fleet(Instant now) {
        return new ReportInputs(recommendations(now), findings(now), namespaces(now), List.of(downsizeRequest(now)),
                List.of(new ActionResult("act-shop-1", ActionResult.Status.EXECUTED, "", Map.of("cpu", "2"),
                        Map.of("cpu", "1"), now.minus(Duration.ofDays(2)))));
    }

    static List<NamespaceInfo> namespaces(Instant now) {
        return List.of(
                namespace(now, "payments", Map.of("team", "payments"), Map.of(ReclaimerLabels.OWNER_EMAIL, PAYMENTS)),
                namespace(now, "shop", Map.of("team", "web"), Map.of(ReclaimerLabels.OWNER_EMAIL, WEB)),
                namespace(now, "sandbox", Map.of(), Map.of()));
    }

    static List<Recommendation> recommendations(Instant now) {
        return List.of(
                recommendation(now, "payments", "api", 2.0, 0.5, 4L << 30, 1L << 30, 120.00, 0.9),
                recommendation(now, "payments", "worker", 1.0, 0.25, 2L << 30, 1L << 30, 30.00, 0.6),
                recommendation(now, "shop", "frontend", 1.5, 0.5, 3L << 30, 1L << 30, 45.50, 0.8),
                recommendation(now, "sandbox", "toy", 0.5, 0.1, 1L << 30, 256L << 20, 10.00, 0.4),
                // under-provisioned: costs money, never reported as savings
                recommendation(now, "shop", "checkout", 0.1, 0.4, 256L << 20, 512L << 20, -12.00, 0.9));
    }

    static List<Finding> findings(Instant now) {
        return List.of(
                cloudFinding(now, FindingKind.UNATTACHED_VOLUME, "vol-0abc", "EbsVolume", 40.00, 20,
                        Map.of("team", "payments", "Name", "db-migration-scratch")),
                cloudFinding(now, FindingKind.UNASSOCIATED_ADDRESS, "eipalloc-1", "ElasticIp", 3.60, 3,
                        Map.of(ReclaimerLabels.OWNER_EMAIL_TAG, NETOPS)),
                new Finding(Finding.idFor(FindingKind.IDLE_NAMESPACE, "prod//Namespace/sandbox"), FindingKind.IDLE_NAMESPACE,
                        "prod//Namespace/sandbox", "Namespace", "sandbox", "kubernetes", "prod", "sandbox", "", "",
                        25.00, now.minus(Duration.ofDays(10)), now, 0.9, Map.of("idleDays", "10"), Map.of(), Map.of(), Map.of()),
                // counted through the recommendation of the same container, not twice
                new Finding(Finding.idFor(FindingKind.OVERPROVISIONED_CONTAINER, "prod/payments/Deployment/api/api"),
                        FindingKind.OVERPROVISIONED_CONTAINER, "prod/payments/Deployment/api/api", "Container", "api",
                        "kubernetes", "prod", "payments", "", "", 99.00, now.minus(Duration.ofDays(30)), now, 0.9,
                        Map.of(), Map.of(), Map.of(), Map.of()));
    }

    static ActionRequest downsizeRequest(Instant now) {
        return new ActionRequest("act-shop-1", ActionType.DOWNSIZE, "overprovisioned-container:prod/shop/Deployment/cart/cart",
                FindingKind.OVERPROVISIONED_CONTAINER, "prod/shop/Deployment/cart", "prod", "shop", "", "",
                Map.of("cpu", "2"), Map.of("cpu", "1"), 15.00, 0.9,
                new PolicyVerdict(PolicyVerdict.Outcome.AUTO, "rightsize", "auto-small", List.of(), List.of(), null, Map.of()),
                now.minus(Duration.ofDays(9)));
    }

    private static NamespaceInfo namespace(Instant now, String name, Map<String, String> labels, Map<String, String> annotations) {
        return new NamespaceInfo(ObjectRef.clusterScoped("prod", "Namespace", name), labels, annotations,
                now.minus(Duration.ofDays(100)), now);
    }

    private static Recommendation recommendation(Instant now, String namespace, String name, double cpuNow, double cpuTarget,
                                                 long memNow, long memTarget, double usd, double confidence) {
        return new Recommendation(new ContainerRef("prod", namespace, "Deployment", name, name), "vpa",
                new Recommendation.Cpu(cpuNow, cpuTarget, cpuTarget * 0.8, cpuTarget * 1.5),
                new Recommendation.Memory(memNow, memTarget, memTarget, memTarget * 2), confidence, usd, 2,
                usd < 0, usd < 0, false, 2016, now.minus(Duration.ofDays(30)), now, now, Map.of("app", name), Map.of());
    }

    private static Finding cloudFinding(Instant now, FindingKind kind, String id, String resourceKind, double usd, int days,
                                        Map<String, String> tags) {
        String key = CloudResourceRef.aws("123456789012", "eu-west-1", id).key();
        return new Finding(Finding.idFor(kind, key), kind, key, resourceKind, id, "aws", "", "", "123456789012",
                "eu-west-1", usd, now.minus(Duration.ofDays(days)), now, null, Map.of(), Map.of(), Map.of(), tags);
    }
}
