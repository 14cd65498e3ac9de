package io.reclaimer.actions.approval;

import java.util.OptionalInt;

/** How Slack's clicks reach the service: the HTTP endpoint or a Socket Mode connection. */
public interface SlackInteractions extends AutoCloseable {

    /** One line for the start-up banner, e.g. where the endpoint listens. */
    String describe();

    /** The local port of the HTTP endpoint; empty in Socket Mode, which listens on none. */
    OptionalInt httpPort();

    @Override
    void close();
}
