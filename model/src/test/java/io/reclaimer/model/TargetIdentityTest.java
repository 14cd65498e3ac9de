package io.reclaimer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.KubernetesObject;
import io.reclaimer.model.kubernetes.PersistentVolumeInfo;
import io.reclaimer.model.serde.Json;
import io.reclaimer.model.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The typed identity a finding priced, how it travels, and how records written before it still read. */
class TargetIdentityTest {

    private static final Instant T0 = Instant.parse("2026-11-02T10:15:30Z");
    private static final CloudResourceRef LB = CloudResourceRef.aws("123456789012", "eu-west-1", "app/web/50dc6c495c0c9188");
    private static final String ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";

    private static Finding finding(TargetIdentity identity) {
        return new Finding(Finding.idFor(FindingKind.IDLE_LOAD_BALANCER, LB.key()), FindingKind.IDLE_LOAD_BALANCER,
                LB.key(), "LoadBalancer", "web", "aws", "", "", "123456789012", "eu-west-1", 16.43, T0, T0, null,
                Map.of(), Map.of(), Map.of(), Map.of(), identity);
    }

    @Test
    void aFindingCarriesTheIdentityItPricedAsATypedValue() {
        JsonSerde<Finding> serde = JsonSerde.of(Finding.class);
        Finding f = finding(TargetIdentity.Aws.loadBalancer(LB, ARN, "web-1.eu-west-1.elb.amazonaws.com"));
        String json = serde.writeString(f);

        assertThat(json).contains("\"identity\":{\"platform\":\"aws\",\"account\":\"123456789012\"", "\"uniqueId\":\"" + ARN);
        assertThat(serde.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(f);
        Finding pvc = finding(new TargetIdentity.Kubernetes("prod-eu", "shop", "PersistentVolumeClaim", "data", "6f1c-uid"));
        assertThat(serde.read(serde.serialize("t", pvc))).isEqualTo(pvc);
    }

    @Test
    void recordsWrittenBeforeIdentitiesReadWithoutOneAndNothingElseIsRelaxed() throws Exception {
        JsonSerde<Finding> serde = JsonSerde.of(Finding.class);
        ObjectNode old = (ObjectNode) Json.mapper().readTree(serde.writeString(finding(null)));
        old.remove("identity");
        assertThat(serde.read(old.toString().getBytes(StandardCharsets.UTF_8)).identity()).isNull();

        old.remove("region");
        assertThatThrownBy(() -> serde.read(old.toString().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("region");

        JsonSerde<ActionRequest> requests = JsonSerde.of(ActionRequest.class);
        ActionRequest request = new ActionRequest("delete-1", ActionType.DELETE, "f", FindingKind.IDLE_LOAD_BALANCER,
                LB.key(), "", "", "123456789012", "eu-west-1", Map.of(), Map.of("state", "deleted"), 16.43, null,
                new PolicyVerdict(PolicyVerdict.Outcome.AUTO, "p", "r", List.of(), List.of(), null, Map.of()), T0);
        ObjectNode legacy = (ObjectNode) Json.mapper().readTree(requests.writeString(request));
        legacy.remove("identity");
        assertThat(requests.read(legacy.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(request);
    }

    @Test
    void inventoryRecordsWrittenBeforeUidsAndImagesReadAsUnknown() throws Exception {
        JsonSerde<KubernetesObject> k8s = JsonSerde.of(KubernetesObject.class);
        PersistentVolumeInfo pv = new PersistentVolumeInfo(ObjectRef.clusterScoped("prod-eu", "PersistentVolume", "pv-1"),
                "Released", 1L << 30, "gp3", "Delete", "shop/data", "vol-1", Map.of(), T0, T0, "uid-1",
                Map.of("reclaimer.io/restored-from-action", "delete-1"));
        ObjectNode old = (ObjectNode) Json.mapper().readTree(k8s.writeString(pv));
        old.remove("uid");
        old.remove("annotations");
        PersistentVolumeInfo read = (PersistentVolumeInfo) k8s.read(old.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(read.uid()).isEmpty();
        assertThat(read.annotations()).isEmpty();

        JsonSerde<CloudResource> cloud = JsonSerde.of(CloudResource.class);
        EbsSnapshot snapshot = new EbsSnapshot(CloudResourceRef.aws("123456789012", "eu-west-1", "snap-1"), "vol-1",
                "completed", 8, "standard", T0, "", Map.of(), T0, List.of("ami-2", "ami-1"));
        assertThat(snapshot.imageIds()).containsExactly("ami-1", "ami-2");
        ObjectNode oldSnapshot = (ObjectNode) Json.mapper().readTree(cloud.writeString(snapshot));
        oldSnapshot.remove("imageIds");
        EbsSnapshot unknown = (EbsSnapshot) cloud.read(oldSnapshot.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.imagesKnown()).isFalse();
        assertThat(unknown.backsAnImage()).isFalse();
    }

    @Test
    void aLoadBalancerCreatedAgainUnderTheSameNameIsAnotherOne() {
        TargetIdentity priced = TargetIdentity.Aws.loadBalancer(LB, ARN, null);
        TargetIdentity again = TargetIdentity.Aws.loadBalancer(
                CloudResourceRef.aws("123456789012", "eu-west-1", "app/web/0123456789abcdef"),
                ARN.replace("50dc6c495c0c9188", "0123456789abcdef"), null);
        TargetIdentity elsewhere = TargetIdentity.Aws.loadBalancer(
                CloudResourceRef.aws("210987654321", "eu-west-1", "app/web/50dc6c495c0c9188"),
                ARN.replace("123456789012", "210987654321"), null);

        assertThat(priced.mismatch(priced)).isEmpty();
        assertThat(priced.mismatch(again)).get().asString().contains("id is app/web/0123456789abcdef, the finding priced "
                + "app/web/50dc6c495c0c9188");
        assertThat(priced.mismatch(elsewhere)).get().asString().contains("account is 210987654321");
    }

    @Test
    void aKubernetesObjectCreatedAgainHasAnotherUidAndAnUnknownUidIsNotUnique() {
        var priced = new TargetIdentity.Kubernetes("prod-eu", "shop", "PersistentVolumeClaim", "data", "uid-1");
        var again = new TargetIdentity.Kubernetes("prod-eu", "shop", "PersistentVolumeClaim", "data", "uid-2");
        assertThat(priced.mismatch(again)).get().asString().contains("has uid uid-2, the finding priced uid uid-1");
        assertThat(new TargetIdentity.Kubernetes("prod-eu", "shop", "PersistentVolumeClaim", "data", null).unique()).isFalse();
    }

    @Test
    void oneDefinitionOfInUseForEveryModule() {
        // AWS leaves unassociated fields out; moto sends <instanceId/>, which the SDK reads as ""
        assertThat(ElasticIp.associated(null, null, null)).isFalse();
        assertThat(ElasticIp.associated("", "", " ")).isFalse();
        assertThat(ElasticIp.associated("eipassoc-1", "", "")).isTrue();
        assertThat(ElasticIp.associatedWith("eipassoc-1", "", "eni-1")).isEqualTo("eni-1");
        assertThat(LoadBalancer.healthyTarget("healthy")).isTrue();
        assertThat(LoadBalancer.healthyTarget("InService")).isTrue();
        assertThat(LoadBalancer.healthyTarget("draining")).isFalse();
        assertThat(LoadBalancer.idle(0)).isTrue();
    }
}
