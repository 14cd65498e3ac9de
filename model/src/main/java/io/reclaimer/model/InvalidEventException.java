package io.reclaimer.model;

/**
 * An event that violates its contract. Thrown from record constructors, so an invalid event can never
 * exist in memory; when it happens on read, the record is routed to the dead-letter topic with this
 * message as the reason.
 */
public class InvalidEventException extends IllegalArgumentException {
    public InvalidEventException(String message) {
        super(message);
    }
}
