package io.reclaimer.app.cli;

import io.reclaimer.model.time.Durations;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import io.reclaimer.model.topics.TopicProvisioner;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints the topic catalog, and creates the missing topics on a cluster (an init step for deployments). */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Print the topic catalog; with --create, create the missing topics on --kafka-bootstrap.")
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--create", description = "Create the topics that do not exist yet (idempotent).")
    boolean create;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas of each created topic (default: kafka.replicationFactor, else 3).")
    Short replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
            description = "min.insync.replicas of each created topic: with acks=all a write survives the loss of N-1 "
                    + "replicas (default: kafka.minInsyncReplicas, else 2; never more than the replication factor).")
    Short minInsyncReplicas;

    @Option(names = "--allow-under-replicated",
            description = "Create the action and audit topics even with fewer than 2 replicas (a test cluster).")
    boolean allowUnderReplicated;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReclaimerConfig loaded = config.load();
        KafkaSettings configured = kafka.apply(loaded.kafka());
        KafkaSettings settings = new KafkaSettings(configured.bootstrapServers(), configured.dataDir(),
                configured.topicNamespace(), replicationFactor != null ? replicationFactor : configured.replicationFactor(),
                minInsyncReplicas != null ? minInsyncReplicas : configured.minInsyncReplicas(),
                configured.clientProperties(), configured.agentId(), configured.connectionTimeout());
        Topics topics = Topics.namespace(settings.topicNamespace());
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-42s %10s %-8s %-9s %s%n";
        out.printf(Locale.ROOT, format, "TOPIC", "PARTITIONS", "CLEANUP", "RETENTION", "CONTENT");
        for (TopicSpec<?, ?> topic : topics.all()) {
            out.printf(Locale.ROOT, format, topic.name(), topic.partitions(), topic.cleanup().name().toLowerCase(Locale.ROOT),
                    topic.retention() == null ? "-" : Durations.inOneUnit(topic.retention()), topic.description());
        }
        if (create) {
            if (settings.embedded()) {
                throw new IllegalArgumentException("--create needs --kafka-bootstrap (or kafka.bootstrapServers)");
            }
            short rf = settings.effectiveReplicationFactor();
            if (rf < 2 && !allowUnderReplicated) {
                // the action journal and the audit log are the record of what was changed: one broker lost, all lost
                throw new IllegalArgumentException("refusing to create " + topics.actionRequests().name() + ", "
                        + topics.actionResults().name() + ", " + topics.audit().name() + " and the other action topics "
                        + "with " + rf + " replica: use --replication-factor 2 or more, or --allow-under-replicated on "
                        + "a test cluster");
            }
            KafkaClientSettings client = settings.client(settings.bootstrapServers());
            KafkaConnectionCheck.verify(client, List.of(), settings.connectionTimeout());
            Map<String, Object> adminConfig = client.clientConfig();
            adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
            try (Admin admin = Admin.create(adminConfig)) {
                List<String> created = new TopicProvisioner(admin, rf, settings.effectiveMinInsyncReplicas(),
                        Duration.ofSeconds(60)).ensure(topics.all());
                out.println("created " + created.size() + " topics" + (created.isEmpty() ? "" : ": " + created)
                        + " (replication factor " + rf + ", min.insync.replicas " + settings.effectiveMinInsyncReplicas()
                        + "; existing topics are left as they are)");
            } catch (RuntimeException e) {
                throw KafkaConnectionCheck.classify(client, e, settings.connectionTimeout(),
                        topics.all().stream().map(TopicSpec::name).toList());
            }
        }
        out.flush();
        return 0;
    }
}
