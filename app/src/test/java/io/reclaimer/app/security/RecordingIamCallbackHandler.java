package io.reclaimer.app.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.login.AppConfigurationEntry;
import software.amazon.msk.auth.iam.IAMClientCallbackHandler;

/** MSK IAM's own client callback handler, recording the client id of every Kafka client that configured it. */
public final class RecordingIamCallbackHandler extends IAMClientCallbackHandler {

    static final List<String> CLIENTS = new CopyOnWriteArrayList<>();

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> entries) {
        CLIENTS.add(saslMechanism + " " + configs.get("client.id"));
        super.configure(configs, saslMechanism, entries);
    }
}
