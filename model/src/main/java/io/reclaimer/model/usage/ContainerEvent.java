package io.reclaimer.model.usage;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.Event;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * A container termination the recommender must know about: an OOM kill bumps the memory recommendation,
 * restarts are evidence of under-provisioning. {@code memoryBytesAtEvent} is the working set (or, when
 * unknown, the memory request) at the time of the event, which is what VPA uses to size the bump.
 * Keyed by {@link ContainerRef#key()}.
 */
@JsonTypeName("container-event/v1")
public record ContainerEvent(ContainerRef container, String pod, Instant timestamp, Type type, int restartCount,
                             Long memoryBytesAtEvent, Long memoryRequestBytes, String reason) implements Event {

    public enum Type { OOM_KILLED, RESTARTED }

    public ContainerEvent {
        Require.present(container, "container");
        Require.text(pod, "pod");
        Require.present(timestamp, "timestamp");
        Require.present(type, "type");
        Require.nonNegative(restartCount, "restartCount");
        Require.nonNegativeOrNull(memoryBytesAtEvent, "memoryBytesAtEvent");
        Require.nonNegativeOrNull(memoryRequestBytes, "memoryRequestBytes");
        reason = reason == null ? "" : reason;
    }
}
