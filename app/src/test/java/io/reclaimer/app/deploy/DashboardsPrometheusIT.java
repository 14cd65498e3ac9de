package io.reclaimer.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.reports.ReportConfig;
import io.reclaimer.app.runtime.ActionsWiring;
import io.reclaimer.app.runtime.CollectorRegistry;
import io.reclaimer.app.runtime.DefaultPolicies;
import io.reclaimer.reports.ReportMetrics;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.report.WeeklyReports;
import io.reclaimer.app.runtime.KafkaRuntime;
import io.reclaimer.app.runtime.PipelineRun;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alerting rules against a real Prometheus (Debian's {@code prometheus}) scraping the
 * running pipeline fed by the simulator: every panel's query, with "All" in every variable, returns data,
 * and every rule group loads and evaluates without error.
 */
@ExtendWith(KafkaExtension.class)
class DashboardsPrometheusIT {

    private static final Duration PATIENCE = Duration.ofMinutes(6);

    @Test
    void everyPanelQueryReturnsDataFromThePipelineAndEveryRuleEvaluates(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        Path binary = PrometheusBinary.require("prometheus");
        Path root = RepoFiles.root();
        String namespace = "it-dashboards-" + UUID.randomUUID().toString().substring(0, 8);
        ReclaimerConfig config = new ReclaimerConfig(new KafkaSettings(kafka.bootstrapServers(), null, namespace, (short) 1),
                null, null, AnalysisConfig.DEFAULTS.withApplicationId(namespace + "-analysis"),
                SimulatorConfig.DEFAULTS.with(2, 42L, Duration.ofDays(1), 3600.0), null, null, null, null, null, null);
        List<Path> ruleFiles;
        try (Stream<Path> files = Files.list(root.resolve("deploy/prometheus/rules"))) {
            ruleFiles = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        List<Dashboards.Query> queries = Dashboards.queries(Dashboards.load(root));
        assertThat(queries).isNotEmpty();

        try (KafkaRuntime runtime = KafkaRuntime.open(config.kafka(), false);
             PipelineRun pipeline = PipelineRun.start(config, new HttpSettings(0, "127.0.0.1"), runtime, dir.resolve("state"))) {
            // the actions service under the default policy library, as the demo runs it (no Slack: no token)
            ActionsConfig actions = ActionsConfig.DEFAULTS.withPolicyDirectory(DefaultPolicies.locate(dir))
                    .withTransactionalId(namespace + "-actions");
            pipeline.addService(ActionsWiring.create(pipeline.kafka(), actions, ActionsWiring.gate(actions),
                    pipeline.registry(), Map.of()));
            pipeline.addCollector(CollectorRegistry.simulated(pipeline.collectorContext(config)));
            // the report's metrics live where the report runs; here one run into a directory feeds them
            ReportMetrics reportMetrics = ReportMetrics.register(pipeline.registry());
            WeeklyReports.job(ReportConfig.DEFAULTS.withDefaultRecipients(List.of("finops@example.com")),
                    pipeline.kafkaClient(), pipeline.topics(), dir.resolve("mail"), reportMetrics).run(List.of());

            try (PrometheusServer prometheus = PrometheusServer.start(binary, dir,
                    List.of("127.0.0.1:" + pipeline.httpPort()), ruleFiles)) {
                Map<String, String> empty = new LinkedHashMap<>();
                try {
                    // minutes, not seconds: the analysis of the simulated day takes that long on a loaded 2-core machine
                    Awaitility.await("every dashboard query returns data").atMost(PATIENCE)
                            .pollInterval(Duration.ofSeconds(2)).until(() -> {
                                empty.clear();
                                for (Dashboards.Query q : queries) {
                                    String expr = Dashboards.substitute(q.expr());
                                    if (prometheus.query(expr).path("result").isEmpty()) {
                                        empty.put(q.dashboard() + " / " + q.panel(), expr);
                                    }
                                }
                                return empty.isEmpty();
                            });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("queries without data after " + PATIENCE.toMinutes() + " minutes: " + empty + "\nprometheus log:\n"
                            + prometheus.log(), e);
                }

                Awaitility.await("rules evaluated").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> unhealthyRules(prometheus.rules()).isEmpty() && evaluated(prometheus.rules()));
                JsonNode groups = prometheus.rules().path("groups");
                assertThat(groups).hasSize(ruleFiles.stream().mapToInt(DashboardsPrometheusIT::groupCount).sum());
            }
        }
    }

    private static List<String> unhealthyRules(JsonNode rules) {
        List<String> unhealthy = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (!"ok".equals(rule.path("health").asText())) {
                    unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
                }
            }
        }
        return unhealthy;
    }

    private static boolean evaluated(JsonNode rules) {
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("lastEvaluation").asText().startsWith("0001-")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int groupCount(Path ruleFile) {
        try {
            return (int) Files.readAllLines(ruleFile).stream().filter(l -> l.trim().startsWith("- name:")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
