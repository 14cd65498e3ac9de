package io.reclaimer.actions.ledger;

/** Where an action's approval message lives in Slack, so it can be updated after a restart too. */
public record SlackMessage(String channel, String ts) {

    public SlackMessage {
        if (channel == null || channel.isBlank() || ts == null || ts.isBlank()) {
            throw new IllegalArgumentException("channel and ts are required");
        }
    }
}
