package io.reclaimer.streams.metrics;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.ProcessingContext;

/**
 * The aggregates an analysis instance exports, maintained by its processors as records flow (never by scanning a
 * state store at scrape time): per task, so that a task moving to another instance takes its share along. Processors
 * find their instance's aggregates through {@link #INSTANCE_CONFIG}, which {@code AnalysisService} sets to a unique id
 * per instance (without it, as in {@code TopologyTestDriver}, the application id).
 */
public final class LiveAggregates {

    /** The Kafka Streams property naming this instance's aggregates. */
    public static final String INSTANCE_CONFIG = "reclaimer.analysis.instance";

    private static final ConcurrentMap<String, LiveAggregates> INSTANCES = new ConcurrentHashMap<>();

    private final ConcurrentMap<String, RightsizingTotals> rightsizing = new ConcurrentHashMap<>();
    private final InstanceTotals instance = new InstanceTotals();
    private final ConcurrentMap<String, FindingTotals> findings = new ConcurrentHashMap<>();

    public static LiveAggregates forInstance(String instance) {
        return INSTANCES.computeIfAbsent(instance, i -> new LiveAggregates());
    }

    /** The aggregates of the instance running this processor. */
    public static LiveAggregates of(ProcessingContext context) {
        return forInstance(instanceOf(context.appConfigs()));
    }

    static String instanceOf(Map<String, Object> configs) {
        Object instance = configs.get(INSTANCE_CONFIG);
        return instance != null ? instance.toString() : String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    /** Forgets an instance that has closed. */
    public static void release(String instance) {
        INSTANCES.remove(instance);
    }

    /** Fresh rightsizing totals for a task that is (re)starting. */
    public RightsizingTotals startRightsizing(String task) {
        RightsizingTotals totals = new RightsizingTotals(instance);
        RightsizingTotals previous = rightsizing.put(task, totals);
        if (previous != null) {
            previous.withdraw(); // re-initialised without a close: its old share must not count twice
        }
        return totals;
    }

    public void stopRightsizing(String task, RightsizingTotals totals) {
        if (rightsizing.remove(task, totals)) {
            totals.withdraw();
        }
    }

    InstanceTotals instance() {
        return instance;
    }

    /** Fresh finding totals for an emitter's task that is (re)starting. */
    public FindingTotals startFindings(String emitterTask) {
        FindingTotals totals = new FindingTotals();
        findings.put(emitterTask, totals);
        return totals;
    }

    public void stopFindings(String emitterTask, FindingTotals totals) {
        findings.remove(emitterTask, totals);
    }

    Collection<RightsizingTotals> rightsizing() {
        return rightsizing.values();
    }

    Collection<FindingTotals> findings() {
        return findings.values();
    }
}
