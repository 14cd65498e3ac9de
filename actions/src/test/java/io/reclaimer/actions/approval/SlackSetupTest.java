package io.reclaimer.actions.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.actions.ActionsConfig;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Slack secrets are checked before the actions service connects to anything. */
class SlackSetupTest {

    private static final ActionsConfig.Slack HTTP = ActionsConfig.Slack.DEFAULTS;
    private static final ActionsConfig.Slack SOCKET = ActionsConfig.Slack.DEFAULTS.withMode(ActionsConfig.Slack.SOCKET);

    @Test
    void withoutABotTokenSlackIsSkippedAndNothingListens() {
        SlackSetup setup = SlackSetup.check(HTTP, Map.of());

        assertThat(setup.gateway(Clock.systemUTC())).isNull();
        assertThat(setup.listen(null, null, null, Clock.systemUTC())).isNull();
    }

    @Test
    void aBotTokenWithoutTheSigningSecretOfTheHttpTransportIsAStartUpError() {
        assertThatThrownBy(() -> SlackSetup.check(HTTP, Map.of(SlackSecrets.TOKEN_ENV, "xoxb-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLACK_SIGNING_SECRET (or actions.slack.signingSecretFile) is required with a Slack bot token:"
                        + " without it clicks cannot be verified")
                .hasMessageNotContaining("xoxb-1");
    }

    @Test
    void socketModeNeedsTheAppLevelTokenInstead() {
        assertThatThrownBy(() -> SlackSetup.check(SOCKET, Map.of(SlackSecrets.TOKEN_ENV, "xoxb-1",
                SlackSecrets.SIGNING_SECRET_ENV, "s3cret")))
                .hasMessageStartingWith("SLACK_APP_TOKEN (or actions.slack.appTokenFile) is required with "
                        + "actions.slack.mode socket");
        assertThat(SlackSetup.check(SOCKET, Map.of(SlackSecrets.TOKEN_ENV, "xoxb-1", SlackSecrets.APP_TOKEN_ENV,
                "xapp-1")).gateway(Clock.systemUTC())).isNotNull();
    }

    @Test
    void aCompleteHttpSetBuildsTheGateway() {
        assertThat(SlackSetup.check(HTTP, Map.of(SlackSecrets.TOKEN_ENV, "xoxb-1", SlackSecrets.SIGNING_SECRET_ENV,
                "s3cret")).gateway(Clock.systemUTC())).isNotNull();
    }
}
