package io.reclaimer.streams.orphans;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.PersistentVolumeClaimInfo;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.kubernetes.ServiceInfo;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisInputs;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.findings.FindingEmitter;
import io.reclaimer.streams.waste.WasteConfig;
import io.reclaimer.streams.waste.WastePrices;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Orphaned cloud resources and Kubernetes storage/network objects: {@code unattached-volume},
 * {@code unassociated-address}, {@code idle-load-balancer}, {@code orphaned-snapshot},
 * {@code stopped-instance-volumes}, {@code released-pv}, {@code unused-pvc} and
 * {@code service-without-endpoints}.
 *
 * <p>Each detector needs facts from other records (is there a PV on this volume, does the snapshot's volume
 * still exist, which volumes hang off this stopped instance...). Those links are Kafka Streams table joins
 * (foreign-key joins where the link is a value), so updates and deletions on either side re-evaluate the
 * resource: a volume re-attached, a PV deleted, a snapshot's source volume deleted. Results converge; while
 * the inventory is first loaded a link may arrive after the resource it explains, and a finding can be
 * published and resolved moments later.
 */
public final class OrphanDetection implements AnalysisFeature {

    /** Per-finding state (and the findings currently published), for metrics and reports. */
    public static final String FINDINGS_STORE = "orphan-findings";

    private final WasteConfig config;
    private final OrphanRules rules;

    public OrphanDetection(WasteConfig config) {
        this.config = config;
        this.rules = new OrphanRules(new WastePrices(config.prices()));
    }

    /** This feature alone, for tests. */
    public static Topology build(Topics topics, WasteConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        new OrphanDetection(config).addTo(new AnalysisInputs(builder, topics));
        return builder.build();
    }

    @Override
    public void addTo(AnalysisInputs inputs) {
        KTable<String, CloudResource> cloud = inputs.cloudInventory();
        KTable<String, KubernetesObject> k8s = inputs.kubernetesInventory();
        List<KStream<String, Assessment>> assessments = new ArrayList<>();

        // volumes by their bare id: what PVs and snapshots name
        KTable<String, EbsVolume> volumesById = cloud.toStream(Named.as("orphans-volumes-stream"))
                .filter((key, value) -> value instanceof EbsVolume || value == null && isVolumeKey(key),
                        Named.as("orphans-volumes-only"))
                .map((key, value) -> KeyValue.pair(CloudResourceRef.parse(key).resourceId(), (EbsVolume) value),
                        Named.as("orphans-volumes-by-id-key"))
                .toTable(Named.as("orphans-volumes-by-id"), materialized("orphans-volumes-by-id", EbsVolume.class));

        KTable<String, Views.KeySet> pvsByVolumeId = k8s
                .filter((key, value) -> value instanceof PersistentVolumeInfo pv
                        && OrphanRules.volumeId(pv.cloudVolumeId()) != null, Named.as("orphans-pvs-with-volume"))
                .groupBy((key, value) -> KeyValue.pair(OrphanRules.volumeId(((PersistentVolumeInfo) value).cloudVolumeId()), key),
                        Grouped.with("orphans-pvs-by-volume", Serdes.String(), Serdes.String()))
                .aggregate(() -> Views.KeySet.EMPTY, (volumeId, pvKey, set) -> set.plus(pvKey),
                        (volumeId, pvKey, set) -> set.minus(pvKey), Named.as("orphans-pvs-by-volume-aggregate"),
                        materialized("orphans-pvs-by-volume", Views.KeySet.class));

        // unattached-volume: an available volume no PV explains
        KTable<String, Views.VolumeView> volumes = cloud
                .filter((key, value) -> value instanceof EbsVolume, Named.as("orphans-volumes"))
                .leftJoin(pvsByVolumeId, (key, value) -> ((EbsVolume) value).ref().resourceId(),
                        (value, pvs) -> new Views.VolumeView((EbsVolume) value, pvs != null && !pvs.isEmpty()),
                        TableJoined.as("orphans-volume-pvs"), materialized("orphans-volume-views", Views.VolumeView.class));
        assessments.add(assess(volumes.toStream(Named.as("orphans-volume-views")),
                (key, view) -> rules.volume(key, view == null ? null : view.volume(), view != null && view.backedPv()),
                "orphans-assess-volumes"));

        // orphaned-snapshot: the source volume is gone
        KTable<String, Views.SnapshotView> snapshots = cloud
                .filter((key, value) -> value instanceof EbsSnapshot, Named.as("orphans-snapshots"))
                .leftJoin(volumesById, (key, value) -> OrphanRules.sourceVolumeId((EbsSnapshot) value),
                        (value, volume) -> new Views.SnapshotView((EbsSnapshot) value, volume != null),
                        TableJoined.as("orphans-snapshot-volume"),
                        materialized("orphans-snapshot-views", Views.SnapshotView.class));
        assessments.add(assess(snapshots.toStream(Named.as("orphans-snapshot-views")),
                (key, view) -> rules.snapshot(key, view == null ? null : view.snapshot(), view != null && view.sourceExists()),
                "orphans-assess-snapshots"));

        // stopped-instance-volumes: volumes grouped by the instance they are attached to
        KTable<String, Views.VolumeSet> volumesByInstance = cloud
                .filter((key, value) -> value instanceof EbsVolume v && !v.attachments().isEmpty(),
                        Named.as("orphans-attached-volumes"))
                .groupBy((key, value) -> {
                    EbsVolume v = (EbsVolume) value;
                    CloudResourceRef instance = new CloudResourceRef(v.ref().provider(), v.ref().account(),
                            v.ref().region(), v.attachments().get(0).instanceId());
                    return KeyValue.pair(instance.key(), v);
                }, Grouped.with("orphans-volumes-by-instance", Serdes.String(), JsonSerde.of(EbsVolume.class)))
                .aggregate(() -> Views.VolumeSet.EMPTY, (instance, v, set) -> set.plus(v), (instance, v, set) -> set.minus(v),
                        Named.as("orphans-volumes-by-instance-aggregate"),
                        materialized("orphans-volumes-by-instance", Views.VolumeSet.class));
        KTable<String, Views.InstanceView> instances = cloud
                .filter((key, value) -> value instanceof Ec2Instance, Named.as("orphans-instances"))
                .leftJoin(volumesByInstance, (value, set) -> new Views.InstanceView((Ec2Instance) value,
                        set == null ? null : set.volumes()), Named.as("orphans-instance-volumes"));
        assessments.add(assess(instances.toStream(Named.as("orphans-instance-views")),
                (key, view) -> rules.stoppedInstance(key, view == null ? null : view.instance(),
                        view == null ? Map.of() : view.volumes()),
                "orphans-assess-instances"));

        // idle-load-balancer and service-without-endpoints meet on the DNS name
        KTable<String, Views.KeySet> servicesByHostname = k8s
                .filter((key, value) -> value instanceof ServiceInfo s && s.isLoadBalancer()
                        && !s.loadBalancerHostname().isEmpty(), Named.as("orphans-lb-services"))
                .groupBy((key, value) -> KeyValue.pair(hostname(((ServiceInfo) value).loadBalancerHostname()), key),
                        Grouped.with("orphans-services-by-hostname", Serdes.String(), Serdes.String()))
                .aggregate(() -> Views.KeySet.EMPTY, (host, svc, set) -> set.plus(svc), (host, svc, set) -> set.minus(svc),
                        Named.as("orphans-services-by-hostname-aggregate"),
                        materialized("orphans-services-by-hostname", Views.KeySet.class));
        KTable<String, Views.LoadBalancerView> loadBalancers = cloud
                .filter((key, value) -> value instanceof LoadBalancer, Named.as("orphans-load-balancers"))
                .leftJoin(servicesByHostname, (key, value) -> hostname(((LoadBalancer) value).dnsName()),
                        (value, services) -> new Views.LoadBalancerView((LoadBalancer) value,
                                services != null && !services.isEmpty()), TableJoined.as("orphans-lb-services-join"),
                        materialized("orphans-lb-views", Views.LoadBalancerView.class));
        assessments.add(assess(loadBalancers.toStream(Named.as("orphans-lb-views")),
                (key, view) -> rules.loadBalancer(key, view == null ? null : view.loadBalancer(),
                        view != null && view.backsService()), "orphans-assess-load-balancers"));

        KTable<String, Views.LoadBalancerSet> loadBalancersByHostname = cloud
                .filter((key, value) -> value instanceof LoadBalancer lb && !lb.dnsName().isEmpty(),
                        Named.as("orphans-load-balancers-with-dns"))
                .groupBy((key, value) -> KeyValue.pair(hostname(((LoadBalancer) value).dnsName()), (LoadBalancer) value),
                        Grouped.with("orphans-lbs-by-hostname", Serdes.String(), JsonSerde.of(LoadBalancer.class)))
                .aggregate(() -> Views.LoadBalancerSet.EMPTY, (host, lb, set) -> set.plus(lb), (host, lb, set) -> set.minus(lb),
                        Named.as("orphans-lbs-by-hostname-aggregate"),
                        materialized("orphans-lbs-by-hostname", Views.LoadBalancerSet.class));
        KTable<String, Views.ServiceView> services = k8s
                .filter((key, value) -> value instanceof ServiceInfo, Named.as("orphans-services"))
                .leftJoin(loadBalancersByHostname, (key, value) -> hostname(((ServiceInfo) value).loadBalancerHostname()),
                        (value, lbs) -> new Views.ServiceView((ServiceInfo) value, lbs == null ? null : lbs.any()),
                        TableJoined.as("orphans-service-lbs"), materialized("orphans-service-views", Views.ServiceView.class));
        assessments.add(assess(services.toStream(Named.as("orphans-service-views")),
                (key, view) -> rules.serviceWithoutEndpoints(key, view == null ? null : view.service(),
                        view == null ? null : view.loadBalancer()), "orphans-assess-services"));

        // released-pv, priced by its EBS volume
        KTable<String, Views.PvView> pvs = k8s
                .filter((key, value) -> value instanceof PersistentVolumeInfo, Named.as("orphans-pvs"))
                .leftJoin(volumesById, (key, value) -> OrphanRules.volumeId(((PersistentVolumeInfo) value).cloudVolumeId()),
                        (value, volume) -> new Views.PvView((PersistentVolumeInfo) value, volume),
                        TableJoined.as("orphans-pv-volume"), materialized("orphans-pv-views", Views.PvView.class));
        assessments.add(assess(pvs.toStream(Named.as("orphans-pv-view-stream")),
                (key, view) -> rules.releasedPv(key, view == null ? null : view.pv(), view == null ? null : view.volume()),
                "orphans-assess-pvs"));

        // unused-pvc, priced through its PV
        KTable<String, Views.PvcView> pvcs = k8s
                .filter((key, value) -> value instanceof PersistentVolumeClaimInfo, Named.as("orphans-pvcs"))
                .leftJoin(pvs, (key, value) -> pvKey((PersistentVolumeClaimInfo) value),
                        (value, pv) -> new Views.PvcView((PersistentVolumeClaimInfo) value, pv),
                        TableJoined.as("orphans-pvc-pv"), materialized("orphans-pvc-views", Views.PvcView.class));
        assessments.add(assess(pvcs.toStream(Named.as("orphans-pvc-views")),
                (key, view) -> rules.unusedPvc(key, view == null ? null : view.pvc(), view == null ? null : view.pv()),
                "orphans-assess-pvcs"));

        // unassociated-address needs nothing but the address
        assessments.add(cloud.toStream(Named.as("orphans-addresses-stream"))
                .filter((key, value) -> value instanceof ElasticIp || value == null && isAddressKey(key),
                        Named.as("orphans-addresses-only"))
                .mapValues((key, value) -> rules.address(key, (ElasticIp) value), Named.as("orphans-assess-addresses")));

        KStream<String, Assessment> all = assessments.get(0);
        for (int i = 1; i < assessments.size(); i++) {
            all = all.merge(assessments.get(i), Named.as("orphans-merge-" + i));
        }
        FindingEmitter.attach(inputs.builder(), inputs.topics(), all, FINDINGS_STORE, config.thresholdDays());
    }

    private static <V> KStream<String, Assessment> assess(KStream<String, V> views, BiFunction<String, V, Assessment> rule,
                                                          String name) {
        return views.mapValues(rule::apply, Named.as(name));
    }

    private static boolean isVolumeKey(String key) {
        return CloudResourceRef.parse(key).resourceId().startsWith("vol-");
    }

    private static boolean isAddressKey(String key) {
        return CloudResourceRef.parse(key).resourceId().startsWith("eipalloc-");
    }

    private static String hostname(String dns) {
        return dns == null || dns.isBlank() ? null : dns.toLowerCase(Locale.ROOT);
    }

    private static String pvKey(PersistentVolumeClaimInfo pvc) {
        return pvc.volumeName().isEmpty() ? null
                : ObjectRef.clusterScoped(pvc.ref().cluster(), "PersistentVolume", pvc.volumeName()).key();
    }

    private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(String name, Class<V> type) {
        return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(name)
                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(type));
    }
}
