package io.reclaimer.reports;

import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns what. An owner is an e-mail address found, in this order, on the item itself (label,
 * annotation or cloud tag {@value ReclaimerLabels#OWNER_EMAIL}, or the AWS-style tag
 * {@value ReclaimerLabels#OWNER_EMAIL_TAG}), on its namespace, or on any namespace of the same team (so a volume tagged {@code team=payments} reaches the
 * owner of the payments namespaces). A team is the {@code team} (or {@value ReclaimerLabels#TEAM}) label or tag.
 */
final class OwnerRouting {

    private static final List<String> OWNER_KEYS = List.of(ReclaimerLabels.OWNER_EMAIL, ReclaimerLabels.OWNER_EMAIL_TAG);
    private static final List<String> TEAM_KEYS = List.of(ReclaimerLabels.TEAM, "team", ReclaimerLabels.TEAM_TAG);

    private final Map<String, NamespaceInfo> namespaces = new HashMap<>();
    private final Map<String, String> ownerByTeam = new HashMap<>();

    public OwnerRouting(List<NamespaceInfo> namespaceInfos) {
        for (NamespaceInfo ns : namespaceInfos) {
            namespaces.put(key(ns.ref().cluster(), ns.ref().name()), ns);
            Optional<String> team = first(TEAM_KEYS, ns.labels(), ns.annotations());
            Optional<String> owner = first(OWNER_KEYS, ns.annotations(), ns.labels());
            if (team.isPresent() && owner.isPresent()) {
                ownerByTeam.putIfAbsent(team.get(), owner.get());
            }
        }
    }

    /** The group an item is reported under: its team, else its namespace, else its cloud account and region. */
    public String group(String cluster, String namespace, String account, String region, List<Map<String, String>> metadata) {
        Optional<String> team = first(TEAM_KEYS, metadata);
        if (team.isEmpty()) {
            team = namespaceInfo(cluster, namespace).flatMap(ns -> first(TEAM_KEYS, ns.labels(), ns.annotations()));
        }
        if (team.isPresent()) {
            return "team " + team.get();
        }
        if (!namespace.isEmpty()) {
            return "namespace " + cluster + "/" + namespace;
        }
        if (!account.isEmpty()) {
            return "account " + account + (region.isEmpty() ? "" : " " + region);
        }
        return cluster.isEmpty() ? "unassigned" : "cluster " + cluster;
    }

    /** The owner's address, if anything says who it is. */
    public Optional<String> owner(String cluster, String namespace, List<Map<String, String>> metadata) {
        Optional<String> owner = first(OWNER_KEYS, metadata);
        Optional<NamespaceInfo> ns = namespaceInfo(cluster, namespace);
        if (owner.isEmpty() && ns.isPresent()) {
            owner = first(OWNER_KEYS, ns.get().annotations(), ns.get().labels());
        }
        if (owner.isEmpty()) {
            Optional<String> team = first(TEAM_KEYS, metadata);
            if (team.isEmpty() && ns.isPresent()) {
                team = first(TEAM_KEYS, ns.get().labels(), ns.get().annotations());
            }
            owner = team.map(ownerByTeam::get);
        }
        return owner.map(String::trim).filter(s -> !s.isEmpty());
    }

    private Optional<NamespaceInfo> namespaceInfo(String cluster, String namespace) {
        return namespace.isEmpty() ? Optional.empty() : Optional.ofNullable(namespaces.get(key(cluster, namespace)));
    }

    @SafeVarargs
    private static Optional<String> first(List<String> keys, Map<String, String>... maps) {
        return first(keys, List.of(maps));
    }

    private static Optional<String> first(List<String> keys, List<Map<String, String>> maps) {
        for (Map<String, String> map : maps) {
            for (String key : keys) {
                String value = map.get(key);
                if (value != null && !value.isBlank()) {
                    return Optional.of(value.trim());
                }
            }
        }
        return Optional.empty();
    }

    private static String key(String cluster, String namespace) {
        return cluster + '/' + namespace;
    }
}
