package io.reclaimer.streams.gpu;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.GpuUsageSample;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code idle-gpu}: a container that requests GPUs whose busiest hour over the last
 * {@code capacity.idleGpuWindowHours} hours (all of them observed) averaged at most
 * {@code capacity.idleGpuMaxUtilization} of its GPUs (DCGM's {@code DCGM_FI_DEV_GPU_UTIL}). Priced at what the
 * GPUs cost: replicas x GPUs per pod x the nodes' GPU-hour price (OpenCost's split of the node price) x 730.
 * GPU samples meet the workload spec on the container's partition (same key, co-partitioned topics); a container
 * without DCGM samples is never judged: no evidence, no finding. No executor acts on it (dry-run requests only).
 */
public final class IdleGpus implements AnalysisFeature {

    public static final String FINDINGS_STORE = "idle-gpu-findings";
    static final String HOURS_STORE = "idle-gpu-hours";

    private final WasteConfig config;

    public IdleGpus(WasteConfig config) {
        this.config = config;
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new IdleGpus(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    /** A GPU sample with the container's spec as the workloads table has it (null when unknown). */
    public record Observation(GpuUsageSample sample, WorkloadContainerSpec spec) {
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        TopicSpec<String, GpuUsageSample> topic = inputs.topics().gpuUsage();
        KStream<String, GpuUsageSample> usage = inputs.derived("gpu-usage", in -> in.builder().stream(topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName("gpu-usage-source")));
        StreamsBuilder builder = inputs.builder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HOURS_STORE), Serdes.String(),
                JsonSerde.of(GpuHours.class)).withCachingEnabled());
        WasteConfig.CapacityFindings settings = config.capacity();
        KStream<String, Assessment> assessments = usage
                .filter((key, sample) -> sample != null, Named.as("idle-gpu-samples"))
                .leftJoin(inputs.workloads(), Observation::new, Joined.as("idle-gpu-usage-spec"))
                .process(() -> new Judge(settings), Named.as("idle-gpu-judge"), HOURS_STORE);
        FindingEmitter.attach(builder, inputs.topics(), assessments, FINDINGS_STORE, config.thresholdDays());
    }

    private static final class Judge implements Processor<String, Observation, String, Assessment> {
        private final WasteConfig.CapacityFindings settings;
        private KeyValueStore<String, GpuHours> hours;
        private ProcessorContext<String, Assessment> context;

        Judge(WasteConfig.CapacityFindings settings) {
            this.settings = settings;
        }

        @Override
        public void init(ProcessorContext<String, Assessment> context) {
            this.context = context;
            this.hours = context.getStateStore(HOURS_STORE);
        }

        @Override
        public void process(Record<String, Observation> record) {
            GpuUsageSample sample = record.value().sample();
            GpuHours before = hours.get(record.key());
            GpuHours after = (before == null ? GpuHours.EMPTY : before).with(
                    Math.floorDiv(sample.timestamp().getEpochSecond(), 3600), sample.utilizationRatio(),
                    settings.idleGpuWindowHours());
            hours.put(record.key(), after);
            Assessment assessment = assess(record.key(), record.value().spec(), after, sample.timestamp(), settings);
            context.forward(new Record<>(assessment.findingId(), assessment, record.timestamp()));
        }
    }

    /** Pure: the container's spec and GPU hours in, an assessment out. */
    public static Assessment assess(String key, WorkloadContainerSpec spec, GpuHours hours, Instant now,
                                    WasteConfig.CapacityFindings settings) {
        double gpusPerPod = spec == null ? 0 : spec.requests().gpus();
        Double gpuPrice = spec == null || spec.prices() == null ? null : spec.prices().gpuUsdPerGpuHour();
        if (spec == null || gpusPerPod == 0 || spec.replicas() == 0 || gpuPrice == null
                || hours.coveredHours() < settings.idleGpuWindowHours()
                || hours.peakHourlyUtilization() > settings.idleGpuMaxUtilization()) {
            return Assessment.clean(FindingKind.IDLE_GPU, key, now);
        }
        ContainerRef c = spec.container();
        double monthly = spec.replicas() * gpusPerPod * gpuPrice * io.reclaimer.model.kubernetes.UnitPrices.HOURS_PER_MONTH;
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("workload", c.workloadKind() + "/" + c.workloadName());
        evidence.put("replicas", Integer.toString(spec.replicas()));
        evidence.put("gpusPerPod", fmt(gpusPerPod));
        evidence.put("windowHours", Integer.toString(hours.coveredHours()));
        evidence.put("peakHourlyUtilization", fmt(hours.peakHourlyUtilization()));
        evidence.put("averageUtilization", fmt(hours.averageUtilization()));
        evidence.put("gpuUsdPerGpuHour", fmt(gpuPrice));
        evidence.put("price", spec.replicas() + " pods x " + fmt(gpusPerPod) + " GPU x $" + fmt(gpuPrice)
                + "/GPU-hour x 730 h");
        Finding draft = new Finding(Finding.idFor(FindingKind.IDLE_GPU, c.key()), FindingKind.IDLE_GPU, c.key(),
                "Container", c.container(), "kubernetes", c.cluster(), c.namespace(), "", "", monthly, now, now, null,
                evidence, spec.labels(), spec.annotations(), Map.of());
        return Assessment.wasteSince(draft, Instant.ofEpochSecond(hours.firstHour() * 3600));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
