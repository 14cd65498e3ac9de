package io.reclaimer.actions.aws;

import java.io.IOException;

/**
 * The executors' AWS: testkit's stateful {@link io.reclaimer.testkit.aws.FakeAws} (EC2, ELBv2 and STS Query
 * APIs, several accounts, every call recorded), under the name these tests have always used.
 */
public final class FakeAws extends io.reclaimer.testkit.aws.FakeAws {

    public FakeAws() throws IOException {
        super();
    }
}
