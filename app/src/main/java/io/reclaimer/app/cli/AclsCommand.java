package io.reclaimer.app.cli;

import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.security.ServiceRole;
import io.reclaimer.model.kafka.KafkaConnectionCheck;
import io.reclaimer.model.topics.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reclaimer acls}: the least-privilege ACLs of one service principal, printed or applied. */
@Command(name = "acls", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the kafka-acls commands that give one service principal exactly the rights its role "
                + "needs (docs/security.md), or apply them through the Admin API with --apply.",
            "Run --apply as a principal allowed to alter ACLs (a super user)."})
final class AclsCommand implements Callable<Integer> {

    @Option(names = "--principal", required = true, paramLabel = "TYPE:NAME",
            description = "The service's principal, e.g. User:reclaimer-collector-eu1.")
    String principal;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "collector, analysis or actions.")
    String role;

    @Option(names = "--agent-id", paramLabel = "ID",
            description = "With --role collector: the agent's id, whose state topic it may use (default: kafka.agentId).")
    String agentId;

    @Option(names = "--apply", description = "Create the ACLs on --kafka-bootstrap instead of printing commands.")
    boolean apply;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReclaimerConfig loaded = config.load();
        KafkaSettings settings = kafka.apply(loaded.kafka());
        ServiceRole serviceRole = ServiceRole.parse(role);
        Topics topics = Topics.namespace(settings.topicNamespace());
        String agent = agentId != null ? agentId : settings.agentId();
        List<AclBinding> acls = serviceRole.acls(principal, topics, new ServiceRole.Ids(agent,
                loaded.analysis().applicationId(), loaded.actions().transactionalId()));
        PrintWriter out = spec.commandLine().getOut();
        if (!apply) {
            out.println("# role " + serviceRole.label() + " for " + principal + ": " + acls.size() + " ACLs");
            for (AclBinding acl : acls) {
                out.println(command(acl, settings.embedded() ? "BOOTSTRAP" : settings.bootstrapServers()));
            }
            out.flush();
            return 0;
        }
        if (settings.embedded()) {
            throw new IllegalArgumentException("--apply needs --kafka-bootstrap (or kafka.bootstrapServers)");
        }
        var client = settings.client(settings.bootstrapServers());
        KafkaConnectionCheck.verify(client, List.of(), settings.connectionTimeout());
        try (Admin admin = Admin.create(client.clientConfig())) {
            admin.createAcls(acls).all().get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw KafkaConnectionCheck.classify(client, e.getCause(), settings.connectionTimeout(), List.of());
        }
        out.println("applied " + acls.size() + " ACLs of role " + serviceRole.label() + " for " + principal);
        out.flush();
        return 0;
    }

    /** One {@code kafka-acls.sh} line, exactly equivalent to {@code acl}. */
    static String command(AclBinding acl, String bootstrap) {
        var pattern = acl.pattern();
        String resource = switch (pattern.resourceType()) {
            case TOPIC -> "--topic " + pattern.name();
            case GROUP -> "--group " + pattern.name();
            case TRANSACTIONAL_ID -> "--transactional-id " + pattern.name();
            case CLUSTER -> "--cluster";
            default -> throw new IllegalStateException("unexpected resource " + pattern);
        };
        String operation = acl.entry().operation().name().toLowerCase(Locale.ROOT).replace("_", "");
        return "kafka-acls.sh --bootstrap-server " + bootstrap + " --command-config admin.properties --add"
                + " --allow-principal " + acl.entry().principal() + " --operation " + capitalize(operation) + " "
                + resource + (pattern.patternType() == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
