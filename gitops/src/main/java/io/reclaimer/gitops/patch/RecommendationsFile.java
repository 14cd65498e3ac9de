package io.reclaimer.gitops.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads recommendations in the two shapes Reclaimer writes: the array of {@code reclaimer rightsize --format json}
 * and the {@code recommendations} array of {@code reclaimer demo --report}. Each element has {@code cluster},
 * {@code namespace}, {@code workload} ({@code name} or {@code Kind/name}), {@code container}, {@code cpu} and
 * {@code memory} with {@code request}, {@code target} and {@code upperBound}; the report adds
 * {@code hpaScalesOnCpu} and, since the GitOps owner exists, {@code gitops} and {@code annotations}.
 */
public final class RecommendationsFile {

    /** Which recommended value the requests become. */
    public enum Aim { TARGET, UPPER_BOUND }

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecommendationsFile() {
    }

    public static List<ContainerChange> read(Path file, Aim aim) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage());
        }
        JsonNode array = root != null && root.isObject() ? root.get("recommendations") : root;
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException(file + ": expected an array of recommendations (rightsize --format json) "
                    + "or an object with a 'recommendations' array (demo --report)");
        }
        List<ContainerChange> changes = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            changes.add(change(file, i, array.get(i), aim));
        }
        return changes;
    }

    private static ContainerChange change(Path file, int index, JsonNode node, Aim aim) {
        String where = file + ": recommendations[" + index + "]";
        String workload = text(node, "workload", where);
        String kind = "";
        String name = workload;
        int slash = workload.indexOf('/');
        if (slash >= 0) {
            kind = workload.substring(0, slash);
            name = workload.substring(slash + 1);
        }
        if ("Workload".equals(kind)) {
            kind = ""; // the offline command's kind for a workload named without one
        }
        String field = aim == Aim.TARGET ? "target" : "upperBound";
        List<String> notes = new ArrayList<>();
        BigDecimal cpu = number(node.path("cpu").get(field));
        BigDecimal memory = number(node.path("memory").get(field));
        if (node.path("hpaScalesOnCpu").asBoolean(false) && cpu != null) {
            notes.add("CPU left alone: an HPA scales on CPU, and a new request moves its utilisation target "
                    + "(change both together by hand)");
            cpu = null;
        }
        if (cpu != null && cpu.compareTo(BigDecimal.valueOf(1e6)) >= 0) {
            cpu = null; // an unbounded upper bound
        }
        Map<String, String> annotations = new HashMap<>();
        node.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new ContainerChange(node.path("cluster").asText(""), node.path("namespace").asText(""), kind, name,
                text(node, "container", where), cpu, memory, annotations, notes);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a non-blank string");
        }
        return value.asText();
    }

    private static BigDecimal number(JsonNode value) {
        return value == null || !value.isNumber() ? null : value.decimalValue();
    }
}
