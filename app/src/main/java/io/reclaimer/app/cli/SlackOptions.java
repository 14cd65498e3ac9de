package io.reclaimer.app.cli;

import io.reclaimer.actions.ActionsConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the actions service; each overrides its option of the {@code actions} config section. */
final class SlackOptions {

    @Option(names = "--slack-api-url", paramLabel = "URL",
            description = "Slack Web API base URL (default: actions.slack.apiUrl, https://slack.com/api/), e.g. a "
                    + "Slack-compatible server. The bot token comes from SLACK_BOT_TOKEN, never from the command line.")
    String apiUrl;

    @Option(names = "--slack-port", paramLabel = "PORT",
            description = "Port of the Slack interactions endpoint POST /slack/events (default: actions.slack.port, 3000).")
    Integer port;

    @Option(names = "--policies", paramLabel = "DIR|FILE",
            description = "Policy set to obey (default: actions.policyDirectory; none denies every action).")
    Path policies;

    ActionsConfig apply(ActionsConfig config) {
        ActionsConfig.Slack slack = config.slack();
        if (apiUrl != null) {
            slack = slack.withApiUrl(apiUrl);
        }
        if (port != null) {
            slack = slack.withPort(port);
        }
        ActionsConfig applied = config.withSlack(slack);
        return policies != null ? applied.withPolicyDirectory(policies) : applied;
    }
}
