package io.reclaimer.actions.aws;

import static io.reclaimer.actions.support.Fixtures.T0;
import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.aws.AwsAccount;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Defect 4 of issue 13: an executor acts on exactly the resource that was priced, in its own account, or not
 * at all. The fake records every call; a mismatch must leave it without a single mutating one.
 */
class TargetIdentityTest {

    private final FakeAws fake;
    private final SdkAwsClients aws;

    TargetIdentityTest() throws Exception {
        fake = new FakeAws();
        aws = new SdkAwsClients(new ActionsConfig.Aws(fake.endpoint(), null, null),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    @AfterEach
    void close() {
        aws.close();
        fake.close();
    }

    private static ActionRequest deleteLoadBalancer(String account, String resourceId) {
        return new ActionRequest("delete-lb-" + account, ActionType.DELETE, "f", FindingKind.IDLE_LOAD_BALANCER,
                "aws/" + account + "/eu-west-1/" + resourceId, "", "", account, "eu-west-1",
                Map.of("healthyTargets", "0", "type", "application", "name", "web"), Map.of("state", "deleted"), 16, null,
                verdict(Outcome.AUTO, Map.of()), T0);
    }

    /** Runs the engine's protocol for one request: re-check, and apply only after an ORIGINAL re-check. */
    private static Check execute(LoadBalancerDeleteExecutor executor, ActionRequest request) throws Exception {
        Check check;
        try {
            check = executor.check(request);
        } catch (Exception refused) {
            return Check.changed("refused: " + refused.getMessage());
        }
        if (check.state() == Check.State.ORIGINAL) {
            executor.apply(request, check);
        }
        return check;
    }

    @Test
    void aSameNamedLoadBalancerWithAnotherIdIsNeverDeleted() throws Exception {
        // "web" was priced as app/web/0123456789abcdef; it has since been deleted and re-created under the same name
        fake.loadBalancer("web", 0);

        Check check = execute(new LoadBalancerDeleteExecutor(aws),
                deleteLoadBalancer("123456789012", "app/web/0123456789abcdef"));

        assertThat(check.state()).isEqualTo(Check.State.CHANGED);
        assertThat(check.reason()).contains("app/web/50dc6c495c0c9188").contains("app/web/0123456789abcdef");
        assertThat(fake.loadBalancers).containsKey("web");
        assertThat(fake.mutatingCalls()).isEmpty();
    }

    @Test
    void theLoadBalancerThatWasPricedIsDeletedByItsArn() throws Exception {
        fake.loadBalancer("web", 0);
        String arn = fake.loadBalancers.get("web").get("arn");
        ActionRequest request = deleteLoadBalancer("123456789012", "app/web/50dc6c495c0c9188")
                .withIdentity(TargetIdentity.Aws.loadBalancer(CloudResourceRef.aws("123456789012", "eu-west-1",
                        "app/web/50dc6c495c0c9188"), arn, "web-50dc6c495c.eu-west-1.elb.amazonaws.com"));

        Check check = execute(new LoadBalancerDeleteExecutor(aws), request);

        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
        assertThat(fake.mutatingCalls()).containsExactly("123456789012 DeleteLoadBalancer");
        assertThat(fake.calls).filteredOn(c -> c.startsWith("DeleteLoadBalancer")).singleElement().asString()
                .isEqualTo("DeleteLoadBalancer LoadBalancerArn=" + arn);
    }

    @Test
    void aLoadBalancerInAnotherAccountIsNeverDeleted() throws Exception {
        // the service's own account holds a "web" too; the finding priced account 210987654321's, which is not configured
        fake.loadBalancer("web", 0);

        Check check = execute(new LoadBalancerDeleteExecutor(aws),
                deleteLoadBalancer("210987654321", "app/web/50dc6c495c0c9188"));

        assertThat(check.state()).isNotEqualTo(Check.State.ORIGINAL);
        assertThat(check.reason()).contains("210987654321");
        assertThat(fake.loadBalancers).containsKey("web");
        assertThat(fake.mutatingCalls()).isEmpty();
    }

    @Test
    void aLoadBalancerIsDeletedInItsOwnAccountThroughTheRoleOfTheSharedAccountsList() throws Exception {
        fake.loadBalancer("web", 0);
        fake.account("210987654321").loadBalancer("web", "50dc6c495c0c9188", 0);
        // aws.accounts, the collector's list: the service's own account, and 210987654321 through a role
        try (SdkAwsClients accounts = new SdkAwsClients(new ActionsConfig.Aws(fake.endpoint(), null, null),
                List.of(AwsAccount.callerIdentity(), new AwsAccount(null, "arn:aws:iam::210987654321:role/reclaimer-collector",
                        "reclaimer", "arn:aws:iam::210987654321:role/reclaimer-actions")),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))) {

            Check check = execute(new LoadBalancerDeleteExecutor(accounts),
                    deleteLoadBalancer("210987654321", "app/web/50dc6c495c0c9188"));

            assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);
            assertThat(fake.mutatingCalls()).containsExactly("210987654321 DeleteLoadBalancer");
            assertThat(fake.account("210987654321").loadBalancers).isEmpty();
            assertThat(fake.loadBalancers).as("the service's own account keeps its 'web'").containsKey("web");
            assertThat(fake.stsCalls).anyMatch(c -> c.startsWith("AssumeRole")
                    && c.contains("RoleArn=arn:aws:iam::210987654321:role/reclaimer-actions") && c.contains("ExternalId=reclaimer"));
        }
    }

    @Test
    void credentialsThatBelongToAnotherAccountThanConfiguredAreRefused() throws Exception {
        fake.volume("vol-0abc", "available", Map.of());
        // configured as 210987654321 without a role, but the default credentials are 123456789012's
        try (SdkAwsClients misconfigured = new SdkAwsClients(new ActionsConfig.Aws(fake.endpoint(), null, null),
                List.of(new AwsAccount("210987654321", null, null, null)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))) {
            ActionRequest request = new ActionRequest("delete-vol", ActionType.DELETE, "f", FindingKind.UNATTACHED_VOLUME,
                    "aws/210987654321/eu-west-1/vol-0abc", "", "", "210987654321", "eu-west-1", Map.of("state", "available"),
                    Map.of("state", "deleted", "snapshot", "true"), 8, null, verdict(Outcome.AUTO, Map.of()), T0);

            assertThatThrownBy(() -> new VolumeDeleteExecutor(misconfigured, Duration.ofMillis(10), Duration.ofSeconds(10))
                    .check(request)).isInstanceOf(ActionFailedException.class)
                    .hasMessageContaining("the credentials for account 210987654321 (the default credentials) belong to "
                            + "account 123456789012");
            assertThat(fake.calls).as("not a single EC2 call").isEmpty();
        }
    }

    @Test
    void aRolledBackVolumeIsNeverDeletedAgain() throws Exception {
        fake.volume("vol-0abc", "available", Map.of("team", "analytics"));
        VolumeDeleteExecutor volumes = new VolumeDeleteExecutor(aws, Duration.ofMillis(10), Duration.ofSeconds(10));
        ActionRequest delete = new ActionRequest("delete-vol", ActionType.DELETE, "f", FindingKind.UNATTACHED_VOLUME,
                "aws/123456789012/eu-west-1/vol-0abc", "", "", "123456789012", "eu-west-1", Map.of("state", "available"),
                Map.of("state", "deleted", "snapshot", "true"), 8, null, verdict(Outcome.AUTO, Map.of()), T0);
        Check check = volumes.check(delete);
        Map<String, String> after = volumes.apply(delete, check);
        Map<String, String> restored = volumes.rollback(delete, new ActionResult(delete.actionId(),
                ActionResult.Status.EXECUTED, "", check.previousState(), after, T0));
        String restoredId = restored.get("volumeId");
        assertThat(fake.tags.get(restoredId)).containsEntry("team", "analytics")
                .containsEntry("reclaimer:restored-from-action", "delete-vol");
        int mutatingBefore = fake.mutatingCalls().size();

        // the restored volume is unattached and tagged like the original: a new finding, a new request
        ActionRequest again = new ActionRequest("delete-again", ActionType.DELETE, "f2", FindingKind.UNATTACHED_VOLUME,
                "aws/123456789012/eu-west-1/" + restoredId, "", "", "123456789012", "eu-west-1", Map.of("state", "available"),
                Map.of("state", "deleted", "snapshot", "true"), 8, null, verdict(Outcome.AUTO, Map.of()), T0);
        Check refused = volumes.check(again);

        assertThat(refused.state()).isEqualTo(Check.State.CHANGED);
        assertThat(refused.reason()).isEqualTo("a rollback of action delete-vol restored it (tag "
                + "reclaimer:restored-from-action): it is left alone until a person removes the tag");
        assertThat(fake.mutatingCalls()).hasSize(mutatingBefore);
        assertThat(fake.volumes).containsKey(restoredId);
    }
}
