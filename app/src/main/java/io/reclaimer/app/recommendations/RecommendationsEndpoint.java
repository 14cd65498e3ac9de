package io.reclaimer.app.recommendations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import io.reclaimer.model.serde.Json;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.rightsizing.RightsizingQueries;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/recommendations}: interactive queries over HTTP.
 * <ul>
 * <li>{@code /api/recommendations/{cluster}/{namespace}/{kind}/{name}/{container}}: the current recommendation of
 * one container. The instance whose partitions hold it answers: this one from its own store, another one through
 * a forwarded request to the {@code application.server} Kafka Streams' metadata names for the key.</li>
 * <li>{@code /api/recommendations/{cluster}/{namespace}/{kind}/{name}/{container}/what-if?cpu=..&memory=..}: the
 * what-if of a proposed request, estimated from the container's state by the instance holding it, forwarded the
 * same way ({@link WhatIfQuery}).</li>
 * <li>{@code /api/recommendations}: the recommendations this instance holds; {@code ?scope=all} gathers every
 * instance's.</li>
 * </ul>
 * A forwarded request carries {@link #FORWARDED_BY} and is never forwarded again: when two instances' views of the
 * metadata disagree (a rebalance in flight) the caller gets a 503 to retry, not a loop.
 */
public final class RecommendationsEndpoint implements HttpHandler {

    public static final String PATH = "/api/recommendations";
    /** Marks a request one instance sent another; its value is the sender's {@code application.server}. */
    public static final String FORWARDED_BY = "X-Reclaimer-Forwarded-By";
    /** On every answer: the {@code application.server} of the instance whose state answered. */
    public static final String ANSWERED_BY = "X-Reclaimer-Answered-By";
    /** How long a forwarded request may take before the caller gets a 502. */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private static final TypeReference<List<Recommendation>> LIST = new TypeReference<>() { };

    /** What the endpoint asks of this process's analysis instance. */
    public interface Instance {
        KafkaStreams.State state();

        /** The container's recommendation when this instance holds it. */
        Optional<Recommendation> current(ContainerRef container);

        /** The what-if of a proposed request, estimated from the container's state, when this instance holds it. */
        Optional<WhatIfEstimate> whatIf(ContainerRef container, double cpuCores, long memoryBytes);

        /** Every recommendation this instance holds. */
        List<Recommendation> all();

        /** The instance holding the container's partition, when the metadata knows it. */
        Optional<HostInfo> host(ContainerRef container);

        /** Every instance of the application that announced an {@code application.server}. */
        List<HostInfo> instances();
    }

    private final Instance instance;
    private final HostInfo self;
    private final String selfName;
    private final HttpClient client;
    private final String bearerToken;

    /**
     * @param applicationServer this instance's {@code application.server} ({@code host:port}), empty when unset:
     *                          then nothing is forwarded here, this instance answers what it holds
     */
    public RecommendationsEndpoint(Instance instance, String applicationServer) {
        this(instance, applicationServer, null);
    }

    /** {@code bearerToken} (null: none) goes with every forwarded request: the other instances guard theirs too. */
    public RecommendationsEndpoint(Instance instance, String applicationServer, String bearerToken) {
        this.bearerToken = bearerToken;
        this.instance = instance;
        this.self = applicationServer == null || applicationServer.isEmpty() ? null
                : HostInfo.buildFromEndpoint(applicationServer);
        this.selfName = self == null ? "unset" : name(self);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(FORWARD_TIMEOUT).build();
    }

    /** The endpoint over the analysis service's interactive queries. */
    public static RecommendationsEndpoint of(AnalysisService service, RightsizingQueries queries, String applicationServer,
                                             String bearerToken) {
        return new RecommendationsEndpoint(new Instance() {
            @Override
            public KafkaStreams.State state() {
                return service.state();
            }

            @Override
            public Optional<Recommendation> current(ContainerRef container) {
                return queries.current(container);
            }

            @Override
            public Optional<WhatIfEstimate> whatIf(ContainerRef container, double cpuCores, long memoryBytes) {
                return queries.whatIf(container, cpuCores, memoryBytes);
            }

            @Override
            public List<Recommendation> all() {
                return queries.all();
            }

            @Override
            public Optional<HostInfo> host(ContainerRef container) {
                return queries.host(container);
            }

            @Override
            public List<HostInfo> instances() {
                return service.kafkaStreams().metadataForAllStreamsClients().stream().map(StreamsMetadata::hostInfo)
                        .toList();
            }
        }, applicationServer, bearerToken);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Response response;
        try {
            response = answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst(FORWARDED_BY));
        } catch (RuntimeException e) {
            response = error(500, e.toString());
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        response.headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status, response.body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body);
        }
    }

    /** The answer to one request; {@code forwardedBy} is the {@link #FORWARDED_BY} header, null on a client's request. */
    Response answer(String method, String rawPath, String rawQuery, String forwardedBy) {
        if (!"GET".equals(method)) {
            return error(405, "only GET is supported on " + PATH).with("Allow", "GET");
        }
        String rest = rawPath.startsWith(PATH) ? rawPath.substring(PATH.length()) : rawPath;
        if (rest.isEmpty() || rest.equals("/")) {
            String scope;
            try {
                scope = scope(rawQuery);
            } catch (IllegalArgumentException e) {
                return error(400, e.getMessage());
            }
            return list(scope, forwardedBy);
        }
        if (!rest.startsWith("/")) {
            return error(404, "no such endpoint: " + rawPath);
        }
        String segments = rest.substring(1);
        boolean whatIf = WhatIfQuery.asks(segments);
        ContainerRef container;
        try {
            container = ContainerPath.parse(whatIf ? WhatIfQuery.containerSegments(segments) : segments);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage() + "; the path is " + PATH + "/" + ContainerPath.FORM
                    + (whatIf ? "/" + WhatIfQuery.SEGMENT : ""));
        }
        if (!whatIf) {
            return one(container, rawPath, forwardedBy, instance::current, "no recommendation for " + container.key()
                    + ": no such container, or too little usage history yet");
        }
        WhatIfQuery.Proposal proposal;
        try {
            proposal = WhatIfQuery.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        return one(container, rawPath + "?" + rawQuery, forwardedBy,
                c -> instance.whatIf(c, proposal.cpuCores(), proposal.memoryBytes()),
                "no usage of " + container.key() + " to estimate a what-if from: no such container, or no sample yet");
    }

    /**
     * One container's answer: {@code local} from this instance's state when it holds the container, else forwarded
     * ({@code pathAndQuery}) to the instance that does; {@code notFound} when none does.
     */
    private Response one(ContainerRef container, String pathAndQuery, String forwardedBy,
                         Function<ContainerRef, Optional<?>> local, String notFound) {
        Response unavailable = unavailable();
        if (unavailable != null) {
            return unavailable;
        }
        try {
            Optional<?> here = local.apply(container);
            if (here.isPresent()) {
                return json(200, here.get());
            }
            Optional<HostInfo> owner = instance.host(container).filter(this::isOther);
            if (owner.isEmpty()) {
                return error(404, notFound);
            }
            if (forwardedBy != null) {
                return error(503, container.key() + " is held by " + name(owner.get()) + ", not by " + selfName
                        + " where " + forwardedBy + " sent it: the partitions are moving, ask again").with("Retry-After", "1");
            }
            return forward(owner.get(), pathAndQuery, "the instance holding " + container.key());
        } catch (InvalidStateStoreException e) {
            return rebalancing(e.getMessage());
        }
    }

    private Response list(String scope, String forwardedBy) {
        Response unavailable = unavailable();
        if (unavailable != null) {
            return unavailable;
        }
        try {
            List<Recommendation> all = new ArrayList<>(instance.all());
            if (scope.equals("instance") || forwardedBy != null) {
                return listJson(all);
            }
            Map<HostInfo, CompletableFuture<Response>> others = new LinkedHashMap<>();
            for (HostInfo other : instance.instances()) {
                if (isOther(other)) {
                    others.put(other, forwardAsync(other, PATH + "?scope=instance", "instance " + name(other)));
                }
            }
            for (Map.Entry<HostInfo, CompletableFuture<Response>> other : others.entrySet()) {
                Response response = other.getValue().join();
                if (response.status != 200) {
                    return response.status == 503 ? response
                            : error(502, "instance " + name(other.getKey()) + " answered " + response.status + ": "
                            + new String(response.body, StandardCharsets.UTF_8));
                }
                try {
                    all.addAll(Json.mapper().readValue(response.body, LIST));
                } catch (IOException e) {
                    return error(502, "instance " + name(other.getKey()) + " answered unreadable JSON: " + e.getMessage());
                }
            }
            return listJson(all);
        } catch (InvalidStateStoreException e) {
            return rebalancing(e.getMessage());
        }
    }

    private static String scope(String rawQuery) {
        String scope = "instance";
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String parameter : rawQuery.split("&")) {
                int eq = parameter.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? parameter : parameter.substring(0, eq), StandardCharsets.UTF_8);
                if (name.equals("scope")) {
                    scope = eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        if (!scope.equals("instance") && !scope.equals("all")) {
            throw new IllegalArgumentException("scope must be 'instance' (this instance's recommendations, the default)"
                    + " or 'all' (every instance's), was '" + scope + "'");
        }
        return scope;
    }

    private Response forward(HostInfo owner, String pathAndQuery, String who) {
        return forwardAsync(owner, pathAndQuery, who).join();
    }

    /** Never fails: an instance that does not answer is a 502 naming it. */
    private CompletableFuture<Response> forwardAsync(HostInfo owner, String pathAndQuery, String who) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + name(owner) + pathAndQuery))
                .timeout(FORWARD_TIMEOUT).header(FORWARDED_BY, selfName);
        if (bearerToken != null) {
            builder.header("Authorization", "Bearer " + bearerToken);
        }
        HttpRequest request = builder.GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    Response forwarded = new Response(response.statusCode(), response.body());
                    response.headers().firstValue(ANSWERED_BY).ifPresent(v -> forwarded.with(ANSWERED_BY, v));
                    response.headers().firstValue("Retry-After").ifPresent(v -> forwarded.with("Retry-After", v));
                    return forwarded;
                })
                .exceptionally(e -> error(502, who + ", " + name(owner) + ", did not answer: "
                        + (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)));
    }

    /** 503 unless Kafka Streams is RUNNING: while it rebalances, partitions and their stores move. */
    private Response unavailable() {
        KafkaStreams.State state = instance.state();
        return state == KafkaStreams.State.RUNNING ? null
                : rebalancing("the analysis on " + selfName + " is " + state + ", not RUNNING");
    }

    private Response rebalancing(String why) {
        return error(503, why + "; ask again shortly").with("Retry-After", "1");
    }

    /** Another instance, reachable: not this one and not Kafka Streams' "unavailable" placeholder. */
    private boolean isOther(HostInfo host) {
        return host.port() >= 0 && !host.equals(self);
    }

    private static String name(HostInfo host) {
        // an IPv6 literal needs brackets before its port, in a URL as in application.server
        return (host.host().indexOf(':') >= 0 ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
    }

    private Response listJson(List<Recommendation> recommendations) {
        recommendations.sort(RightsizingQueries.MOST_SAVINGS_FIRST);
        try {
            // written as a list of the event type, so each element carries its "schema" as on the topic
            return new Response(200, Json.mapper().writerFor(LIST).writeValueAsBytes(recommendations))
                    .with(ANSWERED_BY, selfName);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response json(int status, Object value) {
        try {
            return new Response(status, Json.mapper().writeValueAsBytes(value)).with(ANSWERED_BY, selfName);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response error(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return json(status, body);
    }

    /** Status, JSON body and extra headers of one answer. */
    static final class Response {
        final int status;
        final byte[] body;
        final Map<String, String> headers = new LinkedHashMap<>();

        Response(int status, byte[] body) {
            this.status = status;
            this.body = body;
        }

        Response with(String header, String value) {
            headers.put(header, value);
            return this;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
