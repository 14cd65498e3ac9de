package io.reclaimer.collectors.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CRUD mock server answers a list with every object at once; a real API server pages it
 * ({@code limit} / {@code continue}), serving the continuation pages from the snapshot the first page was
 * cut from. This dispatcher does the same, so a benchmark of a large cluster sees the responses a real one
 * would send.
 */
final class PaginatingCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Snapshot(ObjectNode list, ArrayNode items) {
    }

    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final AtomicInteger pages = new AtomicInteger();

    int pagesServed() {
        return pages.get();
    }

    @Override
    public MockResponse handleGet(String path) {
        int query = path.indexOf('?');
        if (query < 0 || path.contains("watch=true")) {
            return super.handleGet(path);
        }
        Integer limit = null;
        String token = null;
        List<String> kept = new ArrayList<>();
        for (String param : path.substring(query + 1).split("&")) {
            if (param.startsWith("limit=")) {
                limit = Integer.parseInt(param.substring(6));
            } else if (param.startsWith("continue=")) {
                token = java.net.URLDecoder.decode(param.substring(9), java.nio.charset.StandardCharsets.UTF_8);
            } else {
                kept.add(param);
            }
        }
        if (limit == null) {
            return super.handleGet(path);
        }
        try {
            Snapshot snapshot;
            int offset = 0;
            if (token == null) {
                MockResponse response = super.handleGet(path.substring(0, query)
                        + (kept.isEmpty() ? "" : "?" + String.join("&", kept)));
                if (response.code() != 200) {
                    return response;
                }
                ObjectNode list = (ObjectNode) JSON.readTree(response.getBody().getBytes());
                if (!list.has("items")) {
                    return response;
                }
                snapshot = new Snapshot(list, (ArrayNode) list.get("items"));
                token = UUID.randomUUID().toString();
            } else {
                int colon = token.lastIndexOf('.');
                offset = Integer.parseInt(token.substring(colon + 1));
                token = token.substring(0, colon);
                snapshot = snapshots.get(token);
                if (snapshot == null) {
                    return new MockResponse().setResponseCode(410).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                            + "\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410}");
                }
            }
            ArrayNode page = JSON.createArrayNode();
            for (int i = offset; i < Math.min(snapshot.items().size(), offset + limit); i++) {
                page.add(snapshot.items().get(i));
            }
            ObjectNode answer = snapshot.list().deepCopy().without("items");
            answer.set("items", page);
            if (offset + limit < snapshot.items().size()) {
                snapshots.put(token, snapshot);
                answer.with("metadata").put("continue", token + "." + (offset + limit));
            } else {
                snapshots.remove(token);
            }
            pages.incrementAndGet();
            return new MockResponse().setResponseCode(200).setBody(JSON.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
