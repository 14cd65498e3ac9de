package io.reclaimer.streams.rightsizing;

import io.reclaimer.streams.rightsizing.state.RightsizingState.Emitted;

/**
 * Whether a recomputed recommendation is worth a record on the (compacted) output topic: the first one is;
 * after that only a target moving by more than {@code minChangeFraction}, a new confidence step or a changed
 * under-provisioning flag. Samples arrive every minute per pod, recommendations move over hours: this keeps
 * the topic to a few records per container per day.
 */
public record EmissionPolicy(double minChangeFraction) {

    public boolean isMaterial(Emitted last, Emitted next) {
        if (!last.any()) {
            return true;
        }
        return moved(last.cpuTargetMillicores(), next.cpuTargetMillicores())
                || moved(last.memoryTargetBytes(), next.memoryTargetBytes())
                || last.confidenceStep() != next.confidenceStep() || last.flags() != next.flags();
    }

    private boolean moved(long before, long after) {
        if (before == after) {
            return false;
        }
        if (before == 0) {
            return true;
        }
        return Math.abs(after - before) > minChangeFraction * before;
    }
}
