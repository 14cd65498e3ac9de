package io.reclaimer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.billing.BillingLine;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.HpaInfo;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.NodeInfo;
import io.reclaimer.model.kubernetes.ResourceAmounts;
import io.reclaimer.model.kubernetes.UnitPrices;
import io.reclaimer.model.kubernetes.WorkloadContainerSpec;
import io.reclaimer.model.rightsizing.Recommendation;
import io.reclaimer.model.serde.JsonSerde;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.UsageSample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventSerdeTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");
    private static final ContainerRef CONTAINER = new ContainerRef("prod-eu", "shop", "Deployment", "checkout", "app");

    private final JsonSerde<UsageSample> samples = JsonSerde.of(UsageSample.class);

    @Test
    void usageSampleRoundTripsWithItsSchemaVersion() {
        UsageSample sample = new UsageSample(CONTAINER, "checkout-7d9f-abcde", T0, 0.25, 300_000_000L);
        String json = samples.writeString(sample);

        assertThat(json).startsWith("{\"schema\":\"usage-sample/v1\"");
        assertThat(json).contains("\"timestamp\":\"2026-11-02T10:15:30Z\"", "\"cpuCores\":0.25");
        assertThat(samples.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(sample);
    }

    @Test
    void helperMethodsAreNotSerializedAsProperties() {
        EbsVolume volume = volume("available");
        String json = JsonSerde.of(CloudResource.class).writeString(volume);
        assertThat(json).doesNotContain("\"available\":").doesNotContain("\"key\":");
    }

    @Test
    void sealedFamiliesRoundTripThroughTheirInterface() {
        JsonSerde<CloudResource> cloud = JsonSerde.of(CloudResource.class);
        LoadBalancer lb = new LoadBalancer(CloudResourceRef.aws("123456789012", "eu-west-1", "app/web/50dc6c495c0c9188"),
                "web", "application", "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
                "web-1.eu-west-1.elb.amazonaws.com", T0, List.of(new LoadBalancer.TargetGroup("tg-1", 2, 0)),
                Map.of("team", "web"), T0);
        assertThat(cloud.read(cloud.serialize("t", lb))).isEqualTo(lb);
        assertThat(cloud.read(cloud.serialize("t", volume("in-use")))).isEqualTo(volume("in-use"));

        JsonSerde<KubernetesObject> k8s = JsonSerde.of(KubernetesObject.class);
        NodeInfo node = new NodeInfo(ObjectRef.clusterScoped("prod-eu", "Node", "ip-10-0-1-7"), "m5.large",
                "eu-west-1", "eu-west-1a", NodeInfo.CapacityType.SPOT, "general",
                new ResourceAmounts(2.0, 8L << 30), new ResourceAmounts(1.93, 7L << 30), 0.04,
                new UnitPrices(0.0146, 0.00182), "catalog:spot", Map.of(), T0);
        assertThat(k8s.read(k8s.serialize("t", node))).isEqualTo(node);
    }

    @Test
    void everyCatalogValueTypeRoundTrips() {
        WorkloadContainerSpec spec = new WorkloadContainerSpec(CONTAINER, 3, new ResourceAmounts(0.5, 512L << 20),
                new ResourceAmounts(null, 1L << 30), WorkloadContainerSpec.QosClass.BURSTABLE, "general",
                new HpaInfo("checkout", 2, 10, List.of("cpu")), new UnitPrices(0.03, 0.004),
                Map.of("app", "checkout"), Map.of(), T0);
        Recommendation rec = new Recommendation(CONTAINER, "vpa", new Recommendation.Cpu(0.5, 0.2, 0.1, 0.4),
                new Recommendation.Memory(512L << 20, 300L << 20, 250L << 20, 400L << 20), 0.8, 42.5, 3,
                false, false, true, 1000, T0, T0, T0, Map.of(), Map.of());
        Finding finding = new Finding(Finding.idFor(FindingKind.UNATTACHED_VOLUME, "aws/1/eu-west-1/vol-1"),
                FindingKind.UNATTACHED_VOLUME, "aws/1/eu-west-1/vol-1", "EbsVolume", "vol-1", "aws", "", "",
                "1", "eu-west-1", 8.0, T0, T0, null, Map.of("sizeGib", "100"), Map.of(), Map.of(), Map.of());
        ActionRequest request = new ActionRequest("a-1", ActionType.DELETE, finding.id(), finding.kind(),
                finding.resource(), "", "", "1", "eu-west-1", Map.of("state", "available"), Map.of("state", "deleted"),
                8.0, null, new PolicyVerdict(PolicyVerdict.Outcome.APPROVE, "orphans", "volumes",
                List.of("matched rule volumes"), List.of("@oncall"), T0, Map.of("snapshot", "true")), T0);
        BillingLine line = new BillingLine("123456789012", LocalDate.of(2026, 11, 1), "UnblendedCost", "TAG", null,
                "cluster", "prod-eu", 123.45, "USD", true, T0);

        assertThat(roundTrip(Topics.defaults().workloads().valueSerde(), spec)).isEqualTo(spec);
        assertThat(roundTrip(Topics.defaults().recommendations().valueSerde(), rec)).isEqualTo(rec);
        assertThat(roundTrip(Topics.defaults().findings().valueSerde(), finding)).isEqualTo(finding);
        assertThat(roundTrip(Topics.defaults().actionRequests().valueSerde(), request)).isEqualTo(request);
        assertThat(roundTrip(Topics.defaults().billingLines().valueSerde(), line)).isEqualTo(line);
        assertThat(line.key()).isEqualTo("aws/123456789012/2026-11-01/UnblendedCost/tag:cluster=prod-eu");
        assertThat(JsonSerde.of(Finding.class).writeString(finding)).contains("\"kind\":\"unattached-volume\"");
    }

    @Test
    void actionResultsAndDecisionsRoundTripIncludingTheRollbackIntent() {
        var results = Topics.defaults().actionResults().valueSerde();
        var decisions = Topics.defaults().actionDecisions().valueSerde();
        for (io.reclaimer.model.actions.ActionResult.Status status : io.reclaimer.model.actions.ActionResult.Status.values()) {
            var result = new io.reclaimer.model.actions.ActionResult("downsize-1", status, "why",
                    Map.of("requests.cpu", "500m"), Map.of("requests.cpu", "250m"), T0);
            assertThat(roundTrip(results, result)).isEqualTo(result);
        }
        assertThat(JsonSerde.of(io.reclaimer.model.actions.ActionResult.class).writeString(
                new io.reclaimer.model.actions.ActionResult("a", io.reclaimer.model.actions.ActionResult.Status.ROLLBACK_STARTED,
                        null, null, null, T0))).contains("\"status\":\"ROLLBACK_STARTED\"");
        var decision = new io.reclaimer.model.actions.ActionDecision("downsize-1",
                io.reclaimer.model.actions.ActionDecision.Outcome.APPROVED, "slack:U0ALICE", T0, null);
        assertThat(roundTrip(decisions, decision)).isEqualTo(decision);
    }

    @Test
    void tombstonesReadAsNull() {
        assertThat(samples.deserialize("t", null)).isNull();
        assertThat(samples.serialize("t", null)).isNull();
    }

    @Test
    void refusesAnUnknownSchemaVersion() {
        String json = samples.writeString(new UsageSample(CONTAINER, "p", T0, 0.1, 1))
                .replace("usage-sample/v1", "usage-sample/v2");
        assertThatThrownBy(() -> samples.read(bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("usage-sample/v2");
    }

    @Test
    void refusesUnknownPropertiesSoTyposCannotHideData() {
        String json = samples.writeString(new UsageSample(CONTAINER, "p", T0, 0.1, 1))
                .replace("\"cpuCores\":0.1", "\"cpuCores\":0.1,\"cpuLimitCores\":2");
        assertThatThrownBy(() -> samples.read(bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("malformed UsageSample: Unrecognized field \"cpuLimitCores\"")
                .hasMessageEndingWith("(at $.cpuLimitCores)");
    }

    @Test
    void refusesMissingFieldsInsteadOfDefaultingThemToZero() {
        String json = samples.writeString(new UsageSample(CONTAINER, "p", T0, 0.1, 1))
                .replace(",\"memoryWorkingSetBytes\":1", "");
        assertThatThrownBy(() -> samples.read(bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("malformed UsageSample: Missing creator property 'memoryWorkingSetBytes' (index 4) (at $.memoryWorkingSetBytes)");
    }

    @Test
    void refusesValuesThatBreakTheContractWithTheFieldName() {
        String json = samples.writeString(new UsageSample(CONTAINER, "p", T0, 0.1, 1))
                .replace("\"cpuCores\":0.1", "\"cpuCores\":-3.0");
        assertThatThrownBy(() -> samples.read(bytes(json)))
                .isInstanceOf(SerializationException.class)
                .hasMessage("invalid UsageSample: cpuCores must be a finite number >= 0, was -3.0");
    }

    @Test
    void refusesStringsWhereNumbersBelong() {
        String json = samples.writeString(new UsageSample(CONTAINER, "p", T0, 0.1, 1))
                .replace("\"cpuCores\":0.1", "\"cpuCores\":\"0.1\"");
        assertThatThrownBy(() -> samples.read(bytes(json))).isInstanceOf(SerializationException.class);
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> samples.read(bytes("not json at all")))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("malformed UsageSample");
    }

    @Test
    void keysAreStableIdentitiesThatParseBack() {
        assertThat(CONTAINER.key()).isEqualTo("prod-eu/shop/Deployment/checkout/app");
        assertThat(ContainerRef.parse(CONTAINER.key())).isEqualTo(CONTAINER);
        CloudResourceRef lb = CloudResourceRef.aws("123456789012", "eu-west-1", "app/web/50dc6c495c0c9188");
        assertThat(lb.key()).isEqualTo("aws/123456789012/eu-west-1/app/web/50dc6c495c0c9188");
        assertThat(CloudResourceRef.parse(lb.key())).isEqualTo(lb);
        ObjectRef node = ObjectRef.clusterScoped("prod-eu", "Node", "n1");
        assertThat(node.key()).isEqualTo("prod-eu//Node/n1");
        assertThat(ObjectRef.parse(node.key())).isEqualTo(node);
        assertThatThrownBy(() -> new ContainerRef("a/b", "ns", "Deployment", "x", "c"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("cluster");
    }

    @Test
    void mapsAreCopiedSortedAndImmutable() {
        Map<String, String> labels = new java.util.HashMap<>(Map.of("b", "2", "a", "1"));
        WorkloadContainerSpec spec = new WorkloadContainerSpec(CONTAINER, 1, null, null,
                WorkloadContainerSpec.QosClass.BEST_EFFORT, null, null, null, labels, null, T0);
        labels.put("c", "3");
        assertThat(spec.labels()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThatThrownBy(() -> spec.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void unitPricesProjectAMonthOf730Hours() {
        UnitPrices prices = new UnitPrices(0.03, 0.004);
        assertThat(prices.monthlyUsd(1.0, UnitPrices.BYTES_PER_GIB)).isEqualTo((0.03 + 0.004) * 730, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static EbsVolume volume(String state) {
        return new EbsVolume(CloudResourceRef.aws("123456789012", "eu-west-1", "vol-0abc"), state, 100, "gp3", 3000, 125,
                "in-use".equals(state) ? List.of(new EbsVolume.Attachment("i-1", "/dev/xvdf", "attached", T0)) : List.of(),
                null, T0, Map.of("Name", "data"), T0);
    }

    private static <T> T roundTrip(org.apache.kafka.common.serialization.Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
