package io.reclaimer.actions.kubernetes;

import java.util.Arrays;
import java.util.List;

/**
 * Maps a Kubernetes API request (method and path) to the RBAC permission it needs, written as in a role's
 * rules: {@code verb resource} for the core group, {@code verb group/resource[/subresource]} otherwise. This is
 * the API server's own request-info rule: a GET of a named object is {@code get}, of a collection {@code list}
 * ({@code watch} with {@code ?watch=true}), POST {@code create}, PUT {@code update}, PATCH {@code patch},
 * DELETE {@code delete} (of a collection {@code deletecollection}).
 */
final class RbacRequests {

    private RbacRequests() {
    }

    static String permission(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> segments = Arrays.asList(path.substring(1).split("/"));
        String group;
        List<String> rest;
        if (segments.get(0).equals("api")) {
            group = "";
            rest = segments.subList(2, segments.size());
        } else if (segments.get(0).equals("apis")) {
            group = segments.get(1);
            rest = segments.subList(3, segments.size());
        } else {
            throw new IllegalArgumentException("not a Kubernetes resource path: " + pathAndQuery);
        }
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
        boolean named = rest.size() > 1;
        String verb = switch (method) {
            case "GET" -> named ? "get" : query.contains("watch=true") || query.contains("watch=1") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no RBAC verb for " + method + " " + pathAndQuery);
        };
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
    }
}
