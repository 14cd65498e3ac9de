package io.reclaimer.testkit.aws;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one account of {@link FakeAws} holds. Each resource is a mutable property map, so a test can change a
 * resource behind the executors' back ({@code volumes.get(id).put("state", "in-use")}); {@code tags} holds the
 * tags of every resource by id. All of it in region eu-west-1 unless a resource says otherwise.
 */
public final class FakeAwsAccount {

    public final String id;
    public final Map<String, Map<String, String>> volumes = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> snapshots = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> addresses = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, Map<String, String>> tags = Collections.synchronizedMap(new LinkedHashMap<>());
    /** By name: {@code arn}, {@code healthy} (healthy targets), {@code dns}, {@code created}; tags by ARN in {@link #tags}. */
    public final Map<String, Map<String, String>> loadBalancers = Collections.synchronizedMap(new LinkedHashMap<>());
    /** AMIs by id: {@code name}, {@code snapshots} (comma-separated ids of the snapshots behind it). */
    public final Map<String, Map<String, String>> images = Collections.synchronizedMap(new LinkedHashMap<>());

    FakeAwsAccount(String id) {
        this.id = id;
    }

    /** An EBS volume in eu-west-1b, gp3, 100 GiB, 3000 IOPS, 250 MiB/s. */
    public void volume(String volumeId, String state, Map<String, String> volumeTags, Instant created) {
        Map<String, String> v = new LinkedHashMap<>(Map.of("state", state, "az", "eu-west-1b", "type", "gp3", "size", "100",
                "iops", "3000", "throughput", "250", "created", created.toString()));
        volumes.put(volumeId, v);
        tags.put(volumeId, new LinkedHashMap<>(volumeTags));
    }

    public void address(String allocationId, String ip, String instance) {
        Map<String, String> a = new LinkedHashMap<>(Map.of("ip", ip));
        if (instance != null) {
            a.put("instance", instance);
        }
        addresses.put(allocationId, a);
        tags.put(allocationId, new LinkedHashMap<>(Map.of("team", "web")));
    }

    /** An application load balancer {@code app/NAME/ID} in eu-west-1 with {@code healthy} healthy targets. */
    public void loadBalancer(String name, String id16, int healthy) {
        String arn = "arn:aws:elasticloadbalancing:eu-west-1:" + this.id + ":loadbalancer/app/" + name + "/" + id16;
        tags.put(arn, new LinkedHashMap<>());
        loadBalancers.put(name, new LinkedHashMap<>(Map.of("arn", arn, "healthy", String.valueOf(healthy),
                "dns", name + "-" + id16.substring(0, 10) + ".eu-west-1.elb.amazonaws.com",
                "created", "2026-01-05T10:00:00.000Z")));
    }

    /** A registered AMI backed by these snapshots. */
    public void image(String imageId, String name, List<String> snapshotIds) {
        images.put(imageId, new LinkedHashMap<>(Map.of("name", name, "snapshots", String.join(",", snapshotIds))));
    }

    /** A completed snapshot, as someone (not Reclaimer) took it. */
    public void snapshot(String snapshotId, String volumeId, Instant started, String description,
                         Map<String, String> snapshotTags) {
        snapshots.put(snapshotId, new LinkedHashMap<>(Map.of("volume", volumeId, "state", "completed", "polls", "0",
                "description", description, "started", started.toString(), "size", "100")));
        tags.put(snapshotId, new LinkedHashMap<>(snapshotTags));
    }
}
