package io.reclaimer.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Record/replay for AWS, in the manner of Cloud Custodian's placebo: a local HTTP server that answers the
 * SDK (pointed at it through its endpoint override) with recorded AWS response bodies, and remembers every
 * request it got so tests can assert what was asked, how often, and with which credentials.
 *
 * <p>Recordings live in a directory, one sub-directory per region (the region is read from the SigV4
 * credential scope of the request): {@code <root>/<region>/<service>.<Operation>_<n>[.<status>].<xml|json>}
 * answers the n-th call (1-based) of that operation in that region, {@code <service>.<Operation>[.<status>].<ext>}
 * answers every call, and {@code <service>._any[.<status>].<ext>} answers every call of any operation of
 * that service in the region (a region the account may not use). The status defaults to 200. Services are {@code ec2}, {@code elbv2},
 * {@code elb} (classic), {@code sts} (AWS Query protocol, told apart by their API version), {@code ce} and
 * {@code pricing} (the Price List; JSON 1.1, by their {@code X-Amz-Target}). Requests signed with an access key registered through
 * {@link #account} are answered from {@code <root>/<directory>/<region>/} instead.
 */
public final class AwsReplayServer implements AutoCloseable {

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");
    private static final Pattern RECORDING = Pattern.compile("(.+?)(?:_(\\d+))?(?:\\.(\\d{3}))?\\.(xml|json)");
    private static final Map<String, String> QUERY_SERVICES = Map.of(
            "2016-11-15", "ec2",
            "2015-12-01", "elbv2",
            "2012-06-01", "elb",
            "2011-06-15", "sts");

    /** One request as the server saw it. */
    public record Request(String service, String operation, String region, String accessKeyId,
                          Map<String, List<String>> params, String body, int status, String recording) {

        /** The first value of a form parameter (Query protocol), or null. */
        public String param(String name) {
            List<String> values = params.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    static {
        // without TCP_NODELAY every exchange waits ~40 ms for a delayed ACK (headers and body go out
        // as two small writes); read once by the JDK's server configuration, so set before first use
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Path root;
    private final HttpServer server;
    private final Map<String, String> accountDirectories = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> unmatched = new CopyOnWriteArrayList<>();

    private AwsReplayServer(Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the recordings under {@code root} on a free loopback port. */
    public static AwsReplayServer start(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no recordings directory " + root);
        }
        try {
            return new AwsReplayServer(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves the recordings of a test-classpath directory such as {@code aws/pagination}. */
    public static AwsReplayServer fromClasspath(String directory) {
        var url = Thread.currentThread().getContextClassLoader().getResource(directory);
        if (url == null) {
            throw new IllegalArgumentException("no recordings directory '" + directory + "' on the classpath");
        }
        try {
            return start(Path.of(url.toURI()));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Answers requests signed with {@code accessKeyId} from {@code <root>/<directory>/<region>/}. */
    public AwsReplayServer account(String accessKeyId, String directory) {
        accountDirectories.put(accessKeyId, directory);
        return this;
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ':' + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<Request> requests(String service, String operation) {
        return requests.stream().filter(r -> r.service().equals(service) && r.operation().equals(operation)).toList();
    }

    /** Requests for which no recording existed (answered with a non-retryable error): should stay empty. */
    public List<String> unmatched() {
        return List.copyOf(unmatched);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")).orElse("");
            Matcher credential = CREDENTIAL.matcher(authorization);
            String accessKeyId = "";
            String region = "unsigned";
            if (credential.find()) {
                accessKeyId = credential.group(1);
                region = credential.group(2);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, List<String>> params = new LinkedHashMap<>();
            String service;
            String operation;
            if (target != null) {
                service = target.startsWith("AWSInsightsIndexService.") ? "ce"
                        : target.startsWith("AWSPriceListService.") ? "pricing" : target.substring(0, target.indexOf('.'));
                operation = target.substring(target.indexOf('.') + 1);
            } else {
                params = form(body);
                String version = params.containsKey("Version") ? params.get("Version").get(0) : "";
                service = QUERY_SERVICES.getOrDefault(version, "unknown-" + version);
                operation = params.containsKey("Action") ? params.get("Action").get(0) : "unknown";
            }
            String directory = accountDirectories.containsKey(accessKeyId)
                    ? accountDirectories.get(accessKeyId) + '/' + region : region;
            int call = calls.computeIfAbsent(directory + '/' + service + '.' + operation, k -> new AtomicInteger())
                    .incrementAndGet();
            Optional<Path> recording = find(root.resolve(directory), service, operation, call);
            int status;
            byte[] response;
            String contentType;
            String name;
            if (recording.isPresent()) {
                Matcher m = RECORDING.matcher(recording.get().getFileName().toString());
                if (!m.matches()) {
                    throw new IllegalStateException("unexpected recording name " + recording.get());
                }
                name = root.relativize(recording.get()).toString();
                status = m.group(3) == null ? 200 : Integer.parseInt(m.group(3));
                contentType = "json".equals(m.group(4)) ? "application/x-amz-json-1.1" : "text/xml;charset=UTF-8";
                response = Files.readAllBytes(recording.get());
            } else {
                name = "";
                String missing = directory + '/' + service + '.' + operation + '_' + call;
                unmatched.add(missing);
                status = 400;
                contentType = "text/xml;charset=UTF-8";
                response = ("<Response><Errors><Error><Code>NoRecording</Code><Message>no recording for " + missing
                        + "</Message></Error></Errors><RequestID>replay</RequestID></Response>").getBytes(StandardCharsets.UTF_8);
            }
            requests.add(new Request(service, operation, region, accessKeyId, params, body, status, name));
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.getResponseHeaders().add("x-amzn-RequestId", "replay-" + requests.size());
            exchange.sendResponseHeaders(status, response.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response);
            }
        }
    }

    private static Optional<Path> find(Path directory, String service, String operation, int call) throws IOException {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.sorted().toList();
        }
        List<Optional<Path>> candidates = new ArrayList<>();
        candidates.add(match(files, service + '.' + operation, Integer.toString(call)));
        candidates.add(match(files, service + '.' + operation, null));
        candidates.add(match(files, service + "._any", null));
        return candidates.stream().flatMap(Optional::stream).findFirst();
    }

    private static Optional<Path> match(List<Path> files, String base, String call) {
        for (Path file : files) {
            Matcher m = RECORDING.matcher(file.getFileName().toString());
            if (m.matches() && m.group(1).equals(base) && Objects.equals(m.group(2), call)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> form(String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
