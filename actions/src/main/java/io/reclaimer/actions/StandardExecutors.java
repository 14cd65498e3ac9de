package io.reclaimer.actions;

import io.reclaimer.actions.aws.AddressReleaseExecutor;
import io.reclaimer.actions.aws.AwsClients;
import io.reclaimer.actions.aws.AwsMarkExecutor;
import io.reclaimer.actions.aws.LoadBalancerDeleteExecutor;
import io.reclaimer.actions.aws.VolumeDeleteExecutor;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.kubernetes.DownsizeExecutor;
import io.reclaimer.actions.kubernetes.KubernetesClusters;
import io.reclaimer.actions.kubernetes.KubernetesMarkExecutor;
import io.reclaimer.actions.kubernetes.ScheduleController;
import io.reclaimer.actions.kubernetes.ScheduleExecutor;
import io.reclaimer.actions.kubernetes.VolumeClaimDeleteExecutor;
import java.util.ArrayList;
import java.util.List;

/** Every executor Reclaimer ships, for the platforms that are configured (null: not configured). */
public final class StandardExecutors {

    private StandardExecutors() {
    }

    public static List<ActionExecutor> of(ActionsConfig config, KubernetesClusters clusters, ScheduleController schedules,
                                          AwsClients aws) {
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
        return list;
    }
}
