package io.reclaimer.actions.approval;

import io.reclaimer.actions.ActionsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The bot token and the signing secret: from {@code SLACK_BOT_TOKEN} / {@code SLACK_SIGNING_SECRET}, or
 * from the files named in the config (Kubernetes secrets mounted as files). They never appear in logs,
 * exceptions or {@link #toString()}.
 */
public final class SlackSecrets {

    public static final String TOKEN_ENV = "SLACK_BOT_TOKEN";
    public static final String SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET";

    private final String botToken;
    private final String signingSecret;

    public SlackSecrets(String botToken, String signingSecret) {
        this.botToken = blankToNull(botToken);
        this.signingSecret = blankToNull(signingSecret);
    }

    public static SlackSecrets resolve(ActionsConfig.Slack settings, Map<String, String> environment) {
        return new SlackSecrets(read(environment.get(TOKEN_ENV), settings.botTokenFile(), "actions.slack.botTokenFile"),
                read(environment.get(SIGNING_SECRET_ENV), settings.signingSecretFile(), "actions.slack.signingSecretFile"));
    }

    private static String read(String fromEnvironment, Path file, String option) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            // the path is configuration, not a secret: it may be named
            throw new IllegalArgumentException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    public Optional<String> botToken() {
        return Optional.ofNullable(botToken);
    }

    public Optional<String> signingSecret() {
        return Optional.ofNullable(signingSecret);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "SlackSecrets[botToken=" + (botToken == null ? "unset" : "***") + ", signingSecret="
                + (signingSecret == null ? "unset" : "***") + "]";
    }
}
