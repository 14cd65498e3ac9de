package io.reclaimer.actions.approval;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import io.reclaimer.actions.approval.ApprovalDesk.Click;
import io.reclaimer.actions.approval.ApprovalDesk.Interaction;
import io.reclaimer.actions.approval.Approvers.SlackUser;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Bolt app both transports run: the HTTP interactions endpoint ({@link SlackInteractionServer}) and Socket
 * Mode ({@link SlackSocketMode}) hand their verified requests to it, and its block-action handler hands every click to
 * the {@link ApprovalDesk}, which checks the approver and asks the policy again. Whatever the transport, a click takes
 * the same path.
 */
final class SlackClicks {

    private static final Logger LOG = LoggerFactory.getLogger(SlackClicks.class);
    private static final Map<String, Click> CLICKS = Map.of(ApprovalMessages.APPROVE, Click.APPROVE,
            ApprovalMessages.REJECT, Click.REJECT, ApprovalMessages.SNOOZE, Click.SNOOZE, ApprovalMessages.ROLLBACK,
            Click.ROLLBACK);
    private static final Pattern BUTTONS = Pattern.compile("^reclaimer_(approve|reject|snooze|rollback)$");

    private SlackClicks() {
    }

    /**
     * A Bolt app (not started) answering Reclaimer's buttons. {@code signingSecret} may be null in Socket Mode, where
     * Slack does not sign payloads: the WebSocket itself is opened with the app-level token.
     */
    static App app(SlackGateway gateway, String botToken, String signingSecret, ApprovalDesk desk) {
        AppConfig.AppConfigBuilder config = AppConfig.builder().slack(gateway.slack()).singleTeamBotToken(botToken);
        if (signingSecret != null) {
            config.signingSecret(signingSecret);
        }
        App app = new App(config.build());
        app.blockAction(BUTTONS, (req, ctx) -> {
            var payload = req.getPayload();
            for (var action : payload.getActions()) {
                Click click = CLICKS.get(action.getActionId());
                if (click == null || action.getValue() == null) {
                    continue;
                }
                var user = payload.getUser();
                String channel = payload.getChannel() != null ? payload.getChannel().getId() : null;
                try {
                    desk.handle(new Interaction(click, action.getValue(), new SlackUser(user.getId(),
                            user.getUsername() != null ? user.getUsername() : user.getName(), Set.of()), channel));
                } catch (RuntimeException e) {
                    LOG.error("handling {} on {} failed: {}", click, action.getValue(), e.toString(), e);
                }
            }
            return ctx.ack();
        });
        return app;
    }
}
