package io.reclaimer.app.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.model.serde.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * What one instance answers from its own state, without a network: the forwarding itself is
 * {@code RecommendationsEndpointIT}'s, on two real instances.
 */
class RecommendationsEndpointTest {

    private static final HostInfo SELF = new HostInfo("10.0.0.1", 9400);
    private static final HostInfo OTHER = new HostInfo("10.0.0.2", 9400);
    private static final ContainerRef HERE = new ContainerRef("eks:prod", "shop", "Deployment", "checkout", "app");
    private static final ContainerRef THERE = new ContainerRef("eks:prod", "shop", "Deployment", "cart", "app");

    private final FakeInstance instance = new FakeInstance();
    private final RecommendationsEndpoint endpoint = new RecommendationsEndpoint(instance, "10.0.0.1:9400");

    @Test
    void answersAContainerThisInstanceHoldsWithTheTopicsJson() throws IOException {
        Recommendation held = recommendation(HERE, 12.5);
        instance.held.put(HERE, held);

        RecommendationsEndpoint.Response response = get("/api/recommendations/eks%3Aprod/shop/Deployment/checkout/app");

        assertThat(response.status).isEqualTo(200);
        assertThat(response.headers).containsEntry(RecommendationsEndpoint.ANSWERED_BY, "10.0.0.1:9400");
        assertThat(Json.mapper().readTree(response.body).get("schema").asText()).isEqualTo("recommendation/v1");
        assertThat(Json.mapper().readValue(response.body, Recommendation.class)).isEqualTo(held);
    }

    @Test
    void unknownContainerHeldHereIs404WithAJsonError() throws IOException {
        instance.owners.put(HERE, SELF);

        RecommendationsEndpoint.Response response = get("/api/recommendations/eks:prod/shop/Deployment/checkout/app");

        assertThat(response.status).isEqualTo(404);
        assertThat(error(response)).contains("eks:prod/shop/Deployment/checkout/app", "too little usage history");
    }

    @Test
    void aForwardedRequestIsNeverForwardedAgain() throws IOException {
        instance.owners.put(THERE, OTHER);

        RecommendationsEndpoint.Response response = endpoint.answer("GET",
                "/api/recommendations/eks:prod/shop/Deployment/cart/app", null, "10.0.0.3:9400");

        assertThat(response.status).isEqualTo(503);
        assertThat(response.headers).containsEntry("Retry-After", "1");
        assertThat(error(response)).contains("held by 10.0.0.2:9400", "10.0.0.3:9400 sent it");
    }

    @Test
    void isUnavailableWhileKafkaStreamsIsNotRunning() throws IOException {
        instance.held.put(HERE, recommendation(HERE, 1.0));
        for (KafkaStreams.State state : List.of(KafkaStreams.State.CREATED, KafkaStreams.State.REBALANCING,
                KafkaStreams.State.PENDING_SHUTDOWN, KafkaStreams.State.ERROR)) {
            instance.state = state;
            for (String path : List.of("/api/recommendations/eks:prod/shop/Deployment/checkout/app", "/api/recommendations",
                    "/api/recommendations/eks:prod/shop/Deployment/checkout/app/what-if")) {
                RecommendationsEndpoint.Response response = endpoint.answer("GET", path, "cpu=1&memory=1Gi", null);
                assertThat(response.status).as(state + " " + path).isEqualTo(503);
                assertThat(error(response)).contains(state.name());
            }
        }
    }

    @Test
    void aMalformedPathIs400NamingTheExpectedForm() throws IOException {
        for (String path : List.of("/api/recommendations/eks:prod/shop/Deployment/checkout",
                "/api/recommendations/eks:prod/shop//checkout/app", "/api/recommendations/eks%zz/shop/Deployment/checkout/app",
                "/api/recommendations/eks%2Fprod/shop/Deployment/checkout/app")) {
            RecommendationsEndpoint.Response response = get(path);
            assertThat(response.status).as(path).isEqualTo(400);
            assertThat(error(response)).as(path).contains("{cluster}/{namespace}/{kind}/{name}/{container}");
        }
    }

    @Test
    void listsThisInstancesRecommendationsBiggestSavingsFirst() throws IOException {
        instance.held.put(THERE, recommendation(THERE, 3.0));
        instance.held.put(HERE, recommendation(HERE, 40.0));

        for (String query : new String[] {null, "scope=instance"}) {
            RecommendationsEndpoint.Response response = endpoint.answer("GET", "/api/recommendations", query, null);
            assertThat(response.status).isEqualTo(200);
            assertThat(containers(response)).containsExactly(HERE.workloadName(), THERE.workloadName());
            // the topic's JSON: every element names its schema, so the strict reader takes the list back
            assertThat(Json.mapper().readValue(response.body, new TypeReference<List<Recommendation>>() { }))
                    .containsExactly(instance.held.get(HERE), instance.held.get(THERE));
        }
    }

    @Test
    void anUnknownScopeIs400() throws IOException {
        RecommendationsEndpoint.Response response = endpoint.answer("GET", "/api/recommendations", "scope=everything", null);

        assertThat(response.status).isEqualTo(400);
        assertThat(error(response)).contains("'instance'", "'all'", "everything");
    }

    @Test
    void onlyGetIsAllowedAndOtherPathsAreNotFound() throws IOException {
        RecommendationsEndpoint.Response post = endpoint.answer("POST", "/api/recommendations", null, null);
        assertThat(post.status).isEqualTo(405);
        assertThat(post.headers).containsEntry("Allow", "GET");
        assertThat(get("/api/recommendationsxyz").status).isEqualTo(404);
    }

    @Test
    void answersAWhatIfOfAContainerThisInstanceHoldsWithTheQuantitiesParsed() throws IOException {
        instance.estimates.put(HERE, estimate(0.2, 512L << 20));

        RecommendationsEndpoint.Response response = endpoint.answer("GET",
                "/api/recommendations/eks%3Aprod/shop/Deployment/checkout/app/what-if", "cpu=200m&memory=512Mi", null);

        assertThat(response.status).isEqualTo(200);
        assertThat(response.headers).containsEntry(RecommendationsEndpoint.ANSWERED_BY, "10.0.0.1:9400");
        assertThat(instance.asked).containsExactly(HERE + " 0.2 " + (512L << 20));
        assertThat(Json.mapper().readTree(response.body).get("schema").asText()).isEqualTo("what-if-estimate/v1");
        assertThat(Json.mapper().readValue(response.body, WhatIfEstimate.class)).isEqualTo(instance.estimates.get(HERE));
    }

    @Test
    void aWhatIfWithAMissingOrBadQuantityIs400NamingIt() throws IOException {
        String path = "/api/recommendations/eks:prod/shop/Deployment/checkout/app/what-if";
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("cpu=lots&memory=512Mi", "cpu: 'lots' is not a positive Kubernetes quantity");
        expected.put("cpu=200m&memory=-1Gi", "memory: '-1Gi' is not a positive Kubernetes quantity");
        expected.put("cpu=0&memory=1Gi", "cpu: '0' is not a positive Kubernetes quantity");
        expected.put("cpu=200m", "missing memory");
        expected.put("", "missing cpu and memory");
        expected.put("cpu=1&memory=1Gi&replicas=3", "unknown parameter 'replicas'");
        for (Map.Entry<String, String> query : expected.entrySet()) {
            RecommendationsEndpoint.Response response = endpoint.answer("GET", path, query.getKey(), null);
            assertThat(response.status).as(query.getKey()).isEqualTo(400);
            assertThat(error(response)).as(query.getKey()).contains(query.getValue());
        }
        assertThat(instance.asked).isEmpty();
    }

    @Test
    void aWhatIfOfAContainerWithoutUsageIs404AndAForwardedOneIsNotForwardedAgain() throws IOException {
        instance.owners.put(HERE, SELF);
        instance.owners.put(THERE, OTHER);

        RecommendationsEndpoint.Response unknown = endpoint.answer("GET",
                "/api/recommendations/eks:prod/shop/Deployment/checkout/app/what-if", "cpu=1&memory=1Gi", null);
        assertThat(unknown.status).isEqualTo(404);
        assertThat(error(unknown)).contains("eks:prod/shop/Deployment/checkout/app", "what-if");

        RecommendationsEndpoint.Response looped = endpoint.answer("GET",
                "/api/recommendations/eks:prod/shop/Deployment/cart/app/what-if", "cpu=1&memory=1Gi", "10.0.0.3:9400");
        assertThat(looped.status).isEqualTo(503);
        assertThat(error(looped)).contains("held by 10.0.0.2:9400");
    }

    @Test
    void aMalformedWhatIfPathNamesTheWhatIfForm() throws IOException {
        RecommendationsEndpoint.Response response = endpoint.answer("GET",
                "/api/recommendations/eks:prod/shop/checkout/app/what-if", "cpu=1&memory=1Gi", null);
        assertThat(response.status).isEqualTo(400);
        assertThat(error(response)).contains("{cluster}/{namespace}/{kind}/{name}/{container}/what-if");
    }

    private RecommendationsEndpoint.Response get(String path) {
        return endpoint.answer("GET", path, null, null);
    }

    private static String error(RecommendationsEndpoint.Response response) throws IOException {
        JsonNode body = Json.mapper().readTree(response.body);
        assertThat(body.get("status").asInt()).isEqualTo(response.status);
        return body.get("error").asText();
    }

    private static List<String> containers(RecommendationsEndpoint.Response response) throws IOException {
        List<String> names = new ArrayList<>();
        Json.mapper().readTree(response.body).forEach(r -> names.add(r.get("container").get("workloadName").asText()));
        return names;
    }

    static Recommendation recommendation(ContainerRef container, double savings) {
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        return new Recommendation(container, "default", new Recommendation.Cpu(1.0, 0.25, 0.2, 0.3),
                new Recommendation.Memory(1L << 30, 256L << 20, 200L << 20, 300L << 20), 0.5, savings, 2, false, false,
                false, 288, at.minusSeconds(86_400), at, at, Map.of("team", "shop"), Map.of());
    }

    static WhatIfEstimate estimate(double cpuCores, long memoryBytes) {
        return new WhatIfEstimate(cpuCores, memoryBytes, 1.5, 0.2, 14, 0, 1,
                new WhatIfEstimate.Day(LocalDate.parse("2025-01-01"), 0.31, 500L << 20), 12.34,
                Instant.parse("2025-01-01T12:00:00Z"));
    }

    private static final class FakeInstance implements RecommendationsEndpoint.Instance {
        KafkaStreams.State state = KafkaStreams.State.RUNNING;
        final Map<ContainerRef, Recommendation> held = new LinkedHashMap<>();
        final Map<ContainerRef, WhatIfEstimate> estimates = new LinkedHashMap<>();
        final List<String> asked = new ArrayList<>();
        final Map<ContainerRef, HostInfo> owners = new LinkedHashMap<>();

        @Override
        public KafkaStreams.State state() {
            return state;
        }

        @Override
        public Optional<Recommendation> current(ContainerRef container) {
            return Optional.ofNullable(held.get(container));
        }

        @Override
        public Optional<WhatIfEstimate> whatIf(ContainerRef container, double cpuCores, long memoryBytes) {
            asked.add(container + " " + cpuCores + " " + memoryBytes);
            return Optional.ofNullable(estimates.get(container));
        }

        @Override
        public List<Recommendation> all() {
            return new ArrayList<>(held.values());
        }

        @Override
        public Optional<HostInfo> host(ContainerRef container) {
            return Optional.ofNullable(owners.get(container));
        }

        @Override
        public List<HostInfo> instances() {
            return List.of(SELF);
        }
    }
}
