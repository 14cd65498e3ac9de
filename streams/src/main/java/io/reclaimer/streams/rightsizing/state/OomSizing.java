package io.reclaimer.streams.rightsizing.state;

/**
 * The memory an OOM kill is sized from. VPA uses the container's memory request at the kill (for evictions,
 * the usage); we take the larger of the request (from the event, else the inventory) and the usage at the kill
 * when the source knows it. The topology and the offline command both use this.
 */
public final class OomSizing {

    private OomSizing() {
    }

    public static long memoryAtKill(Long requestAtKill, Long usageAtKill, Long knownRequest) {
        long bytes = requestAtKill != null ? requestAtKill : knownRequest != null ? knownRequest : 0;
        return usageAtKill != null ? Math.max(bytes, usageAtKill) : bytes;
    }
}
