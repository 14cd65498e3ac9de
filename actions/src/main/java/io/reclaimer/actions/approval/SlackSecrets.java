package io.reclaimer.actions.approval;

import io.reclaimer.actions.ActionsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The bot token, the signing secret (HTTP mode) and the app-level token (Socket Mode): from {@code SLACK_BOT_TOKEN} /
 * {@code SLACK_SIGNING_SECRET} / {@code SLACK_APP_TOKEN}, or from the files named in the config (Kubernetes secrets
 * mounted as files). They never appear in logs, exceptions or {@link #toString()}.
 */
public final class SlackSecrets {

    public static final String TOKEN_ENV = "SLACK_BOT_TOKEN";
    public static final String SIGNING_SECRET_ENV = "SLACK_SIGNING_SECRET";
    public static final String APP_TOKEN_ENV = "SLACK_APP_TOKEN";

    private final String botToken;
    private final String signingSecret;
    private final String appToken;

    public SlackSecrets(String botToken, String signingSecret) {
        this(botToken, signingSecret, null);
    }

    public SlackSecrets(String botToken, String signingSecret, String appToken) {
        this.botToken = blankToNull(botToken);
        this.signingSecret = blankToNull(signingSecret);
        this.appToken = blankToNull(appToken);
    }

    public static SlackSecrets resolve(ActionsConfig.Slack settings, Map<String, String> environment) {
        return new SlackSecrets(read(environment.get(TOKEN_ENV), settings.botTokenFile(), "actions.slack.botTokenFile"),
                read(environment.get(SIGNING_SECRET_ENV), settings.signingSecretFile(), "actions.slack.signingSecretFile"),
                read(environment.get(APP_TOKEN_ENV), settings.appTokenFile(), "actions.slack.appTokenFile"));
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

    /** The app-level token Socket Mode connects with. */
    public Optional<String> appToken() {
        return Optional.ofNullable(appToken);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "SlackSecrets[botToken=" + (botToken == null ? "unset" : "***") + ", signingSecret="
                + (signingSecret == null ? "unset" : "***") + ", appToken=" + (appToken == null ? "unset" : "***") + "]";
    }
}
