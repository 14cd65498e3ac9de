package io.reclaimer.app.runtime;

/** A part of the process with a lifecycle and a health: a collector loop, the analysis, the actions service. */
interface ManagedService extends AutoCloseable {

    String name();

    void start();

    /** What {@code /healthz} reports for this service; healthy when empty. */
    String problem();

    @Override
    void close();
}
