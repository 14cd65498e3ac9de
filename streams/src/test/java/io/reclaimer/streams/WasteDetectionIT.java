package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.collectors.sink.KafkaEventSink;
import io.reclaimer.collectors.simulator.FleetSimulator;
import io.reclaimer.collectors.simulator.PlantedWaste;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.costs.CostAllocation;
import io.reclaimer.model.costs.CostReconciliation;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.topics.TopicSpec;
import io.reclaimer.model.topics.Topics;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.streams.metrics.AnalysisMetrics;
import io.reclaimer.model.topics.CompactedTopicReader;
import io.reclaimer.streams.report.WasteReport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import io.reclaimer.streams.allocation.AllocationConfig;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated fleet's ground truth against the whole waste analysis on a real broker: every planted item
 * is found with the right kind and the price the documented table gives (recall 1.0), nothing else is
 * flagged (precision 1.0), and re-attaching a planted volume resolves its finding with a tombstone.
 */
@ExtendWith(KafkaExtension.class)
class WasteDetectionIT {

    private static final Logger LOG = LoggerFactory.getLogger(WasteDetectionIT.class);
    /** Monday 2 November 2026, noon in Paris. */
    private static final Instant START = Instant.parse("2026-11-02T11:00:00Z");
    private static final Duration HISTORY = Duration.ofDays(7);

    @Test
    void everyPlantedItemIsFoundAtItsPriceNothingElseIsFlaggedAndAReattachedVolumeResolves(KafkaTestCluster kafka,
                                                                                          @TempDir Path stateDir)
            throws Exception {
        long began = System.nanoTime();
        Topics topics = kafka.createTopics("waste");
        SimulatorConfig simulation = new SimulatorConfig(2, 42L, HISTORY, Duration.ofHours(1), null, null, START, null, null);
        FleetSimulator simulator = new FleetSimulator(simulation, topics, Clock.fixed(START, ZoneOffset.UTC));
        // the history is a week: idle namespaces are judged on 3 days of it; schedules are learned in Paris time
        WasteConfig config = WasteConfig.DEFAULTS
                .withThresholds(new WasteConfig.Thresholds(null, null, null, null, null, null, null, null, 3))
                .withOffHours(new WasteConfig.OffHours("Europe/Paris", null, null, null, null, null, null))
                .withAllocation(new AllocationConfig(null, null, null, null, null, null, null, 1));
        AnalysisConfig analysis = AnalysisConfig.DEFAULTS.withStateDir(stateDir).withApplicationId("waste-it-" + topics.namespace());

        try (AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, WasteFeatures.all(config)),
                AnalysisService.properties(kafka.client(), topics, analysis, Map.of()));
             Recorder sink = new Recorder(KafkaEventSink.connect(kafka.client(), "waste-it", Map.of()))) {
            service.start();
            // the broker creates partitions in order: once Streams runs (its internal topics exist and it has
            // fetched offsets), every catalog partition has its leader and the simulator can send
            await().atMost(Duration.ofMinutes(5)).until(service::running);
            LOG.info("analysis running after {} ms", (System.nanoTime() - began) / 1_000_000);
            long samples = simulator.emitHistory(sink);
            // a little of the live phase, so the last hour of history closes
            for (Instant t = START; t.isBefore(START.plus(Duration.ofHours(2))); t = t.plus(Duration.ofHours(1))) {
                samples += simulator.emitUsage(sink, t);
            }
            sink.flush();
            LOG.info("simulated {} usage samples in {} ms", samples, (System.nanoTime() - began) / 1_000_000);

            Map<String, Double> expected = expected(simulator.plantedWaste(), sink.specs);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(read(kafka, topics.findings()).keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet()));
            LOG.info("all {} planted findings, and nothing else, after {} ms", expected.size(),
                    (System.nanoTime() - began) / 1_000_000);

            Map<String, Finding> findings = read(kafka, topics.findings());
            for (PlantedWaste planted : simulator.plantedWaste()) {
                Finding f = findings.get(Finding.idFor(planted.kind(), planted.resource()));
                assertThat(f.kind()).isEqualTo(planted.kind());
                assertThat(f.resource()).isEqualTo(planted.resource());
                assertThat(f.monthlyUsd()).as(planted.toString()).isCloseTo(expected.get(f.id()), within(0.01));
                if (!planted.namespace().isEmpty()) {
                    assertThat(f.namespace()).isEqualTo(planted.namespace());
                }
                if (planted.kind() == FindingKind.OFF_HOURS_SCHEDULE) {
                    assertThat(f.evidence()).containsEntry("uptimeWindow",
                            planted.facts().get("activeHours") + " " + planted.facts().get("timeZone"));
                }
            }

            reattachesTheBuildCacheAndItsFindingResolves(kafka, topics, simulator, sink, findings);
            allocatesAndReconcilesTheClusters(kafka, topics, sink);
            reportsAndExportsWhatIsOpen(kafka, topics, service, expected, findings);
            LOG.info("done after {} ms", (System.nanoTime() - began) / 1_000_000);
        }
    }

    private void reattachesTheBuildCacheAndItsFindingResolves(KafkaTestCluster kafka, Topics topics,
                                                              FleetSimulator simulator, Recorder sink,
                                                              Map<String, Finding> findings) {
        PlantedWaste cache = simulator.plantedWaste().stream()
                .filter(w -> w.kind() == FindingKind.UNATTACHED_VOLUME && "500".equals(w.facts().get("sizeGib")))
                .findFirst().orElseThrow();
        EbsVolume before = simulator.fleet().clusters().stream().flatMap(c -> c.cloudResources().stream())
                .filter(r -> r.ref().key().equals(cache.resource())).map(EbsVolume.class::cast).findFirst().orElseThrow();
        Instant now = START.plus(Duration.ofHours(2));
        EbsVolume attached = new EbsVolume(before.ref(), "in-use", before.sizeGib(), before.volumeType(), before.iops(),
                before.throughputMibps(), List.of(new EbsVolume.Attachment("i-0rebuilt", "/dev/xvdf", "attached", now)),
                before.snapshotId(), before.createdAt(), before.tags(), now);
        sink.emit(topics.cloudInventory(), attached.ref().key(), (CloudResource) attached);
        sink.flush();

        String id = Finding.idFor(FindingKind.UNATTACHED_VOLUME, cache.resource());
        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> assertThat(read(kafka, topics.findings()))
                .doesNotContainKey(id).hasSize(findings.size() - 1));
        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, Finding>> log = kafka.readUntil(topics.findings(),
                records -> records.stream().anyMatch(r -> r.key().equals(id) && r.value() == null), Duration.ofSeconds(30));
        assertThat(log).filteredOn(r -> r.key().equals(id)).last().satisfies(r -> assertThat(r.value()).isNull());
    }

    private void allocatesAndReconcilesTheClusters(KafkaTestCluster kafka, Topics topics, Recorder sink) {
        Map<String, Double> nodesHourly = new TreeMap<>();
        sink.nodes.values().forEach(n -> nodesHourly.merge(n.ref().cluster(), n.hourlyUsd(), Double::sum));
        LocalDate finalDay = START.atZone(ZoneOffset.UTC).toLocalDate().minusDays(3);

        await().atMost(Duration.ofMinutes(5)).untilAsserted(() -> {
            Map<String, CostReconciliation> reconciliations = read(kafka, topics.costReconciliations());
            for (String cluster : nodesHourly.keySet()) {
                CostReconciliation rec = reconciliations.get(cluster + "/" + finalDay);
                assertThat(rec).as(cluster + " on " + finalDay).isNotNull();
                assertThat(rec.coveredHours()).isEqualTo(24);
                assertThat(rec.estimatedUsd()).isCloseTo(nodesHourly.get(cluster) * 24 + 2.4,
                        within(0.02 * nodesHourly.get(cluster) * 24));
                BillingLine invoice = sink.invoices.get(cluster + "/" + finalDay);
                assertThat(rec.invoicedUsd()).isEqualTo(invoice.amount());
                assertThat(rec.invoiceEstimated()).isFalse();
                assertThat(rec.deltaUsd()).isCloseTo(invoice.amount() - rec.estimatedUsd(), within(1e-6));
            }
            Map<String, CostAllocation> allocations = read(kafka, topics.costAllocations());
            for (String cluster : nodesHourly.keySet()) {
                CostAllocation total = allocations.get(cluster + "/cluster");
                assertThat(total).as(cluster).isNotNull();
                assertThat(total.coveredHours()).isEqualTo(24);
                double namespaces = allocations.values().stream().filter(a -> a.cluster().equals(cluster)
                        && a.level() == CostAllocation.Level.NAMESPACE).mapToDouble(CostAllocation::totalUsd).sum();
                assertThat(namespaces).as("idle shared out: namespaces add up to the nodes").isCloseTo(total.totalUsd(),
                        within(0.01));
            }
        });
    }

    private void reportsAndExportsWhatIsOpen(KafkaTestCluster kafka, Topics topics, AnalysisService service,
                                             Map<String, Double> expected, Map<String, Finding> before) throws Exception {
        Finding reattached = before.values().stream().filter(f -> f.kind() == FindingKind.UNATTACHED_VOLUME
                && "500".equals(f.evidence().get("sizeGib"))).findFirst().orElseThrow();
        double openWaste = expected.values().stream().mapToDouble(Double::doubleValue).sum() - expected.get(reattached.id());

        WasteReport report = WasteReport.read(kafka.client(), topics, Duration.ofSeconds(20));
        assertThat(report.findings()).hasSize(expected.size() - 1);
        assertThat(report.totals().monthlyWasteUsd()).isCloseTo(openWaste, within(0.05));
        assertThat(report.costs()).filteredOn(c -> c.level().equals("cluster")).hasSize(2)
                .allSatisfy(c -> assertThat(c.reconciliation()).isNotNull());

        PrometheusRegistry registry = new PrometheusRegistry();
        AnalysisMetrics.register(registry, service);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);
        long unattached = expected.keySet().stream().filter(id -> id.startsWith("unattached-volume:")).count() - 1;
        assertThat(text).contains("reclaimer_open_findings{kind=\"unattached-volume\"} " + (double) unattached,
                "reclaimer_open_findings{kind=\"off-hours-schedule\"} 4.0", "reclaimer_streams_up 1.0")
                .containsPattern("reclaimer_namespace_cost_monthly_usd\\{cluster=\"prod-eu-west-1\",namespace=\"shop\"} [0-9.]+")
                .containsPattern("reclaimer_reconciliation_delta_usd\\{cluster=\"prod-us-east-1\"} [0-9.E-]+");
        LOG.info("report: {} findings, {} USD/month of waste", report.findings().size(), report.totals().monthlyWasteUsd());
    }

    /** Expected monthly USD per finding id, from the planted facts and the price table of docs/pricing.md. */
    private static Map<String, Double> expected(List<PlantedWaste> planted, Map<String, WorkloadContainerSpec> specs) {
        Map<String, Double> byNamespace = new HashMap<>();
        specs.values().forEach(s -> byNamespace.merge(s.container().cluster() + "/" + s.container().namespace(),
                s.replicas() * s.prices().monthlyUsd(s.requests().cpuCores(), s.requests().memoryBytes()), Double::sum));
        Map<String, Double> expected = new TreeMap<>();
        for (PlantedWaste w : planted) {
            Map<String, String> f = w.facts();
            double usd = switch (w.kind()) {
                case UNATTACHED_VOLUME, UNUSED_PVC, RELEASED_PV -> volume(f.get("volumeType"), f.get("sizeGib"), f.get("iops"));
                case UNASSOCIATED_ADDRESS -> 0.005 * 730;
                case IDLE_LOAD_BALANCER -> 0.0225 * 730;
                case ORPHANED_SNAPSHOT -> Integer.parseInt(f.get("sizeGib")) * 0.05;
                case STOPPED_INSTANCE_VOLUMES -> {
                    double sum = 0;
                    for (String v : f.get("volumes").split(",")) {
                        String[] parts = v.split(":");
                        sum += volume(parts[2], parts[1], null);
                    }
                    yield sum;
                }
                case SERVICE_WITHOUT_ENDPOINTS -> 0.025 * 730;
                case IDLE_NAMESPACE -> byNamespace.get(w.cluster() + "/" + w.namespace());
                case OFF_HOURS_SCHEDULE -> {
                    assertThat(f.get("activeHours")).isEqualTo("Mon-Fri 08:00-19:00");
                    yield byNamespace.get(w.cluster() + "/" + w.namespace()) * (168 - 5 * 11) / 168.0;
                }
                default -> throw new AssertionError("not planted by the simulator: " + w.kind());
            };
            expected.put(Finding.idFor(w.kind(), w.resource()), usd);
        }
        return expected;
    }

    /** EBS list prices: gp3 $0.08 (3000 IOPS, 125 MiB/s included), gp2 $0.10, io1 $0.125 + $0.065/IOPS. */
    private static double volume(String type, String sizeGib, String iops) {
        int gib = Integer.parseInt(sizeGib);
        return switch (type) {
            case "gp3" -> gib * 0.08;
            case "gp2" -> gib * 0.10;
            case "io1", "io2" -> gib * 0.125 + Integer.parseInt(iops) * 0.065;
            default -> throw new AssertionError("no price for " + type);
        };
    }

    private static <V> Map<String, V> read(KafkaTestCluster kafka, TopicSpec<String, V> topic) {
        return CompactedTopicReader.readAll(kafka.client(), topic, Duration.ofSeconds(20));
    }

    /** Sends to Kafka and remembers what the expected figures depend on. */
    private static final class Recorder implements EventSink {
        private final EventSink delegate;
        final Map<String, WorkloadContainerSpec> specs = new ConcurrentHashMap<>();
        final Map<String, NodeInfo> nodes = new ConcurrentHashMap<>();
        final Map<String, BillingLine> invoices = new ConcurrentHashMap<>();

        Recorder(EventSink delegate) {
            this.delegate = delegate;
        }

        @Override
        public <V> void emit(TopicSpec<String, V> topic, String key, V value) {
            if (value instanceof WorkloadContainerSpec spec) {
                specs.put(key, spec);
            } else if (value instanceof NodeInfo node) {
                nodes.put(key, node);
            } else if (value instanceof BillingLine line && "TAG".equals(line.groupKey())
                    && "UnblendedCost".equals(line.metric())) {
                invoices.put(line.tagValue() + "/" + line.date(), line);
            }
            delegate.emit(topic, key, value);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }


}
