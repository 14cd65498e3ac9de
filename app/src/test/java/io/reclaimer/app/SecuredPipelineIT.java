package io.reclaimer.app;

import org.junit.jupiter.api.extension.ExtendWith;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.app.runtime.DefaultPolicies;
import io.reclaimer.app.security.ServiceRole;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.SecuredKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a broker secured as production ones are (SASL/SCRAM, StandardAuthorizer, no ACL means no access):
 * each service runs as its own principal holding exactly the ACLs of {@code reclaimer acls --role}, secrets come from
 * files through Kafka's config providers, and every misconfiguration ends a command within 30 s with one line.
 */
@ExtendWith(MockApiServer.class)
class SecuredPipelineIT {

    private static final Map<String, String> USERS = Map.of("collector", "collector-secret", "analysis",
            "analysis-secret", "actions", "actions-secret", "nobody", "nobody-secret");
    private static final Duration READ = Duration.ofSeconds(60);

    static SecuredKafka kafka;

    // one mock API server for the class: only the pipeline test talks to it
    static KubernetesClient client;

    @BeforeAll
    static void startBroker() {
        kafka = SecuredKafka.start(USERS);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /** A config file for {@code user}: its JAAS line lives in a file of its own, read by Kafka's DirectoryConfigProvider. */
    private static Path config(Path dir, String namespace, String user, String password) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets-" + user));
        Files.writeString(secrets.resolve("jaas"), SecuredKafka.properties(user, password).get("sasl.jaas.config"));
        Path file = dir.resolve(user + ".yaml");
        Files.writeString(file, """
                kafka:
                  bootstrapServers: %s
                  topicNamespace: %s
                  replicationFactor: 1
                  clientProperties:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: SCRAM-SHA-512
                    sasl.jaas.config: ${dir:%s:jaas}
                analysis:
                  applicationId: %s-analysis
                actions:
                  transactionalId: %s-actions
                """.formatted(kafka.bootstrapServers(), namespace, secrets, namespace, namespace));
        return file;
    }

    private static String namespace(String test) {
        return "sec-" + test + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @Test
    void aWrongPasswordEndsACommandWithinThirtySecondsWithOneLineNamingAuthentication(@TempDir Path dir)
            throws Exception {
        Path wrong = config(dir, namespace("wrong"), "collector", "not-the-password");
        for (String[] command : new String[][] {{"topics", "--create", "--allow-under-replicated"},
            {"collect", "simulated", "--once"}, {"streams", "--metrics-port", "0"}}) {
            long start = System.nanoTime();
            CliTest.Result result = CliTest.run(concat(command, "--config", wrong.toString()));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertThat(result.exitCode()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(result.err().lines().toList()).as(result.err()).hasSize(1)
                    .allMatch(line -> line.startsWith("reclaimer: Kafka at " + kafka.bootstrapServers()
                            + ": authentication failed"));
            assertThat(seconds).as(String.join(" ", command)).isLessThan(30);
            assertThat(result.err()).doesNotContain("not-the-password");
        }
    }

    @Test
    void aClientWithoutSaslSettingsGetsOneLineInsteadOfHanging(@TempDir Path dir) throws Exception {
        // the check's wait is kafka.connectionTimeout (20 s by default); 5 s keeps this test short
        Path plain = Files.writeString(dir.resolve("plain.yaml"), """
                kafka:
                  bootstrapServers: %s
                  connectionTimeout: 5s
                """.formatted(kafka.bootstrapServers()));
        long start = System.nanoTime();
        CliTest.Result result = CliTest.run("topics", "--create", "--config", plain.toString());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines().toList()).as(result.err()).hasSize(1);
        assertThat(result.err()).contains("no response within 5 s", "security.protocol");
        assertThat(seconds).isLessThan(30);
    }

    @Test
    void aPrincipalWithoutAclsGetsOneLineNamingAuthorization(@TempDir Path dir) throws Exception {
        String namespace = namespace("noacl");
        assertThat(CliTest.run("topics", "--create", "--allow-under-replicated", "--config",
                config(dir, namespace, SecuredKafka.ADMIN, "admin-secret").toString()).exitCode()).isZero();
        long start = System.nanoTime();
        CliTest.Result result = CliTest.run("streams", "--metrics-port", "0", "--config",
                config(dir, namespace, "nobody", "nobody-secret").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines().toList()).as(result.err()).hasSize(1)
                .allMatch(line -> line.contains("authorization failed"));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
    }

    @Test
    void actionAndAuditTopicsAreNotCreatedWithOneReplicaUnlessAllowed(@TempDir Path dir) throws Exception {
        Path admin = config(dir, namespace("rf"), SecuredKafka.ADMIN, "admin-secret");
        CliTest.Result refused = CliTest.run("topics", "--create", "--config", admin.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("refusing to create", "actions.requests", "--allow-under-replicated");
        CliTest.Result tooMany = CliTest.run("topics", "--create", "--replication-factor", "3", "--config", admin.toString());
        assertThat(tooMany.exitCode()).isEqualTo(1);
        assertThat(tooMany.err().lines().toList()).hasSize(1);
    }

    @Test
    void thePipelineRunsEndToEndWithThreePrincipalsHoldingExactlyTheDocumentedAcls(@TempDir Path dir) throws Exception {
        String namespace = namespace("pipeline");
        Topics topics = Topics.namespace(namespace);
        Path admin = config(dir, namespace, SecuredKafka.ADMIN, "admin-secret");
        Path collector = config(dir, namespace, "collector", "collector-secret");
        Path analysis = config(dir, namespace, "analysis", "analysis-secret");
        Path actions = config(dir, namespace, "actions", "actions-secret");

        CliTest.Result created = CliTest.run("topics", "--create", "--allow-under-replicated", "--config", admin.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("replication factor 1");
        for (String[] grant : new String[][] {{"User:collector", "collector", "--agent-id", "kubernetes-collector"},
            {"User:analysis", "analysis"}, {"User:actions", "actions"}}) {
            CliTest.Result applied = CliTest.run(concat(new String[] {"acls", "--apply", "--principal", grant[0],
                "--role", grant[1], "--config", admin.toString()}, java.util.Arrays.copyOfRange(grant, 2, grant.length)));
            assertThat(applied.exitCode()).as(applied.err()).isZero();
        }
        try (var adminClient = kafka.adminClient()) {
            var bindings = adminClient.describeAcls(AclBindingFilter.ANY).values().get(60, TimeUnit.SECONDS);
            Set<String> principals = bindings.stream().filter(b -> b.pattern().name().startsWith(namespace)
                    || b.pattern().name().startsWith(namespace + "-")).map(b -> b.entry().principal())
                    .collect(Collectors.toSet());
            assertThat(principals).containsExactlyInAnyOrder("User:collector", "User:analysis", "User:actions");
            // exactly the role's ACLs, nothing more (the printed commands are the same list)
            assertThat(bindings.stream().filter(b -> b.entry().principal().equals("User:collector")
                    && b.pattern().name().startsWith(namespace)).count())
                    .isEqualTo(ServiceRole.COLLECTOR.acls("User:collector", topics,
                            new ServiceRole.Ids("kubernetes-collector", "", "")).size());
        }

        // collectors: a Kubernetes agent (its own state topic) and the simulated fleet
        CollectKubernetesCommandTest.cluster(client);
        Path kubeconfig = CollectKubernetesCommandTest.kubeconfig(dir, client.getMasterUrl().toString());
        CliTest.Result k8s = CliTest.run("collect", "kubernetes", "--kubeconfig", kubeconfig.toString(), "--context",
                "mock-ctx=prod-eu", "--once", "--config", collector.toString());
        assertThat(k8s.exitCode()).as(k8s.err()).isZero();
        CliTest.Result simulated = CliTest.run("collect", "simulated", "--once", "--clusters", "1", "--history", "2d",
                "--config", collector.toString());
        assertThat(simulated.exitCode()).as(simulated.err()).isZero();
        assertThat(CompactedTopicReader.liveKeys(kafka.admin(), topics.agentState("kubernetes-collector"), READ))
                .anyMatch(key -> key.startsWith(topics.workloads().name() + "|prod-eu/"));

        // the analysis, as its own principal: runs, drains, summarises; the drain waits until it has caught up with
        // everything the collectors sent (no lag left), so a short run proves as much as a long one
        CliTest.Result streams = CliTest.run("streams", "--duration", "1s", "--metrics-port", "0", "--data-dir",
                dir.resolve("analysis-data").toString(), "--config", analysis.toString());
        assertThat(streams.exitCode()).as(streams.err()).isZero();
        assertThat(CompactedTopicReader.readAll(kafka.admin(), topics.recommendations(), READ)).isNotEmpty();
        assertThat(CompactedTopicReader.readAll(kafka.admin(), topics.findings(), READ)).isNotEmpty();

        // the actions service, as its own principal, under the default (safe) policies: after the analysis, so the
        // findings are there when it starts (side by side, a loaded machine left its window without any)
        CliTest.Result acting = CliTest.run("actions", "--duration", "20s", "--metrics-port", "0", "--policies",
                DefaultPolicies.locate(dir.resolve("policies")).toString(), "--config", actions.toString());
        assertThat(acting.exitCode()).as(acting.err()).isZero();
        assertThat(CompactedTopicReader.readAll(kafka.admin(), topics.actionRequests(), READ)).isNotEmpty();

        // least privilege, proven: a collector can neither forge an action request nor read the fleet's inventory
        KafkaClientSettings asCollector = kafka.client("collector", "collector-secret");
        assertThatThrownBy(() -> forge(asCollector, topics.actionRequests().name()))
                .hasRootCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> CompactedTopicReader.readAll(asCollector, topics.workloads(), READ))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    private static void forge(KafkaClientSettings as, String topic) throws Exception {
        Map<String, Object> config = as.clientConfig();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "forged".getBytes(), "{}".getBytes())).get(60, TimeUnit.SECONDS);
        }
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
