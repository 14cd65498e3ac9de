package io.reclaimer.actions.ledger;

/**
 * The durable side of the ledger: where requests, decisions, results and audit events are written before
 * anyone relies on them. {@link #commit} returns only once the batch is durable (for Kafka: the transaction
 * is committed with acks=all), which is what makes an intent safe to act on.
 */
public interface Journal extends AutoCloseable {

    void commit(JournalBatch batch);

    @Override
    void close();

    /** Another instance took over (same transactional id): this one must stop acting at once. */
    final class FencedException extends RuntimeException {
        public FencedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
