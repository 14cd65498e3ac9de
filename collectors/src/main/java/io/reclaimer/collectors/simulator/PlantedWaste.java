package io.reclaimer.collectors.simulator;

import io.reclaimer.model.findings.FindingKind;
import java.util.Map;

/**
 * Ground truth: one piece of waste the simulator planted on purpose, and the finding a correct detector
 * must produce for it. {@code resource} is exactly the finding's {@code resource} key
 * ({@code CloudResourceRef.key()} for cloud resources, {@code ObjectRef.key()} for Kubernetes objects:
 * {@code cluster/namespace/PersistentVolumeClaim/name}, {@code cluster//PersistentVolume/name},
 * {@code cluster/namespace/Service/name}, {@code cluster//Namespace/name}). {@code facts} carry what the
 * price depends on (size, type, IOPS, hours...), so a test can compute the expected monthly cost from the
 * documented price table.
 *
 * <p>Everything the simulator creates that is not in this list is in use, or too young to be waste
 * (e.g. a volume detached two hours ago), and must not be flagged as an orphan. One deliberate overlap:
 * the EBS volume behind a released PV is {@code available} in the cloud inventory too; it is reported once,
 * as {@code released-pv} (the Kubernetes view explains it), not also as {@code unattached-volume}.
 */
public record PlantedWaste(FindingKind kind, String resource, String cluster, String namespace,
                           Map<String, String> facts) {

    public PlantedWaste {
        facts = Map.copyOf(facts);
    }
}
