package io.reclaimer.app.cli;

import io.reclaimer.model.time.Durations;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
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
public final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--create", description = "Create the topics that do not exist yet (idempotent).")
    boolean create;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReclaimerConfig loaded = config.load();
        KafkaSettings settings = kafka.apply(loaded.kafka());
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
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
                List<String> created = new TopicProvisioner(admin, settings.replicationFactor(), Duration.ofSeconds(60))
                        .ensure(topics.all());
                out.println("created " + created.size() + " topics" + (created.isEmpty() ? "" : ": " + created));
            }
        }
        out.flush();
        return 0;
    }
}
