package io.reclaimer.model.findings;

/**
 * The {@link Finding#evidence()} keys that another module reads back (policies size a downsize from them,
 * actions plan and execute from them), in one place: the analysis writes them with these constants and the
 * readers look them up with the same ones, so a renamed key fails to compile instead of silently reading
 * nothing. Evidence only humans read (prices, counts, explanations) stays with the rule that writes it.
 */
public final class Evidence {

    private Evidence() {
    }

    // ---- overprovisioned-container: per-pod requests now and as recommended (plain decimals)
    public static final String CPU_REQUEST_CORES = "cpuRequestCores";
    public static final String CPU_TARGET_CORES = "cpuTargetCores";
    public static final String CPU_UPPER_BOUND_CORES = "cpuUpperBoundCores";
    public static final String MEMORY_REQUEST_BYTES = "memoryRequestBytes";
    public static final String MEMORY_TARGET_BYTES = "memoryTargetBytes";
    public static final String MEMORY_UPPER_BOUND_BYTES = "memoryUpperBoundBytes";
    /** {@code "true"} when an HPA scales the workload on CPU (a CPU request it scales on is not cut alone). */
    public static final String HPA_SCALES_ON_CPU = "hpaScalesOnCpu";

    // ---- off-hours-schedule: the learned uptime window ("Mon-Fri 07:00-20:00" = days + " " + hours)
    public static final String UPTIME_WINDOW = "uptimeWindow";
    public static final String DAYS = "days";
    public static final String HOURS = "hours";
    public static final String TIME_ZONE = "timeZone";

    // ---- unassociated-address
    public static final String PUBLIC_IP = "publicIp";

    // ---- idle-load-balancer: "application", "network", "classic" and the load balancer's name
    public static final String LOAD_BALANCER_TYPE = "type";
    public static final String LOAD_BALANCER_NAME = "name";
}
