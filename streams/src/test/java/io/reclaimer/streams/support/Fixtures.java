package io.reclaimer.streams.support;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Inventory records as the collectors emit them, with only what a test cares about to set. */
public final class Fixtures {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "eu-west-1";
    public static final String CLUSTER = "prod-eu";
    public static final long GIB = 1L << 30;
    /** "Now" in event time for most tests: a Monday noon. */
    public static final Instant NOW = Instant.parse("2026-11-02T11:00:00Z");

    private Fixtures() {
    }

    public static Instant daysAgo(long days) {
        return NOW.minus(Duration.ofDays(days));
    }

    public static CloudResourceRef ref(String id) {
        return CloudResourceRef.aws(ACCOUNT, REGION, id);
    }

    public static EbsVolume availableVolume(String id, int gib, String type, Integer iops, Integer throughput,
                                            Instant created, Instant observed) {
        return new EbsVolume(ref(id), "available", gib, type, iops, throughput, List.of(), null, created,
                Map.of("team", "platform"), observed);
    }

    public static EbsVolume attachedVolume(String id, int gib, String type, String instance, Instant created,
                                           Instant observed) {
        return new EbsVolume(ref(id), "in-use", gib, type, "gp3".equals(type) ? 3000 : null, "gp3".equals(type) ? 125 : null,
                List.of(new EbsVolume.Attachment(instance, "/dev/xvdf", "attached", created)), null, created, Map.of(),
                observed);
    }

    public static ElasticIp address(String id, boolean associated, Instant observed) {
        return new ElasticIp(ref(id), id, "203.0.113.20", associated ? "eipassoc-1" : null, null,
                associated ? "eni-1" : null, Map.of("Name", "bastion"), observed);
    }

    public static LoadBalancer loadBalancer(String name, String type, int registered, int healthy, Instant created,
                                            Instant observed) {
        return new LoadBalancer(ref(name), name, type, "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT
                + ":loadbalancer/app/" + name + "/1", name + ".elb." + REGION + ".amazonaws.com", created,
                List.of(new LoadBalancer.TargetGroup("tg", registered, healthy)), Map.of("team", "web"), observed);
    }

    /** A completed snapshot of the account, which none of the account's AMIs uses. */
    public static EbsSnapshot snapshot(String id, String sourceVolume, int gib, String tier, Instant started,
                                       String description, Instant observed) {
        return new EbsSnapshot(ref(id), sourceVolume, "completed", gib, tier, started, description, Map.of("team", "data"),
                observed, List.of());
    }

    /** A completed snapshot that the account's AMIs {@code imageIds} use (null: not known which). */
    public static EbsSnapshot imageSnapshot(String id, String sourceVolume, Instant started, String description,
                                            List<String> imageIds, Instant observed) {
        return new EbsSnapshot(ref(id), sourceVolume, "completed", 8, "standard", started, description, Map.of(),
                observed, imageIds);
    }

    public static Ec2Instance instance(String id, String state, Instant stateChanged, List<String> volumes, Instant observed) {
        return new Ec2Instance(ref(id), state, "m5.large", daysAgo(200), stateChanged, volumes, Map.of("Name", "legacy"),
                observed);
    }

    public static PersistentVolumeInfo pv(String name, String phase, long bytes, String claim, String volumeId,
                                          Instant created, Instant observed) {
        return new PersistentVolumeInfo(ObjectRef.clusterScoped(CLUSTER, "PersistentVolume", name), phase, bytes, "gp3",
                "Retain", claim, volumeId, Map.of(), created, observed);
    }

    public static PersistentVolumeClaimInfo pvc(String namespace, String name, String volumeName, List<String> mountedBy,
                                                Instant created, Instant observed) {
        return new PersistentVolumeClaimInfo(new ObjectRef(CLUSTER, namespace, "PersistentVolumeClaim", name), "Bound",
                "gp3", 50 * GIB, volumeName, mountedBy, Map.of("app", name), Map.of(), created, observed);
    }

    public static ServiceInfo service(String namespace, String name, String type, int endpoints, String hostname,
                                      Map<String, String> annotations, Instant created, Instant observed) {
        return new ServiceInfo(new ObjectRef(CLUSTER, namespace, "Service", name), type, endpoints, hostname,
                Map.of("app", name), annotations, created, observed);
    }
}
