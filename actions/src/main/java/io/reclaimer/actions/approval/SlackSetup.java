package io.reclaimer.actions.approval;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.metrics.ActionMetrics;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack for the approval desk: the secrets read and checked before the service connects to anything (a bot token
 * without what its transport needs to verify clicks is a start-up error, not a desk that cannot hear approvals),
 * then the transport the clicks arrive on.
 */
public final class SlackSetup {

    private static final Logger LOG = LoggerFactory.getLogger(SlackSetup.class);

    private final ActionsConfig.Slack settings;
    private final SlackSecrets secrets;

    private SlackSetup(ActionsConfig.Slack settings, SlackSecrets secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    /** Reads the secrets (environment, else the configured files) and refuses an incomplete set. */
    public static SlackSetup check(ActionsConfig.Slack settings, Map<String, String> environment) {
        SlackSecrets secrets = SlackSecrets.resolve(settings, environment);
        if (secrets.botToken().isPresent()) {
            String missing = missingSecret(settings, secrets);
            if (missing != null) {
                throw new IllegalArgumentException(missing);
            }
        } else {
            LOG.warn("Slack is skipped: {} is not set (nor actions.slack.botTokenFile); approval requests are only "
                    + "logged and expire unanswered", SlackSecrets.TOKEN_ENV);
        }
        return new SlackSetup(settings, secrets);
    }

    /** Where approval requests are posted; null when Slack is skipped (no bot token). */
    public SlackGateway gateway(Clock clock) {
        return secrets.botToken().map(token -> new SlackGateway(settings.apiUrl(), token, settings.channel(), clock))
                .orElse(null);
    }

    /**
     * Starts the transport clicks arrive on: one Bolt app and one desk behind either, so the approver check and the
     * policy re-check are the same for a click over HTTP and over Socket Mode. Null without a gateway.
     */
    public SlackInteractions listen(SlackGateway gateway, ApprovalDesk desk, ActionMetrics metrics, Clock clock) {
        if (gateway == null) {
            return null;
        }
        String token = secrets.botToken().orElseThrow();
        return settings.socketMode()
                ? SlackSocketMode.start(gateway, token, secrets.appToken().orElseThrow(), desk)
                : SlackInteractionServer.start(settings.bindAddress(), settings.port(), gateway, token,
                        secrets.signingSecret().orElseThrow(), desk, metrics, clock);
    }

    /** The secret the chosen transport needs besides the bot token, when it is missing; null when all are there. */
    private static String missingSecret(ActionsConfig.Slack settings, SlackSecrets secrets) {
        if (settings.socketMode()) {
            return secrets.appToken().isPresent() ? null : SlackSecrets.APP_TOKEN_ENV + " (or actions.slack.appTokenFile)"
                    + " is required with actions.slack.mode socket: Socket Mode connects with the app-level token";
        }
        return secrets.signingSecret().isPresent() ? null : SlackSecrets.SIGNING_SECRET_ENV
                + " (or actions.slack.signingSecretFile) is required with a Slack bot token: without it clicks cannot be"
                + " verified";
    }
}
