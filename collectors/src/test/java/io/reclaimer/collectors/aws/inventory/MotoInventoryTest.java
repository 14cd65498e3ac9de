package io.reclaimer.collectors.aws.inventory;

import static io.reclaimer.collectors.aws.ReplayConfigs.ACCOUNT;
import static io.reclaimer.collectors.aws.ReplayConfigs.CLOCK;
import static io.reclaimer.collectors.aws.ReplayConfigs.TEST_CREDENTIALS;
import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.collectors.aws.AwsCollector;
import io.reclaimer.collectors.aws.RecordingSink;
import io.reclaimer.collectors.aws.ReplayConfigs;
import io.reclaimer.collectors.aws.state.PriorState;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inventory of an account as moto (an AWS emulator) answers it, replayed from its recorded responses
 * (src/test/resources/aws/moto): its XML differs from AWS's in ways the collector must survive.
 */
class MotoInventoryTest {

    private final Topics topics = Topics.defaults();

    private Map<String, CloudResource> collect() {
        RecordingSink sink = new RecordingSink();
        try (AwsReplayServer moto = AwsReplayServer.fromClasspath("aws/moto");
             AwsCollector collector = AwsCollector.create(ReplayConfigs.inventoryOnly(moto.endpoint(),
                     List.of(ReplayConfigs.account(ACCOUNT)), "eu-west-1"), TEST_CREDENTIALS, topics,
                     new PrometheusRegistry(), PriorState.empty(), CLOCK)) {
            assertThat(collector.collectOnce(sink).errors()).isZero();
            assertThat(moto.unmatched()).isEmpty();
        }
        return sink.latest(topics.cloudInventory());
    }

    @Test
    void anAddressWithEmptyAssociationElementsIsUnassociated() {
        ElasticIp address = (ElasticIp) collect().get("aws/123456789012/eu-west-1/eipalloc-eba6cd783a70dd2a7");
        assertThat(address.instanceId()).isEmpty();
        assertThat(address.networkInterfaceId()).isEmpty();
        assertThat(address.isAssociated()).isFalse();
    }

    @Test
    void aSnapshotMotoTookForAnAmiIsKnownToBackIt() {
        Map<String, CloudResource> inventory = collect();
        EbsSnapshot ami = (EbsSnapshot) inventory.get("aws/123456789012/eu-west-1/snap-f3751e46c455a9617");
        assertThat(ami.description()).startsWith("Auto-created snapshot for AMI").doesNotContain("CreateImage");
        assertThat(ami.imageIds()).containsExactly("ami-1849b9263d719bc7f");
        EbsSnapshot nightly = (EbsSnapshot) inventory.get("aws/123456789012/eu-west-1/snap-0e9d7f6c73009152b");
        assertThat(nightly.imageIds()).isEmpty();
    }
}
