package io.reclaimer.actions;

import io.reclaimer.actions.aws.AddressReleaseExecutor;
import io.reclaimer.actions.aws.AwsClients;
import io.reclaimer.actions.aws.AwsMarkExecutor;
import io.reclaimer.actions.aws.LoadBalancerDeleteExecutor;
import io.reclaimer.actions.aws.VolumeDeleteExecutor;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.OwnNamespaceGuard;
import io.reclaimer.actions.kubernetes.DownsizeExecutor;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.actions.kubernetes.KubernetesMarkExecutor;
import io.reclaimer.actions.kubernetes.ScheduleController;
import io.reclaimer.actions.kubernetes.ScheduleExecutor;
import io.reclaimer.actions.kubernetes.VolumeClaimDeleteExecutor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every executor Reclaimer ships, for the platforms that are configured (null: not configured), behind the
 * guard of Reclaimer's own namespace ({@link OwnNamespaceGuard}, from {@code POD_NAMESPACE}).
 */
public final class StandardExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(StandardExecutors.class);

    private StandardExecutors() {
    }

    public static List<ActionExecutor> of(ActionsConfig config, KubernetesClusters clusters, ScheduleController schedules,
                                          AwsClients aws) {
        OwnNamespaceGuard guard = OwnNamespaceGuard.fromEnvironment(System.getenv());
        if (guard.namespace().isPresent()) {
            LOG.info("namespace {} (where Reclaimer runs) is never acted on", guard.namespace().get());
        } else {
            LOG.debug("{} is not set: no namespace is protected as Reclaimer's own", OwnNamespaceGuard.ENVIRONMENT_VARIABLE);
        }
        return of(config, clusters, schedules, aws, guard);
    }

    public static List<ActionExecutor> of(ActionsConfig config, KubernetesClusters clusters, ScheduleController schedules,
                                          AwsClients aws, OwnNamespaceGuard guard) {
        List<ActionExecutor> list = new ArrayList<>();
        if (clusters != null) {
            list.add(new DownsizeExecutor(clusters));
            list.add(new ScheduleExecutor(clusters, schedules));
            list.add(new VolumeClaimDeleteExecutor(clusters));
            list.add(new KubernetesMarkExecutor(clusters));
        }
        if (aws != null) {
            list.add(new VolumeDeleteExecutor(aws, config.aws().snapshotPollInterval(), config.aws().snapshotTimeout()));
            list.add(new AddressReleaseExecutor(aws));
            list.add(new LoadBalancerDeleteExecutor(aws));
            list.add(new AwsMarkExecutor(aws));
        }
        return guard.guard(list);
    }
}
