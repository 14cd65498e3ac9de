package io.reclaimer.app.cli;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.aws.SdkAwsClients;
import io.reclaimer.actions.kubernetes.KubeconfigClusters;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.actions.rollback.Rollbacks;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.ActionsWiring;
import io.reclaimer.app.runtime.KafkaRuntime;
import io.reclaimer.app.security.ServiceRole;
import io.reclaimer.model.actions.ActionResult;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reclaimer rollback ACTION_ID}: undo one executed downsize, schedule, delete or mark. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Undo an executed action: restore a downsize's requests and limits, wake and unschedule a "
                + "namespace, restore a deleted volume from its snapshot, recover a released Elastic IP, remove a mark.",
            "The target is checked first: if someone changed it since the action, nothing is done and the reason is "
                + "printed. The outcome is written to the results and audit topics."})
final class RollbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ACTION_ID", description = "The action to roll back (as in Slack, the audit log or the results topic).")
    String actionId;

    @Mixin
    ConfigOptions config;

    @Mixin
    KafkaOptions kafka;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ReclaimerConfig loaded = config.load();
        ActionsConfig actions = loaded.actions();
        var settings = kafka.apply(loaded.kafka());
        if (settings.embedded() && kafka.dataDir() == null) {
            throw new IllegalArgumentException("rollback needs the Kafka that holds the actions: --kafka-bootstrap "
                    + "HOST:PORT (or kafka.bootstrapServers), or --data-dir of the embedded broker's run");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (KafkaRuntime runtime = KafkaRuntime.open(settings, false, ServiceRole.ACTIONS::topics);
             KubeconfigClusters clusters = new KubeconfigClusters(actions.kubernetes());
             SdkAwsClients aws = ActionsWiring.awsClients(actions, loaded.aws())) {
            ActionRecord record = Rollbacks.rollback(runtime.client(), runtime.topics(), actions, actionId,
                    "cli:" + System.getProperty("user.name", "unknown"), clusters, aws, System.getenv(), Clock.systemUTC());
            ActionResult result = record.lastResult().orElseThrow();
            if (record.phase() != Phase.ROLLED_BACK) {
                throw new IllegalStateException("action " + actionId + " was not rolled back: " + result.reason());
            }
            out.println("action " + actionId + ": rolled back (" + result.reason() + ")");
            result.newState().forEach((k, v) -> out.println("  " + k + ": " + v));
            out.flush();
            return 0;
        }
    }
}
