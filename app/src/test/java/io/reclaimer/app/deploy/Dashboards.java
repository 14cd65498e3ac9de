package io.reclaimer.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The Grafana dashboards of dashboards/*.json, their panels and their PromQL. */
final class Dashboards {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");

    /** One query of one panel (or of a template variable). */
    record Query(String dashboard, String panel, String expr) {
    }

    private Dashboards() {
    }

    static Map<String, JsonNode> load(Path root) {
        Map<String, JsonNode> dashboards = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve("dashboards"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dashboards;
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Every panel target's expr, and every query variable's query as PromQL. */
    static List<Query> queries(Map<String, JsonNode> dashboards) {
        List<Query> queries = new ArrayList<>();
        dashboards.forEach((file, dashboard) -> {
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("expr")) {
                        queries.add(new Query(file, panel.path("title").asText(), target.path("expr").asText()));
                    }
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if ("query".equals(variable.path("type").asText())) {
                    JsonNode query = variable.path("query");
                    String text = query.isTextual() ? query.asText() : query.path("query").asText();
                    Matcher m = LABEL_VALUES.matcher(text);
                    queries.add(new Query(file, "variable " + variable.path("name").asText(),
                            m.matches() ? m.group(1) : text));
                }
            }
        });
        return queries;
    }

    /** The expression as Grafana sends it with "All" selected in every variable. */
    static String substitute(String expr) {
        return expr.replace("${cluster}", ".*").replace("$cluster", ".*")
                .replace("${namespace}", ".*").replace("$namespace", ".*")
                .replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m");
    }

    /** Metric names an expression uses (identifiers followed by a selector, range or the end, not functions). */
    static List<String> metricNames(String expr) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\b(reclaimer_[a-zA-Z0-9_]+|jvm_[a-zA-Z0-9_]+|up)\\b").matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
