package io.reclaimer.app.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import io.reclaimer.app.config.HttpSettings;
import io.reclaimer.app.config.KafkaSettings;
import io.reclaimer.app.config.ReclaimerConfig;
import io.reclaimer.app.runtime.KafkaRuntime;
import io.reclaimer.app.runtime.PipelineRun;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.model.serde.Json;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.rightsizing.RightsizingQueries;
import io.reclaimer.testkit.KafkaExtension;
import io.reclaimer.testkit.KafkaTestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pipeline instances with one application id on the real broker, each announcing its HTTP endpoint as its
 * {@code application.server}: asking either one for any container gets the answer of the instance that holds it.
 */
@ExtendWith(KafkaExtension.class)
class RecommendationsEndpointIT {

    private static final int CONTAINERS = 16;
    private static final int PODS = 2;
    private static final int SAMPLES_PER_POD = 6;
    private static final TypeReference<List<Recommendation>> LIST = new TypeReference<>() { };

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eitherInstanceAnswersForEveryContainerByForwardingToTheOneThatHoldsIt(KafkaTestCluster kafka,
                                                                              @TempDir Path dir) throws Exception {
        Topics topics = kafka.createTopics("recommendations-http");
        // no port: each instance announces the port its HTTP endpoint got (http.port 0)
        ReclaimerConfig config = new ReclaimerConfig(new KafkaSettings(kafka.bootstrapServers(), null, topics.namespace(),
                (short) 1), null, null, AnalysisConfig.DEFAULTS.withApplicationId(topics.namespace() + "-analysis")
                .withApplicationServer("127.0.0.1"), null, null, null, null, null, null, null);
        HttpSettings anyPort = new HttpSettings(0, "127.0.0.1");
        List<ContainerRef> containers = new ArrayList<>();
        for (int i = 0; i < CONTAINERS; i++) {
            // a cluster id with ':' travels percent-encoded in the path
            containers.add(new ContainerRef("eks:eu-west-1:prod", "shop", "Deployment", "svc-" + i, "app"));
        }

        try (KafkaRuntime runtime = KafkaRuntime.open(config.kafka(), false);
             PipelineRun a = PipelineRun.start(config, anyPort, runtime, dir.resolve("a"));
             PipelineRun b = PipelineRun.start(config, anyPort, runtime, dir.resolve("b"))) {
            String serverA = "127.0.0.1:" + a.httpPort();
            String serverB = "127.0.0.1:" + b.httpPort();
            produceUsage(kafka, topics, containers);

            // every container complete, split between the two instances (each holds some partitions)
            Map<String, Recommendation> ofA = new TreeMap<>();
            Map<String, Recommendation> ofB = new TreeMap<>();
            await().atMost(Duration.ofMinutes(5)).ignoreExceptions().untilAsserted(() -> {
                ofA.clear();
                ofB.clear();
                instanceList(a).forEach(r -> ofA.put(r.container().key(), r));
                instanceList(b).forEach(r -> ofB.put(r.container().key(), r));
                assertThat(ofA).isNotEmpty();
                assertThat(ofB).isNotEmpty().doesNotContainKeys(ofA.keySet().toArray(String[]::new));
                assertThat(ofA.size() + ofB.size()).isEqualTo(CONTAINERS);
                assertThat(ofA.values()).allSatisfy(r -> assertThat(r.sampleCount()).isEqualTo(PODS * SAMPLES_PER_POD));
                assertThat(ofB.values()).allSatisfy(r -> assertThat(r.sampleCount()).isEqualTo(PODS * SAMPLES_PER_POD));
            });

            for (Recommendation held : ofB.values()) {
                // asked of A, answered by B
                HttpResponse<byte[]> response = get(a, pathOf(held.container()), null);
                assertThat(response.statusCode()).as(held.container().key()).isEqualTo(200);
                assertThat(response.headers().firstValue(RecommendationsEndpoint.ANSWERED_BY)).hasValue(serverB);
                assertThat(Json.mapper().readValue(response.body(), Recommendation.class)).isEqualTo(held);
            }
            for (Recommendation held : ofA.values()) {
                HttpResponse<byte[]> fromB = get(b, pathOf(held.container()), null);
                assertThat(fromB.statusCode()).isEqualTo(200);
                assertThat(fromB.headers().firstValue(RecommendationsEndpoint.ANSWERED_BY)).hasValue(serverA);
                assertThat(Json.mapper().readValue(fromB.body(), Recommendation.class)).isEqualTo(held);
                HttpResponse<byte[]> fromA = get(a, pathOf(held.container()), null);
                assertThat(fromA.headers().firstValue(RecommendationsEndpoint.ANSWERED_BY)).hasValue(serverA);
                assertThat(Json.mapper().readValue(fromA.body(), Recommendation.class)).isEqualTo(held);
            }

            // the what-if at the recommended value, asked of the instance that does not hold the container: forwarded,
            // and estimated from the same state as the recommendation's own what-if line, so it is that line exactly
            for (PipelineRun asked : List.of(a, b)) {
                Map<String, Recommendation> heldByOther = asked == a ? ofB : ofA;
                String holder = asked == a ? serverB : serverA;
                for (Recommendation held : heldByOther.values()) {
                    assertThat(held.whatIf()).as(held.container().key()).isNotNull();
                    String query = "?cpu=" + Math.round(held.cpu().targetCores() * 1000) + "m&memory=" + held.memory().targetBytes();
                    HttpResponse<byte[]> response = get(asked, pathOf(held.container()) + "/what-if" + query, null);
                    assertThat(response.statusCode()).as(held.container().key() + " " + new String(response.body(),
                            java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
                    assertThat(response.headers().firstValue(RecommendationsEndpoint.ANSWERED_BY)).hasValue(holder);
                    assertThat(Json.mapper().readValue(response.body(), WhatIfEstimate.class)).isEqualTo(held.whatIf());
                }
            }
            // a proposal below everything used: every CPU sample above it, and each day's memory peak
            Recommendation sample = ofA.values().iterator().next();
            HttpResponse<byte[]> tight = get(b, pathOf(sample.container()) + "/what-if?cpu=10m&memory=16Mi", null);
            WhatIfEstimate squeezed = Json.mapper().readValue(tight.body(), WhatIfEstimate.class);
            assertThat(squeezed.cpuAbovePercent()).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(squeezed.memoryDaysAbove()).isEqualTo(squeezed.memoryDays()).isPositive();
            HttpResponse<byte[]> badQuantity = get(b, pathOf(sample.container()) + "/what-if?cpu=lots&memory=16Mi", null);
            assertThat(badQuantity.statusCode()).isEqualTo(400);
            assertThat(Json.mapper().readTree(badQuantity.body()).get("error").asText()).contains("cpu: 'lots'");

            // scope=all: every instance's, in the order of one instance's list
            List<Recommendation> everything = new ArrayList<>(ofA.values());
            everything.addAll(ofB.values());
            everything.sort(RightsizingQueries.MOST_SAVINGS_FIRST);
            for (PipelineRun instance : List.of(a, b)) {
                HttpResponse<byte[]> all = get(instance, "/api/recommendations?scope=all", null);
                assertThat(all.statusCode()).isEqualTo(200);
                assertThat(Json.mapper().readValue(all.body(), LIST)).containsExactlyElementsOf(everything);
            }

            // an unknown container: 404 with a JSON error, whichever instance its partition belongs to
            ContainerRef unknown = new ContainerRef("eks:eu-west-1:prod", "shop", "Deployment", "never-seen", "app");
            for (PipelineRun instance : List.of(a, b)) {
                HttpResponse<byte[]> response = get(instance, pathOf(unknown), null);
                assertThat(response.statusCode()).isEqualTo(404);
                assertThat(Json.mapper().readTree(response.body()).get("error").asText()).contains(unknown.key());
                HttpResponse<byte[]> whatIf = get(instance, pathOf(unknown) + "/what-if?cpu=1&memory=1Gi", null);
                assertThat(whatIf.statusCode()).isEqualTo(404);
                assertThat(Json.mapper().readTree(whatIf.body()).get("error").asText()).contains(unknown.key());
            }

            // a request that was already forwarded once is not forwarded again
            ContainerRef ofOther = ofB.values().iterator().next().container();
            HttpResponse<byte[]> looped = get(a, pathOf(ofOther), "127.0.0.1:1");
            assertThat(looped.statusCode()).isEqualTo(503);
            assertThat(Json.mapper().readTree(looped.body()).get("error").asText()).contains("held by " + serverB);

            HttpResponse<byte[]> malformed = get(a, "/api/recommendations/eks:eu-west-1:prod/shop/Deployment/svc-1", null);
            assertThat(malformed.statusCode()).isEqualTo(400);
        }
    }

    private static String pathOf(ContainerRef container) {
        String path = "/api/recommendations/" + ContainerPath.of(container);
        assertThat(path).contains("eks%3Aeu-west-1%3Aprod");
        return path;
    }

    private List<Recommendation> instanceList(PipelineRun instance) throws Exception {
        HttpResponse<byte[]> response = get(instance, "/api/recommendations", null);
        assertThat(response.statusCode()).as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(200);
        return Json.mapper().readValue(response.body(), LIST);
    }

    private HttpResponse<byte[]> get(PipelineRun instance, String pathAndQuery, String forwardedBy) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (forwardedBy != null) {
            request.header(RecommendationsEndpoint.FORWARDED_BY, forwardedBy);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void produceUsage(KafkaTestCluster kafka, Topics topics, List<ContainerRef> containers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // recent: the usage topic's retention would delete older samples before they are read
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        try (KafkaProducer<String, UsageSample> producer = new KafkaProducer<>(props,
                topics.usageSamples().keySerde().serializer(), topics.usageSamples().valueSerde().serializer())) {
            for (int step = 0; step < SAMPLES_PER_POD; step++) {
                Instant at = start.plus(Duration.ofMinutes(10L * step));
                for (int c = 0; c < containers.size(); c++) {
                    ContainerRef container = containers.get(c);
                    for (int pod = 0; pod < PODS; pod++) {
                        UsageSample sample = new UsageSample(container, container.workloadName() + "-" + pod, at,
                                0.05 + 0.01 * c + 0.001 * pod, (100L + 10L * c + step) << 20);
                        producer.send(new ProducerRecord<>(topics.usageSamples().name(), null, at.toEpochMilli(),
                                container.key(), sample));
                    }
                }
            }
        }
    }
}
