package io.reclaimer.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine in the build, so docker-compose.yml is checked statically: every Reclaimer
 * service runs a command line the CLI accepts with config overrides it knows, publishes the port it
 * listens on, every mounted file exists, and every address one service gives another (Kafka, SMTP,
 * Prometheus targets, Grafana's datasource) points to a service port that is listened on.
 */
class ComposeFileTest {

    /** What the third-party images listen on by default (their documented ports). */
    private static final Map<String, Set<Integer>> IMAGE_PORTS = Map.of(
            "apache/kafka", Set.of(9092, 9093),
            "prom/prometheus", Set.of(9090),
            "grafana/grafana-oss", Set.of(3000),
            "axllent/mailpit", Set.of(8025, 1025));

    private static Path root;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        root = RepoFiles.root();
        try (Reader in = Files.newBufferedReader(root.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(in); // SnakeYAML resolves anchors and << merges
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    private static boolean reclaimer(Map<String, Object> service) {
        return "reclaimer".equals(service.get("image"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> command(Map<String, Object> service) {
        return ((List<Object>) service.getOrDefault("command", List.of())).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, interpolate(String.valueOf(v))));
        return env;
    }

    /** Compose's {@code ${VAR:-default}} as it reads with nothing set in the shell. */
    private static String interpolate(String value) {
        return value.replaceAll("\\$\\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)}", "$1");
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<String, Object> service, String key) {
        return ((List<Object>) service.getOrDefault(key, List.of())).stream().map(String::valueOf).toList();
    }

    /** The ports a service listens on inside its container. */
    private static Set<Integer> listening(String name) {
        Map<String, Object> service = services.get(name);
        assertThat(service).as("service " + name).isNotNull();
        if (reclaimer(service)) {
            List<String> command = command(service);
            Set<Integer> ports = new java.util.HashSet<>();
            if (CliCommands.servesHttp(command)) {
                ports.add(CliCommands.httpPort(command, environment(service)));
            }
            CliCommands.slackPort(command).ifPresent(ports::add);
            return ports;
        }
        String image = String.valueOf(service.get("image")).split(":")[0];
        assertThat(IMAGE_PORTS).as("known ports of image " + image).containsKey(image);
        return IMAGE_PORTS.get(image);
    }

    @Test
    void everyReclaimerServiceRunsACommandLineTheCliAccepts() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (var entry : services.entrySet()) {
            if (reclaimer(entry.getValue())) {
                checked++;
                CliCommands.problem(command(entry.getValue())).ifPresent(p -> problems.add(entry.getKey() + ": " + p));
                CliCommands.configProblem(environment(entry.getValue())).ifPresent(p -> problems.add(entry.getKey() + ": " + p));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(4);
    }

    @Test
    void theStackHasKafkaTheCollectorsTheAnalysisTheActionsPrometheusGrafanaAndAMailCatcher() {
        assertThat(services).containsKeys("kafka", "collector-simulated", "streams", "actions", "prometheus", "grafana", "mailpit");
        assertThat(command(services.get("collector-simulated"))).startsWith("collect", "simulated");
        assertThat(environment(services.get("kafka"))).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
    }

    @Test
    void publishedPortsAreOnesTheServicesListenOn() {
        Map<String, String> wrong = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            for (String mapping : list(service, "ports")) {
                int container = Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).split("/")[0]);
                if (!listening(name).contains(container)) {
                    wrong.put(name, mapping + " but it listens on " + listening(name));
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void mountedFilesExistInTheRepository() {
        List<String> missing = new ArrayList<>();
        services.forEach((name, service) -> {
            for (String volume : list(service, "volumes")) {
                String source = interpolate(volume).split(":")[0];
                if (source.startsWith("./") && !Files.exists(root.resolve(source))) {
                    missing.add(name + ": " + source);
                }
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAddressGivenToAServicePointsToAPortThatIsListenedOn() throws IOException {
        Map<String, String> addresses = new TreeMap<>();
        services.forEach((name, service) -> {
            Map<String, String> env = environment(service);
            if (env.containsKey("RECLAIMER_KAFKA_BOOTSTRAP_SERVERS")) {
                addresses.put(name + " kafka", env.get("RECLAIMER_KAFKA_BOOTSTRAP_SERVERS"));
            }
            if (env.containsKey("RECLAIMER_REPORT_SMTP_HOST")) {
                addresses.put(name + " smtp", env.get("RECLAIMER_REPORT_SMTP_HOST") + ":" + env.get("RECLAIMER_REPORT_SMTP_PORT"));
            }
        });
        Map<String, Object> prometheus = yaml(root.resolve("deploy/prometheus/prometheus.yml"));
        Set<String> scraped = new TreeSet<>();
        for (Object job : (List<?>) prometheus.get("scrape_configs")) {
            String jobName = String.valueOf(((Map<?, ?>) job).get("job_name"));
            for (Object config : (List<?>) ((Map<String, Object>) job).getOrDefault("static_configs", List.of())) {
                for (Object target : (List<?>) ((Map<?, ?>) config).get("targets")) {
                    addresses.put("prometheus " + jobName, String.valueOf(target));
                    scraped.add(String.valueOf(target).split(":")[0]);
                }
            }
            for (Object config : (List<?>) ((Map<String, Object>) job).getOrDefault("dns_sd_configs", List.of())) {
                for (Object name : (List<?>) ((Map<?, ?>) config).get("names")) {
                    addresses.put("prometheus " + jobName, name + ":" + ((Map<?, ?>) config).get("port"));
                    scraped.add(String.valueOf(name));
                }
            }
        }
        Map<String, Object> datasources = yaml(root.resolve("dashboards/provisioning/datasources/prometheus.yaml"));
        String url = String.valueOf(((Map<?, ?>) ((List<?>) datasources.get("datasources")).get(0)).get("url"));
        addresses.put("grafana datasource", url.replaceFirst("^https?://", ""));

        assertThat(addresses).isNotEmpty();
        addresses.forEach((who, address) -> {
            String[] hostPort = address.split(":");
            assertThat(services).as(who + " → " + address).containsKey(hostPort[0]);
            assertThat(listening(hostPort[0])).as(who + " → " + address).contains(Integer.parseInt(hostPort[1]));
        });
        services.forEach((name, service) -> {
            if (reclaimer(service) && CliCommands.servesHttp(command(service))) {
                assertThat(scraped).as("Prometheus scrapes " + name).contains(name);
            }
        });
    }

    @Test
    void prometheusLoadsTheShippedRulesAndGrafanaTheShippedDashboards() throws IOException {
        Map<String, Object> prometheus = yaml(root.resolve("deploy/prometheus/prometheus.yml"));
        assertThat(String.valueOf(prometheus.get("rule_files"))).isEqualTo("[/etc/prometheus/rules/*.yml]");
        assertThat(list(services.get("prometheus"), "volumes")).contains("./deploy/prometheus/rules:/etc/prometheus/rules:ro");
        try (var rules = Files.list(root.resolve("deploy/prometheus/rules"))) {
            assertThat(rules.filter(p -> p.toString().endsWith(".yml"))).isNotEmpty();
        }
        String home = environment(services.get("grafana")).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        assertThat(home).startsWith("/var/lib/grafana/dashboards/");
        assertThat(root.resolve("dashboards").resolve(home.substring("/var/lib/grafana/dashboards/".length()))).isRegularFile();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return new Yaml().load(in);
        }
    }
}
