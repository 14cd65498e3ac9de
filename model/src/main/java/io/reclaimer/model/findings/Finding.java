package io.reclaimer.model.findings;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.serde.AddedLater;
import java.time.Instant;
import java.util.Map;

/**
 * One piece of waste, priced. {@code id} is stable for the same kind and resource ({@code kind:resourceKey})
 * so re-detections update instead of duplicate; a tombstone on the compacted findings topic resolves it.
 * {@code resource} is the resource's key ({@code aws/account/region/id}, {@code cluster/namespace/Kind/name}
 * or a container key). {@code since} is when the waste started (volume detached, EIP disassociated...),
 * {@code evidence} the facts that justify the finding, readable by policies and humans alike. Labels,
 * annotations and tags are the resource's own, copied so policies can select on them. {@code identity} is
 * exactly which object was priced (its unique id, account, uid), what an action on the finding must find
 * before it changes anything; null on findings published before identities were recorded.
 */
@JsonTypeName("finding/v1")
public record Finding(String id, FindingKind kind, String resource, String resourceKind, String resourceName,
                      String provider, String cluster, String namespace, String account, String region,
                      double monthlyUsd, Instant since, Instant observedAt, Double confidence,
                      Map<String, String> evidence, Map<String, String> labels, Map<String, String> annotations,
                      Map<String, String> tags,
                      @AddedLater("issue 13: the identity of the priced object") TargetIdentity identity)
        implements Event {

    /** A finding without a recorded identity. */
    public Finding(String id, FindingKind kind, String resource, String resourceKind, String resourceName,
                   String provider, String cluster, String namespace, String account, String region, double monthlyUsd,
                   Instant since, Instant observedAt, Double confidence, Map<String, String> evidence,
                   Map<String, String> labels, Map<String, String> annotations, Map<String, String> tags) {
        this(id, kind, resource, resourceKind, resourceName, provider, cluster, namespace, account, region, monthlyUsd,
                since, observedAt, confidence, evidence, labels, annotations, tags, null);
    }

    public Finding {
        Require.text(id, "id");
        Require.present(kind, "kind");
        Require.text(resource, "resource");
        Require.text(resourceKind, "resourceKind");
        Require.text(resourceName, "resourceName");
        Require.text(provider, "provider");
        cluster = cluster == null ? "" : cluster;
        namespace = namespace == null ? "" : namespace;
        account = account == null ? "" : account;
        region = region == null ? "" : region;
        Require.nonNegative(monthlyUsd, "monthlyUsd");
        Require.present(since, "since");
        Require.present(observedAt, "observedAt");
        if (confidence != null) {
            Require.fraction(confidence, "confidence");
        }
        evidence = Require.map(evidence, "evidence");
        labels = Require.map(labels, "labels");
        annotations = Require.map(annotations, "annotations");
        tags = Require.map(tags, "tags");
    }

    /** The same finding with other times and price (the tracker's view of one resource over time). */
    public Finding withTimes(Instant newSince, Instant newObservedAt, double newMonthlyUsd) {
        return new Finding(id, kind, resource, resourceKind, resourceName, provider, cluster, namespace, account, region,
                newMonthlyUsd, newSince, newObservedAt, confidence, evidence, labels, annotations, tags, identity);
    }

    /** The same finding, of exactly this object. */
    public Finding withIdentity(TargetIdentity target) {
        return new Finding(id, kind, resource, resourceKind, resourceName, provider, cluster, namespace, account, region,
                monthlyUsd, since, observedAt, confidence, evidence, labels, annotations, tags, target);
    }

    public static String idFor(FindingKind kind, String resourceKey) {
        return kind.wireName() + ':' + resourceKey;
    }
}
