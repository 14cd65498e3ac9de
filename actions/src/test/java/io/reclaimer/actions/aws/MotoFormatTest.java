package io.reclaimer.actions.aws;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.testkit.aws.AwsReplayServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Responses recorded from moto, an AWS emulator whose XML differs from AWS's own in ways real code must
 * survive (see src/test/resources/aws/moto-*). Replayed, so the test runs wherever the JDK does.
 */
class MotoFormatTest {

    @Test
    void anAddressWithEmptyAssociationElementsIsReleased() throws Exception {
        try (AwsReplayServer moto = AwsReplayServer.fromClasspath("aws/moto-unassociated-address");
             SdkAwsClients aws = new SdkAwsClients(new ActionsConfig.Aws(moto.endpoint(), null, null),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))) {
            AddressReleaseExecutor executor = new AddressReleaseExecutor(aws);
            ActionRequest request = new ActionRequest("delete-eip", ActionType.DELETE, "f",
                    FindingKind.UNASSOCIATED_ADDRESS, "aws/123456789012/eu-west-1/eipalloc-481e5136724e7a664", "", "",
                    "123456789012", "eu-west-1", Map.of("associated", "false"), Map.of("state", "released"), 3.65, null,
                    verdict(Outcome.AUTO, Map.of()), T0);

            Check check = executor.check(request);
            assertThat(check.state()).as(check.reason()).isEqualTo(Check.State.ORIGINAL);
            executor.apply(request, check);

            assertThat(moto.requests("ec2", "ReleaseAddress")).singleElement()
                    .satisfies(r -> assertThat(r.param("AllocationId")).isEqualTo("eipalloc-481e5136724e7a664"));
            assertThat(moto.unmatched()).isEmpty();
        }
    }
}
