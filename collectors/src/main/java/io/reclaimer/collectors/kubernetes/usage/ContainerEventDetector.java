package io.reclaimer.collectors.kubernetes.usage;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.reclaimer.collectors.kubernetes.inventory.WorkloadMapping;
import io.reclaimer.model.WorkloadRef;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.ContainerEvent.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns pod statuses into OOM-kill and restart events, once each. Every time a container's restart count
 * goes up it emits one event: {@code OOM_KILLED} when its last termination says {@code OOMKilled},
 * {@code RESTARTED} otherwise; an OOM kill whose restart has not been counted yet is reported as soon as
 * it shows. The event's timestamp is the termination's {@code finishedAt}, so the same termination seen
 * again after a collector restart carries the same timestamp and consumers can drop the duplicate.
 * Remembers one small entry per live pod container; {@link #retainPods} forgets the rest.
 */
public final class ContainerEventDetector {

    public static final String OOM_KILLED = "OOMKilled";

    private record Seen(int restartCount, String finishedAt) {
    }

    private final Map<String, Seen> seen = new HashMap<>();
    /** Last working set per pod container from the metrics API, for {@code memoryBytesAtEvent}. */
    private final Map<String, Long> workingSet = new HashMap<>();

    public void recordWorkingSet(String podUid, String container, long bytes) {
        workingSet.put(podUid + "/" + container, bytes);
    }

    public List<ContainerEvent> observe(WorkloadRef workload, Pod pod, Instant now) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return List.of();
        }
        String uid = pod.getMetadata().getUid() != null ? pod.getMetadata().getUid()
                : pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        List<ContainerEvent> events = new ArrayList<>();
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            String key = uid + "/" + status.getName();
            int restarts = status.getRestartCount() == null ? 0 : status.getRestartCount();
            ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
            String finishedAt = last == null ? null : last.getFinishedAt();
            boolean oom = last != null && OOM_KILLED.equals(last.getReason());
            Seen previous = seen.put(key, new Seen(restarts, finishedAt));
            boolean report;
            if (previous == null) {
                report = restarts > 0 && last != null;
            } else {
                report = restarts > previous.restartCount()
                        || oom && finishedAt != null && !Objects.equals(finishedAt, previous.finishedAt());
            }
            if (report) {
                Long request = memoryRequest(pod, status.getName());
                Long atEvent = workingSet.getOrDefault(key, request);
                events.add(new ContainerEvent(workload.container(status.getName()), pod.getMetadata().getName(),
                        finishedAt == null ? now : Instant.parse(finishedAt), oom ? Type.OOM_KILLED : Type.RESTARTED,
                        restarts, atEvent, request, reason(last)));
            }
        }
        return events;
    }

    /** Forgets pod containers whose pod uid is not in {@code liveUids}. */
    public void retainPods(Set<String> liveUids) {
        seen.keySet().removeIf(key -> !liveUids.contains(key.substring(0, key.lastIndexOf('/'))));
        workingSet.keySet().removeIf(key -> !liveUids.contains(key.substring(0, key.lastIndexOf('/'))));
    }

    public int tracked() {
        return seen.size();
    }

    private static String reason(ContainerStateTerminated last) {
        if (last == null) {
            return "";
        }
        String reason = last.getReason() == null ? "" : last.getReason();
        return last.getExitCode() == null ? reason : reason + " (exit code " + last.getExitCode() + ")";
    }

    private static Long memoryRequest(Pod pod, String container) {
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
            return null;
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName().equals(container)) {
                return WorkloadMapping.requests(c.getResources()).memoryBytes();
            }
        }
        return null;
    }
}
