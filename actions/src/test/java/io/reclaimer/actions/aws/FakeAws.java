package io.reclaimer.actions.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the EC2 and ELBv2 Query APIs (form-encoded requests, the services' XML responses
 * and error documents) with a small in-memory account behind it. The SDK reaches it through its endpoint
 * override. Every call is recorded as {@code Action key=value ...}, in order.
 */
public final class FakeAws implements AutoCloseable {

    static final String EC2 = "2016-11-15";
    static final String ELBV2 = "2015-12-01";

    public final Map<String, Map<String, String>> volumes = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> snapshots = Collections.synchronizedMap(new LinkedHashMap<>());
    final Map<String, Map<String, String>> addresses = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> tags = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> loadBalancers = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** How many DescribeSnapshots calls a new snapshot stays pending for. */
    public volatile int pollsUntilCompleted = 2;
    /** Something to run when a snapshot completes (e.g. someone attaching the volume meanwhile). */
    volatile Runnable onSnapshotCompleted = () -> { };
    private final AtomicInteger ids = new AtomicInteger(100);
    private final HttpServer server;

    public FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void volume(String id, String state, Map<String, String> volumeTags) {
        Map<String, String> v = new LinkedHashMap<>(Map.of("state", state, "az", "eu-west-1b", "type", "gp3", "size", "100",
                "iops", "3000", "throughput", "250"));
        volumes.put(id, v);
        tags.put(id, new LinkedHashMap<>(volumeTags));
    }

    void address(String allocationId, String ip, String instance) {
        Map<String, String> a = new LinkedHashMap<>(Map.of("ip", ip));
        if (instance != null) {
            a.put("instance", instance);
        }
        addresses.put(allocationId, a);
        tags.put(allocationId, new LinkedHashMap<>(Map.of("team", "web")));
    }

    public void loadBalancer(String name, int healthy) {
        String arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/" + name + "/50dc6c495c0c9188";
        loadBalancers.put(name, new LinkedHashMap<>(Map.of("arn", arn, "healthy", String.valueOf(healthy))));
        tags.put(arn, new LinkedHashMap<>());
    }

    public List<String> actions() {
        synchronized (calls) {
            return calls.stream().map(c -> c.split(" ")[0]).toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> p = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String action = p.getOrDefault("Action", "");
            StringBuilder call = new StringBuilder(action);
            p.forEach((k, v) -> {
                if (!k.equals("Action") && !k.equals("Version")) {
                    call.append(' ').append(k).append('=').append(v);
                }
            });
            calls.add(call.toString());
            String version = p.getOrDefault("Version", "");
            Reply reply = ELBV2.equals(version) ? elbv2(action, p) : ec2(action, p);
            byte[] body = reply.xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
            exchange.sendResponseHeaders(reply.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private record Reply(int status, String xml) {
    }

    // ------------------------------------------------------------------ EC2

    private Reply ec2(String action, Map<String, String> p) {
        return switch (action) {
            case "DescribeVolumes" -> describeVolumes(p);
            case "CreateSnapshot" -> createSnapshot(p);
            case "DescribeSnapshots" -> describeSnapshots(p);
            case "DeleteVolume" -> {
                String id = p.get("VolumeId");
                if (volumes.remove(id) == null) {
                    yield ec2Error("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
                }
                yield ec2Ok("DeleteVolumeResponse", "<return>true</return>");
            }
            case "CreateVolume" -> createVolume(p);
            case "DescribeAddresses" -> describeAddresses(p);
            case "ReleaseAddress" -> {
                String id = p.get("AllocationId");
                if (addresses.remove(id) == null) {
                    yield ec2Error("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
                }
                yield ec2Ok("ReleaseAddressResponse", "<return>true</return>");
            }
            case "AllocateAddress" -> {
                String id = "eipalloc-" + ids.incrementAndGet();
                addresses.put(id, new LinkedHashMap<>(Map.of("ip", p.get("Address"))));
                tags.put(id, tagSpec(p));
                yield ec2Ok("AllocateAddressResponse", "<publicIp>" + p.get("Address") + "</publicIp><domain>vpc</domain>"
                        + "<allocationId>" + id + "</allocationId>");
            }
            case "CreateTags" -> {
                Map<String, String> added = indexedPairs(p, "Tag.");
                tags.computeIfAbsent(p.get("ResourceId.1"), k -> new LinkedHashMap<>()).putAll(added);
                yield ec2Ok("CreateTagsResponse", "<return>true</return>");
            }
            case "DeleteTags" -> {
                Map<String, String> mine = tags.get(p.get("ResourceId.1"));
                if (mine != null) {
                    mine.remove(p.get("Tag.1.Key"));
                }
                yield ec2Ok("DeleteTagsResponse", "<return>true</return>");
            }
            case "DescribeTags" -> {
                Map<String, String> filters = filters(p);
                Map<String, String> mine = tags.getOrDefault(filters.get("resource-id"), Map.of());
                StringBuilder items = new StringBuilder();
                mine.forEach((k, v) -> {
                    if (!filters.containsKey("key") || filters.get("key").equals(k)) {
                        items.append("<item><resourceId>").append(filters.get("resource-id"))
                                .append("</resourceId><resourceType>volume</resourceType><key>").append(k)
                                .append("</key><value>").append(v).append("</value></item>");
                    }
                });
                yield ec2Ok("DescribeTagsResponse", "<tagSet>" + items + "</tagSet>");
            }
            default -> ec2Error("InvalidAction", "The action " + action + " is not valid for this web service.");
        };
    }

    private Reply describeVolumes(Map<String, String> p) {
        Map<String, String> filters = filters(p);
        StringBuilder items = new StringBuilder();
        if (p.containsKey("VolumeId.1")) {
            String id = p.get("VolumeId.1");
            Map<String, String> v = volumes.get(id);
            if (v == null) {
                return ec2Error("InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
            }
            items.append(volumeXml(id, v));
        } else {
            volumes.forEach((id, v) -> {
                boolean match = filters.entrySet().stream().allMatch(f -> !f.getKey().startsWith("tag:")
                        || f.getValue().equals(tags.getOrDefault(id, Map.of()).get(f.getKey().substring(4))));
                if (match) {
                    items.append(volumeXml(id, v));
                }
            });
        }
        return ec2Ok("DescribeVolumesResponse", "<volumeSet>" + items + "</volumeSet>");
    }

    private String volumeXml(String id, Map<String, String> v) {
        String attachment = v.containsKey("instance") ? "<item><volumeId>" + id + "</volumeId><instanceId>"
                + v.get("instance") + "</instanceId><device>/dev/sdf</device><status>attached</status></item>" : "";
        return "<item><volumeId>" + id + "</volumeId><size>" + v.get("size") + "</size><snapshotId>"
                + v.getOrDefault("snapshot", "") + "</snapshotId><availabilityZone>" + v.get("az")
                + "</availabilityZone><status>" + v.get("state") + "</status><createTime>2026-01-05T10:00:00.000Z"
                + "</createTime><attachmentSet>" + attachment + "</attachmentSet><volumeType>" + v.get("type")
                + "</volumeType><iops>" + v.get("iops") + "</iops><throughput>" + v.get("throughput")
                + "</throughput><encrypted>false</encrypted>" + tagSet(tags.getOrDefault(id, Map.of())) + "</item>";
    }

    private Reply createSnapshot(Map<String, String> p) {
        String volume = p.get("VolumeId");
        if (!volumes.containsKey(volume)) {
            return ec2Error("InvalidVolume.NotFound", "The volume '" + volume + "' does not exist.");
        }
        String id = "snap-" + ids.incrementAndGet();
        Map<String, String> s = new LinkedHashMap<>(Map.of("volume", volume, "state", "pending",
                "polls", String.valueOf(pollsUntilCompleted), "description", p.getOrDefault("Description", "")));
        snapshots.put(id, s);
        tags.put(id, tagSpec(p));
        return ec2Ok("CreateSnapshotResponse", "<snapshotId>" + id + "</snapshotId><volumeId>" + volume + "</volumeId>"
                + "<status>pending</status><startTime>2026-11-20T10:00:00.000Z</startTime><progress></progress>"
                + "<ownerId>123456789012</ownerId><volumeSize>100</volumeSize><description>" + s.get("description")
                + "</description><encrypted>false</encrypted>" + tagSet(tags.get(id)));
    }

    private Reply describeSnapshots(Map<String, String> p) {
        Map<String, String> filters = filters(p);
        StringBuilder items = new StringBuilder();
        synchronized (snapshots) {
            for (var e : snapshots.entrySet()) {
                String id = e.getKey();
                Map<String, String> s = e.getValue();
                if (p.containsKey("SnapshotId.1") && !p.get("SnapshotId.1").equals(id)) {
                    continue;
                }
                boolean match = filters.entrySet().stream().allMatch(f -> !f.getKey().startsWith("tag:")
                        || f.getValue().equals(tags.getOrDefault(id, Map.of()).get(f.getKey().substring(4))));
                if (!match) {
                    continue;
                }
                if (p.containsKey("SnapshotId.1") && "pending".equals(s.get("state"))) {
                    int polls = Integer.parseInt(s.get("polls")) - 1;
                    s.put("polls", String.valueOf(polls));
                    if (polls <= 0) {
                        s.put("state", "completed");
                        onSnapshotCompleted.run();
                    }
                }
                items.append("<item><snapshotId>").append(id).append("</snapshotId><volumeId>").append(s.get("volume"))
                        .append("</volumeId><status>").append(s.get("state")).append("</status><startTime>")
                        .append("2026-11-20T10:00:00.000Z</startTime><progress>")
                        .append("completed".equals(s.get("state")) ? "100%" : "40%")
                        .append("</progress><ownerId>123456789012</ownerId><volumeSize>100</volumeSize><description>")
                        .append(s.get("description")).append("</description><encrypted>false</encrypted>")
                        .append(tagSet(tags.getOrDefault(id, Map.of()))).append("</item>");
            }
        }
        if (p.containsKey("SnapshotId.1") && items.isEmpty()) {
            return ec2Error("InvalidSnapshot.NotFound", "The snapshot '" + p.get("SnapshotId.1") + "' does not exist.");
        }
        return ec2Ok("DescribeSnapshotsResponse", "<snapshotSet>" + items + "</snapshotSet>");
    }

    private Reply createVolume(Map<String, String> p) {
        String id = "vol-restored-" + ids.incrementAndGet();
        Map<String, String> v = new LinkedHashMap<>(Map.of("state", "creating", "az", p.get("AvailabilityZone"),
                "type", p.getOrDefault("VolumeType", "gp2"), "size", p.getOrDefault("Size", "0"),
                "iops", p.getOrDefault("Iops", "0"), "throughput", p.getOrDefault("Throughput", "0"),
                "snapshot", p.getOrDefault("SnapshotId", "")));
        volumes.put(id, v);
        tags.put(id, tagSpec(p));
        return ec2Ok("CreateVolumeResponse", "<volumeId>" + id + "</volumeId><size>" + v.get("size") + "</size><snapshotId>"
                + v.get("snapshot") + "</snapshotId><availabilityZone>" + v.get("az") + "</availabilityZone>"
                + "<status>creating</status><createTime>2026-11-21T10:00:00.000Z</createTime><volumeType>" + v.get("type")
                + "</volumeType><iops>" + v.get("iops") + "</iops><encrypted>false</encrypted>" + tagSet(tags.get(id)));
    }

    private Reply describeAddresses(Map<String, String> p) {
        Map<String, String> filters = filters(p);
        StringBuilder items = new StringBuilder();
        if (p.containsKey("AllocationId.1") && !addresses.containsKey(p.get("AllocationId.1"))) {
            return ec2Error("InvalidAllocationID.NotFound", "The allocation ID '" + p.get("AllocationId.1")
                    + "' does not exist");
        }
        addresses.forEach((id, a) -> {
            if (p.containsKey("AllocationId.1") && !p.get("AllocationId.1").equals(id)) {
                return;
            }
            if (filters.containsKey("public-ip") && !filters.get("public-ip").equals(a.get("ip"))) {
                return;
            }
            String association = a.containsKey("instance") ? "<associationId>eipassoc-1</associationId><instanceId>"
                    + a.get("instance") + "</instanceId>" : "";
            items.append("<item><publicIp>").append(a.get("ip")).append("</publicIp><allocationId>").append(id)
                    .append("</allocationId><domain>vpc</domain>").append(association)
                    .append("<networkBorderGroup>eu-west-1</networkBorderGroup>")
                    .append(tagSet(tags.getOrDefault(id, Map.of()))).append("</item>");
        });
        return ec2Ok("DescribeAddressesResponse", "<addressesSet>" + items + "</addressesSet>");
    }

    private static Reply ec2Ok(String root, String inner) {
        return new Reply(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root + " xmlns=\"http://ec2.amazonaws.com/doc/"
                + EC2 + "/\"><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>" + inner + "</" + root + ">");
    }

    private static Reply ec2Error(String code, String message) {
        return new Reply(400, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code
                + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example"
                + "</RequestID></Response>");
    }

    // ------------------------------------------------------------------ ELBv2

    private Reply elbv2(String action, Map<String, String> p) {
        return switch (action) {
            case "DescribeLoadBalancers" -> {
                String name = p.get("Names.member.1");
                Map<String, String> lb = loadBalancers.get(name);
                if (lb == null) {
                    yield elbError("LoadBalancerNotFound", "One or more load balancers not found");
                }
                yield elbOk(action, "<LoadBalancers><member><LoadBalancerArn>" + lb.get("arn") + "</LoadBalancerArn>"
                        + "<DNSName>" + name + "-1234567890.eu-west-1.elb.amazonaws.com</DNSName><LoadBalancerName>" + name
                        + "</LoadBalancerName><Scheme>internet-facing</Scheme><VpcId>vpc-3ac0fb5f</VpcId><Type>application"
                        + "</Type><State><Code>active</Code></State></member></LoadBalancers>");
            }
            case "DescribeTargetGroups" -> elbOk(action, "<TargetGroups><member><TargetGroupArn>" + p.get("LoadBalancerArn")
                    .replace("loadbalancer/app", "targetgroup") + "-tg</TargetGroupArn><TargetGroupName>tg</TargetGroupName>"
                    + "<Protocol>HTTP</Protocol><Port>80</Port><LoadBalancerArns><member>" + p.get("LoadBalancerArn")
                    + "</member></LoadBalancerArns></member></TargetGroups>");
            case "DescribeTargetHealth" -> {
                int healthy = loadBalancers.values().stream().filter(lb -> p.get("TargetGroupArn").startsWith(
                        lb.get("arn").replace("loadbalancer/app", "targetgroup"))).mapToInt(lb -> Integer.parseInt(
                        lb.get("healthy"))).sum();
                StringBuilder members = new StringBuilder("<member><Target><Id>i-0f76fade</Id><Port>80</Port></Target>"
                        + "<TargetHealth><State>unhealthy</State><Reason>Target.FailedHealthChecks</Reason></TargetHealth>"
                        + "</member>");
                for (int i = 0; i < healthy; i++) {
                    members.append("<member><Target><Id>i-00").append(i).append("</Id><Port>80</Port></Target>")
                            .append("<TargetHealth><State>healthy</State></TargetHealth></member>");
                }
                yield elbOk(action, "<TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>");
            }
            case "DescribeTags" -> {
                StringBuilder members = new StringBuilder();
                for (int i = 1; p.containsKey("ResourceArns.member." + i); i++) {
                    String arn = p.get("ResourceArns.member." + i);
                    StringBuilder tagXml = new StringBuilder();
                    tags.getOrDefault(arn, Map.of()).forEach((k, v) -> tagXml.append("<member><Key>").append(k)
                            .append("</Key><Value>").append(v).append("</Value></member>"));
                    members.append("<member><ResourceArn>").append(arn).append("</ResourceArn><Tags>").append(tagXml)
                            .append("</Tags></member>");
                }
                yield elbOk(action, "<TagDescriptions>" + members + "</TagDescriptions>");
            }
            case "DeleteLoadBalancer" -> {
                loadBalancers.values().removeIf(lb -> lb.get("arn").equals(p.get("LoadBalancerArn")));
                yield elbOk(action, "");
            }
            default -> elbError("InvalidAction", "unknown action " + action);
        };
    }

    private static Reply elbOk(String action, String result) {
        return new Reply(200, "<" + action + "Response xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/" + ELBV2 + "/\"><"
                + action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>"
                + "6f2a2d4b-4a3f-11e6-beb8-9e71128ae77a</RequestId></ResponseMetadata></" + action + "Response>");
    }

    private static Reply elbError(String code, String message) {
        return new Reply(400, "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/" + ELBV2 + "/\"><Error>"
                + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error><RequestId>"
                + "6f2a2d4b-4a3f-11e6-beb8-9e71128ae77a</RequestId></ErrorResponse>");
    }

    // ------------------------------------------------------------------ helpers

    private static String tagSet(Map<String, String> tags) {
        StringBuilder xml = new StringBuilder("<tagSet>");
        tags.forEach((k, v) -> xml.append("<item><key>").append(k).append("</key><value>").append(v).append("</value></item>"));
        return xml.append("</tagSet>").toString();
    }

    private static Map<String, String> tagSpec(Map<String, String> p) {
        return indexedPairs(p, "TagSpecification.1.Tag.");
    }

    /** {@code prefix1.Key}/{@code prefix1.Value}, {@code prefix2.Key}... as a map. */
    private static Map<String, String> indexedPairs(Map<String, String> p, String prefix) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 1; p.containsKey(prefix + i + ".Key"); i++) {
            pairs.put(p.get(prefix + i + ".Key"), p.getOrDefault(prefix + i + ".Value", ""));
        }
        return pairs;
    }

    private static Map<String, String> filters(Map<String, String> p) {
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
