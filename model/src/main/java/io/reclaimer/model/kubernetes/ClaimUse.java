package io.reclaimer.model.kubernetes;

/**
 * The one definition of "a pod uses this claim", for the collector's {@code mountedByPods} (and so the analysis's
 * {@code unused-pvc}) and the delete's re-check alike: a pod that has not finished (any phase but
 * {@code Succeeded} and {@code Failed}) whose volume names the claim, directly or as a generic ephemeral volume
 * (whose claim Kubernetes names {@code <pod>-<volume>}). Plain values in, so every module can apply it to its
 * own representation of a pod.
 */
public final class ClaimUse {

    private ClaimUse() {
    }

    /** A pod holds its volumes until it has finished. */
    public static boolean holdsVolumes(String podPhase) {
        return !"Succeeded".equals(podPhase) && !"Failed".equals(podPhase);
    }

    /**
     * The claim a pod volume uses: its {@code persistentVolumeClaim.claimName}, or {@code <pod>-<volume>} for a
     * generic ephemeral volume; null for any other volume.
     */
    public static String claimName(String podName, String volumeName, String persistentClaimName, boolean ephemeral) {
        if (persistentClaimName != null) {
            return persistentClaimName;
        }
        return ephemeral ? podName + "-" + volumeName : null;
    }
}
