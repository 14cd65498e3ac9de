package io.reclaimer.testkit.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small AWS, stateful where {@link AwsReplayServer} only replays: a local server speaking the EC2, ELBv2,
 * classic ELB and STS Query APIs (form-encoded requests, the services' XML responses and error documents) with
 * in-memory accounts behind it. The SDK reaches it through its endpoint override; the account of a call is the
 * one its SigV4 access key belongs to ({@value #ACCESS_KEY} is account {@value #ACCOUNT}; {@code AssumeRole}
 * hands out keys of the role's account). It answers what the collector lists and what the executors change,
 * so one instance can sit behind a whole collector, analysis and actions loop.
 *
 * <p>Every call is recorded as {@code Action key=value ...} in order ({@link #calls}, all accounts, STS apart in
 * {@link #stsCalls}), and with its account ({@link #log}).
 */
public class FakeAws implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String EC2 = "2016-11-15";
    static final String ELBV2 = "2015-12-01";
    static final String ELB = "2012-06-01";
    static final String STS = "2011-06-15";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/");

    /** One call as the server saw it. */
    public record Call(String account, String region, String action, Map<String, String> params) {

        /** True for calls that change something: everything but Describe*, Get* and List*. */
        public boolean mutating() {
            return !action.startsWith("Describe") && !action.startsWith("Get") && !action.startsWith("List");
        }
    }

    // the main account's state, under the names the executor tests have always used
    public final Map<String, Map<String, String>> volumes;
    public final Map<String, Map<String, String>> snapshots;
    public final Map<String, Map<String, String>> addresses;
    public final Map<String, Map<String, String>> tags;
    public final Map<String, Map<String, String>> loadBalancers;
    public final Map<String, Map<String, String>> images;
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final List<String> stsCalls = Collections.synchronizedList(new ArrayList<>());
    public final List<Call> log = Collections.synchronizedList(new ArrayList<>());
    /** How many DescribeSnapshots calls (by id) a new snapshot stays pending for. */
    public volatile int pollsUntilCompleted = 2;
    /** Something to run when a snapshot completes (e.g. someone attaching the volume meanwhile). */
    public volatile Runnable onSnapshotCompleted = () -> { };
    /** The clock of creation and start times. */
    public volatile Clock clock = Clock.systemUTC();

    final AtomicInteger ids = new AtomicInteger(100);
    private final Map<String, FakeAwsAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> accountOfKey = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final FakeEc2 ec2 = new FakeEc2(this);
    private final FakeElb elb = new FakeElb(this);

    public FakeAws() throws IOException {
        FakeAwsAccount main = account(ACCOUNT);
        accountOfKey.put(ACCESS_KEY, ACCOUNT);
        volumes = main.volumes;
        snapshots = main.snapshots;
        addresses = main.addresses;
        tags = main.tags;
        loadBalancers = main.loadBalancers;
        images = main.images;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeAws start() {
        try {
            return new FakeAws();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An account's state, created empty on first use. */
    public FakeAwsAccount account(String id) {
        return accounts.computeIfAbsent(id, FakeAwsAccount::new);
    }

    /** Long-term keys of another account (a second set of default credentials). */
    public FakeAws accessKey(String accessKeyId, String account) {
        accountOfKey.put(accessKeyId, account);
        account(account);
        return this;
    }

    // ------------------------------------------------------------------ fixtures of the main account

    /** An EBS volume created 60 days ago, in eu-west-1b, gp3, 100 GiB. */
    public void volume(String id, String state, Map<String, String> volumeTags) {
        account(ACCOUNT).volume(id, state, volumeTags, clock.instant().minus(Duration.ofDays(60)));
    }

    public void address(String allocationId, String ip, String instance) {
        account(ACCOUNT).address(allocationId, ip, instance);
    }

    /** An application load balancer {@code app/NAME/50dc6c495c0c9188} with {@code healthy} healthy targets. */
    public void loadBalancer(String name, int healthy) {
        account(ACCOUNT).loadBalancer(name, "50dc6c495c0c9188", healthy);
    }

    /** The actions of the calls, in order (EC2 and ELB; STS apart). */
    public List<String> actions() {
        synchronized (calls) {
            return calls.stream().map(c -> c.split(" ")[0]).toList();
        }
    }

    /** The calls that change something (everything but Describe*, Get* and List*), in order. */
    public List<String> mutatingCalls() {
        synchronized (log) {
            return log.stream().filter(Call::mutating).map(c -> c.account() + " " + c.action()).toList();
        }
    }

    /** Calls made with credentials of {@code account}. */
    public List<Call> callsIn(String account) {
        synchronized (log) {
            return log.stream().filter(c -> c.account().equals(account)).toList();
        }
    }

    /** An id in AWS's format: the prefix and 17 hex digits. */
    String newId(String prefix) {
        return prefix + String.format("%017x", ids.incrementAndGet());
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> p = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String action = p.getOrDefault("Action", "");
            String version = p.getOrDefault("Version", "");
            Matcher credential = CREDENTIAL.matcher(Optional.ofNullable(exchange.getRequestHeaders()
                    .getFirst("Authorization")).orElse(""));
            String key = credential.find() ? credential.group(1) : "";
            String region = credential.groupCount() > 0 && !key.isEmpty() ? credential.group(2) : "unsigned";
            String accountId = accountOfKey.get(key);
            StringBuilder call = new StringBuilder(action);
            p.forEach((k, v) -> {
                if (!k.equals("Action") && !k.equals("Version")) {
                    call.append(' ').append(k).append('=').append(v);
                }
            });
            Reply reply;
            try {
                reply = dispatch(action, version, p, accountId, region, call.toString());
            } catch (RuntimeException e) {
                // a bug of the fake must show as one, not as a connection the SDK retries
                reply = Reply.error(500, "FakeAwsFailure", xml(e.toString()));
            }
            byte[] body = reply.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Reply dispatch(String action, String version, Map<String, String> p, String accountId, String region,
                           String call) {
        if (accountId == null) {
            return STS.equals(version) || EC2.equals(version)
                    ? Reply.error(403, "AuthFailure", "AWS was not able to validate the provided access credentials")
                    : Reply.elbError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (STS.equals(version)) {
            stsCalls.add(call);
            return sts(action, p, accountId);
        }
        calls.add(call);
        log.add(new Call(accountId, region, action, Map.copyOf(p)));
        FakeAwsAccount account = account(accountId);
        return switch (version) {
            case ELBV2 -> elb.v2(account, action, p);
            case ELB -> elb.classic(action);
            default -> ec2.handle(account, action, p);
        };
    }

    private Reply sts(String action, Map<String, String> p, String accountId) {
        return switch (action) {
            case "GetCallerIdentity" -> Reply.sts(action, "<Arn>arn:aws:iam::" + accountId + ":user/reclaimer</Arn>"
                    + "<UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>" + accountId + "</Account>");
            case "AssumeRole" -> {
                Matcher arn = Pattern.compile("arn:aws:iam::(\\d{12}):role/(.+)").matcher(p.getOrDefault("RoleArn", ""));
                if (!arn.matches()) {
                    yield Reply.elbError(400, "ValidationError", "RoleArn is not a role ARN");
                }
                String key = "ASIA" + arn.group(1) + ids.incrementAndGet();
                accountOfKey.put(key, arn.group(1));
                account(arn.group(1));
                String expires = clock.instant().plus(Duration.ofHours(1)).toString();
                yield Reply.sts(action, "<Credentials><AccessKeyId>" + key + "</AccessKeyId><SecretAccessKey>secret"
                        + "</SecretAccessKey><SessionToken>token-" + key + "</SessionToken><Expiration>" + expires
                        + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA3XFRBF535PLBIFPI4:"
                        + p.get("RoleSessionName") + "</AssumedRoleId><Arn>arn:aws:sts::" + arn.group(1) + ":assumed-role/"
                        + arn.group(2) + "/" + p.get("RoleSessionName") + "</Arn></AssumedRoleUser>");
            }
            default -> Reply.elbError(400, "InvalidAction", "unknown action " + action);
        };
    }

    record Reply(int status, String xml) {

        static Reply ec2(String root, String inner) {
            return new Reply(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"http://ec2.amazonaws.com/doc/"
                    + EC2 + "/\"><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>" + inner + "</" + root + ">");
        }

        static Reply error(int status, String code, String message) {
            return new Reply(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                    + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-"
                    + "example</RequestID></Response>");
        }

        static Reply elb(String version, String action, String result) {
            return new Reply(200, "<" + action + "Response xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/" + version
                    + "/\"><" + action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
                    + "6f2a2d4b-4a3f-11e6-beb8-9e71128ae77a</RequestId></ResponseMetadata></" + action + "Response>");
        }

        static Reply elbError(int status, String code, String message) {
            return new Reply(status, "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/" + ELBV2
                    + "/\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                    + "<RequestId>6f2a2d4b-4a3f-11e6-beb8-9e71128ae77a</RequestId></ErrorResponse>");
        }

        static Reply sts(String action, String result) {
            return new Reply(200, "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/" + STS + "/\"><" + action
                    + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
                    + "c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata></" + action + "Response>");
        }
    }

    // ------------------------------------------------------------------ helpers

    static String xml(String value) {
        return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    static String tagSet(Map<String, String> tags) {
        StringBuilder xml = new StringBuilder("<tagSet>");
        tags.forEach((k, v) -> xml.append("<item><key>").append(xml(k)).append("</key><value>").append(xml(v))
                .append("</value></item>"));
        return xml.append("</tagSet>").toString();
    }

    static Map<String, String> tagSpec(Map<String, String> p) {
        return indexedPairs(p, "TagSpecification.1.Tag.");
    }

    /** {@code prefix1.Key}/{@code prefix1.Value}, {@code prefix2.Key}... as a map. */
    static Map<String, String> indexedPairs(Map<String, String> p, String prefix) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 1; p.containsKey(prefix + i + ".Key"); i++) {
            pairs.put(p.get(prefix + i + ".Key"), p.getOrDefault(prefix + i + ".Value", ""));
        }
        return pairs;
    }

    /** {@code prefix1}, {@code prefix2}... as a list. */
    static List<String> indexed(Map<String, String> p, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; p.containsKey(prefix + i); i++) {
            values.add(p.get(prefix + i));
        }
        return values;
    }

    static Map<String, String> filters(Map<String, String> p) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (int i = 1; p.containsKey("Filter." + i + ".Name"); i++) {
            filters.put(p.get("Filter." + i + ".Name"), p.get("Filter." + i + ".Value.1"));
        }
        return filters;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> map = new TreeMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.put(key, value);
        }
        return map;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
