package io.reclaimer.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The dashboards as Grafana's file provisioning will read them: stable uids, the datasource chosen by a
 * template variable (never {@code __inputs}), cluster and namespace variables used as regex matchers, USD
 * on money, and only metrics documented in docs/metrics.md (that they return data is DashboardsPrometheusIT).
 */
class DashboardsTest {

    private static Path root;
    private static Map<String, JsonNode> dashboards;

    @BeforeAll
    static void load() {
        root = RepoFiles.root();
        dashboards = Dashboards.load(root);
    }

    @Test
    void everyDashboardHasItsStableUidAndTheReclaimerTag() {
        Set<String> uids = new HashSet<>();
        dashboards.forEach((file, d) -> {
            String uid = d.path("uid").asText();
            assertThat(file).isEqualTo(uid + ".json");
            assertThat(uids.add(uid)).as("unique uid " + uid).isTrue();
            assertThat(d.path("tags").toString()).contains("\"reclaimer\"");
            assertThat(d.has("id")).as(file + " has no instance-specific id").isFalse();
        });
        assertThat(uids).contains("reclaimer-fleet", "reclaimer-orphans", "reclaimer-actions", "reclaimer-pipeline");
    }

    @Test
    void theDatasourceIsATemplateVariableNeverAnInput() {
        dashboards.forEach((file, d) -> {
            assertThat(d.has("__inputs")).as(file).isFalse();
            assertThat(d.toString()).as(file).doesNotContain("${DS_");
            JsonNode datasource = variable(d, "datasource");
            assertThat(datasource.path("type").asText()).isEqualTo("datasource");
            assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
            for (JsonNode panel : Dashboards.panels(d)) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                assertThat(panel.path("datasource").path("uid").asText()).as(file + " / " + panel.path("title"))
                        .isEqualTo("${datasource}");
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                }
            }
        });
    }

    @Test
    void clusterAndNamespaceVariablesAreMultiValueRegexMatchers() {
        dashboards.forEach((file, d) -> {
            for (String name : List.of("cluster", "namespace")) {
                JsonNode variable = variable(d, name);
                if (variable.isMissingNode()) {
                    continue;
                }
                assertThat(variable.path("includeAll").asBoolean()).isTrue();
                assertThat(variable.path("allValue").asText()).isEqualTo(".*");
            }
            for (Dashboards.Query q : Dashboards.queries(Map.of(file, d))) {
                assertThat(q.expr()).as(file + " / " + q.panel()).doesNotContain("=\"$cluster\"", "=\"$namespace\"");
                if (q.expr().contains("$namespace")) {
                    assertThat(variable(d, "namespace").isMissingNode()).as(file + " defines $namespace").isFalse();
                }
                if (q.expr().contains("$cluster")) {
                    assertThat(variable(d, "cluster").isMissingNode()).as(file + " defines $cluster").isFalse();
                }
            }
        });
    }

    @Test
    void moneyIsShownInUsd() {
        List<String> wrong = new ArrayList<>();
        dashboards.forEach((file, d) -> {
            for (JsonNode panel : Dashboards.panels(d)) {
                String unit = panel.path("fieldConfig").path("defaults").path("unit").asText();
                Set<String> overrideUnits = new TreeSet<>();
                panel.path("fieldConfig").path("overrides").forEach(o -> o.path("properties").forEach(p -> {
                    if (p.path("id").asText().equals("unit")) {
                        overrideUnits.add(p.path("value").asText());
                    }
                }));
                for (JsonNode target : panel.path("targets")) {
                    boolean money = Dashboards.metricNames(target.path("expr").asText()).stream().anyMatch(m -> m.contains("_usd"));
                    if (money && !unit.equals("currencyUSD") && !overrideUnits.contains("currencyUSD")) {
                        wrong.add(file + " / " + panel.path("title").asText() + " has unit '" + unit + "'");
                    }
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyMetricUsedIsDocumentedInDocsMetrics() throws Exception {
        String documented = Files.readString(root.resolve("docs/metrics.md"));
        Set<String> missing = new TreeSet<>();
        for (Dashboards.Query q : Dashboards.queries(dashboards)) {
            for (String metric : Dashboards.metricNames(q.expr())) {
                String base = metric.replaceAll("_(bucket|sum|count)$", "");
                if (metric.startsWith("reclaimer_") && !documented.contains("`" + base + "`")
                        && !documented.contains("`" + metric + "`")) {
                    missing.add(metric + " (" + q.dashboard() + ")");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void servicesUpCountsTargetsFoundByJobNameOrByThePodsPartOfLabelAsItsPromtoolTestChecks() throws Exception {
        String panel = Dashboards.queries(dashboards).stream().filter(q -> q.panel().equals("Services up"))
                .map(Dashboards.Query::expr).findFirst().orElseThrow();
        assertThat(panel).contains("job=~\"reclaimer.*\"", "app_kubernetes_io_part_of=\"reclaimer\"");
        String tests = Files.readString(root.resolve("deploy/prometheus/rules-tests/reclaimer-pipeline.test.yml"));
        assertThat(tests).contains("- expr: '" + panel + "'");
    }

    @Test
    void grafanaProvisionsThisDirectoryAndOnePrometheusDatasource() throws Exception {
        Map<String, Object> providers = new Yaml().load(Files.readString(root.resolve("dashboards/provisioning/dashboards/reclaimer.yaml")));
        assertThat(providers.toString()).contains("path=/var/lib/grafana/dashboards", "type=file");
        Map<String, Object> datasources = new Yaml().load(Files.readString(root.resolve("dashboards/provisioning/datasources/prometheus.yaml")));
        assertThat(datasources.toString()).contains("type=prometheus", "uid=reclaimer-prometheus");
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @SuppressWarnings("unused")
    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
