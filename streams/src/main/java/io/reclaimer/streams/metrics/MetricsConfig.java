package io.reclaimer.streams.metrics;

/**
 * What the analysis exports on {@code /metrics} beyond its aggregates (which are always exported: per cluster and
 * per namespace, bounded by the fleet's clusters and namespaces, not its containers).
 *
 * @param topWorkloads  the workloads with the highest recommended savings exported per instance with their own
 *                      series (default 100)
 * @param topContainers the containers with the highest recommended savings exported per instance with their requests,
 *                      targets and savings (default 100)
 * @param perContainer  export every container's series instead of the top ones (default false), up to
 *                      {@link #MAX_CONTAINER_SERIES} containers per instance: beyond that, the ones with the most
 *                      savings. A million containers would be five million series, which no Prometheus scrapes from
 *                      one target
 */
public record MetricsConfig(Integer topWorkloads, Integer topContainers, Boolean perContainer) {

    /** The hard cap on containers with their own series, per instance, even with {@code perContainer}. */
    public static final int MAX_CONTAINER_SERIES = 10_000;

    public static final MetricsConfig DEFAULTS = new MetricsConfig(null, null, null);

    public MetricsConfig {
        topWorkloads = topWorkloads == null ? 100 : topWorkloads;
        topContainers = topContainers == null ? 100 : topContainers;
        perContainer = perContainer != null && perContainer;
        if (topWorkloads < 0 || topWorkloads > MAX_CONTAINER_SERIES) {
            throw new IllegalArgumentException("topWorkloads must be within [0, " + MAX_CONTAINER_SERIES + "], was "
                    + topWorkloads);
        }
        if (topContainers < 0 || topContainers > MAX_CONTAINER_SERIES) {
            throw new IllegalArgumentException("topContainers must be within [0, " + MAX_CONTAINER_SERIES + "], was "
                    + topContainers);
        }
    }

    /** How many containers get their own series. */
    public int containerSeries() {
        return perContainer ? MAX_CONTAINER_SERIES : topContainers;
    }
}
