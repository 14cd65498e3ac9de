package io.reclaimer.actions.aws;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The AWS executors against moto, a third-party AWS emulator, live: its answers differ from AWS's (and from our
 * own fakes) in ways real code must survive, such as empty {@code <instanceId/>} elements on an unassociated
 * address. Needs {@code moto_server} on the PATH ({@code pip install 'moto[server]'}); skipped with that message
 * where it is not installed: the recorded moto responses in the unit tests cover the format either way.
 */
class MotoEmulatorIT {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));
    private static Process moto;
    private static URI endpoint;

    private static final Optional<Path> SERVER = onPath("moto_server");

    /** Each test is skipped, with why, where moto is not installed (a class-level skip would report nothing). */
    @BeforeEach
    void needsMoto() throws Exception {
        Assumptions.assumeTrue(SERVER.isPresent(), "moto_server is not installed (pip install 'moto[server]'): the live "
                + "emulator test is skipped; the recorded moto responses in MotoFormatTest still run");
        if (moto == null) {
            startMoto(SERVER.get());
        }
        Assumptions.assumeTrue(moto.isAlive(), "moto_server exited at start-up (exit " + exitValue() + ")");
    }

    private static void startMoto(Path server) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MOTO_EC2_LOAD_DEFAULT_AMIS", "false");
        moto = builder.start();
        endpoint = URI.create("http://127.0.0.1:" + port);
        // a Python server on a loaded machine: answer within minutes, or the test says that moto did not start
        await("moto_server answers on " + endpoint).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> !moto.isAlive() || answers(endpoint));
    }

    @AfterAll
    static void stopMoto() throws InterruptedException {
        if (moto != null) {
            moto.destroy();
            moto.waitFor();
        }
    }

    private static String exitValue() {
        return moto.isAlive() ? "running" : String.valueOf(moto.exitValue());
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Ec2Client ec2() {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static ActionRequest delete(String id, FindingKind kind, String resourceId) {
        return new ActionRequest(id, ActionType.DELETE, "f-" + id, kind, "aws/123456789012/eu-west-1/" + resourceId, "", "",
                "123456789012", "eu-west-1", Map.of(), Map.of("state", "deleted", "snapshot", "true"), 8, null,
                verdict(Outcome.AUTO, Map.of()), Instant.now());
    }

    @Test
    void anAddressMotoDescribesWithEmptyAssociationElementsIsReleasedAndRecovered() throws Exception {
        String allocation;
        try (Ec2Client ec2 = ec2()) {
            allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        }
        try (SdkAwsClients aws = new SdkAwsClients(new ActionsConfig.Aws(endpoint, null, null), CREDENTIALS)) {
            AddressReleaseExecutor executor = new AddressReleaseExecutor(aws);
            ActionRequest request = delete("release-" + allocation, FindingKind.UNASSOCIATED_ADDRESS, allocation);

            Check check = executor.check(request);
            assertThat(check.state()).as(check.reason()).isEqualTo(Check.State.ORIGINAL);
            Map<String, String> after = executor.apply(request, check);
            assertThat(executor.check(request).state()).isEqualTo(Check.State.DONE);

            Map<String, String> recovered = executor.rollback(request, new ActionResult(request.actionId(),
                    ActionResult.Status.EXECUTED, "", check.previousState(), after, Instant.now()));
            assertThat(recovered).containsEntry("reclaimer:restored-from-action", request.actionId());
        }
    }

    @Test
    void aVolumeIsDeletedAfterItsSnapshotAndItsRollbackIsNeverDeletedAgain() throws Exception {
        String volume;
        try (Ec2Client ec2 = ec2()) {
            volume = ec2.createVolume(r -> r.availabilityZone("eu-west-1b").size(20).volumeType("gp3")
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.VOLUME)
                            .tags(Tag.builder().key("team").value("data").build()).build())).volumeId();
        }
        try (SdkAwsClients aws = new SdkAwsClients(new ActionsConfig.Aws(endpoint, null, null), CREDENTIALS)) {
            VolumeDeleteExecutor executor = new VolumeDeleteExecutor(aws, Duration.ofMillis(200), Duration.ofMinutes(2));
            ActionRequest request = delete("delete-" + volume, FindingKind.UNATTACHED_VOLUME, volume);
            Check check = executor.check(request);
            assertThat(check.state()).as(check.reason()).isEqualTo(Check.State.ORIGINAL);
            Map<String, String> after = executor.apply(request, check);
            assertThat(executor.check(request).state()).isEqualTo(Check.State.DONE);

            Map<String, String> restored = executor.rollback(request, new ActionResult(request.actionId(),
                    ActionResult.Status.EXECUTED, "", check.previousState(), after, Instant.now()));
            Check again = executor.check(delete("delete-again-" + volume, FindingKind.UNATTACHED_VOLUME,
                    restored.get("volumeId")));
            assertThat(again.state()).isEqualTo(Check.State.CHANGED);
            assertThat(again.reason()).contains("a rollback of action " + request.actionId() + " restored it");
        }
    }
}
