package io.reclaimer.model.kafka;

/**
 * Kafka cannot be used as configured, for a reason an operator fixes outside the program: the message is one
 * line naming the {@link Cause} and what to check.
 */
public final class KafkaAccessException extends RuntimeException {

    /** Why a connection is refused: the words an operator searches the runbook for. */
    public enum Cause {
        /** Wrong password, unknown user, expired token, SASL mechanism not enabled. */
        AUTHENTICATION("authentication"),
        /** TLS handshake: untrusted certificate, host name mismatch, TLS against a plaintext listener. */
        TLS("TLS"),
        /** Authenticated, but an ACL is missing. */
        AUTHORIZATION("authorization"),
        /** No answer at all: down, unreachable, or the wrong security protocol for the listener. */
        NO_RESPONSE("no response"),
        /** The cluster answers but the topics this command needs do not exist. */
        MISSING_TOPICS("missing topics"),
        /** The client properties themselves are invalid (unknown mechanism, unreadable secret file...). */
        CONFIGURATION("client configuration");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Cause cause;

    public KafkaAccessException(Cause cause, String message, Throwable source) {
        super(message, source);
        this.cause = cause;
    }

    public Cause reason() {
        return cause;
    }
}
