package io.reclaimer.app;

import io.reclaimer.testkit.aws.AwsReplayServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local AWS replay server for a CLI test, with the static test keys the production credentials chain
 * reads from the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system properties (set for each test,
 * removed afterwards). Register with {@code @RegisterExtension}.
 */
final class AwsReplayFixture implements BeforeEachCallback, AfterEachCallback {

    private final String recordings;
    private AwsReplayServer server;

    AwsReplayFixture(String classpathRecordings) {
        this.recordings = classpathRecordings;
    }

    AwsReplayServer server() {
        return server;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = AwsReplayServer.fromClasspath(recordings);
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.close();
    }
}
