package io.reclaimer.collectors;

import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.sink.EventSink;
import java.util.concurrent.CountDownLatch;

/**
 * A source of observations (a simulated fleet, an AWS organisation, Kubernetes clusters): the one port through
 * which {@code reclaimer collect}, {@code standalone} and {@code demo} run every source, so they cannot drift apart.
 * Where the events go (Kafka or stdout), the prior state, the threads, {@code /healthz} and the flush on stop
 * belong to the runner; a collector only observes and emits.
 */
public interface Collector extends AutoCloseable {

    /**
     * The source's name as a process part: its thread and health entry, its producer's client id
     * ({@code reclaimer-<name>}) and, when it {@link #keepsState() keeps state}, its default agent id.
     */
    String name();

    /**
     * Whether it remembers what it published (to tombstone what vanished while it was down): the runner then
     * reads its agent state topic before it starts and mirrors what it publishes there. The simulator does not.
     */
    boolean keepsState();

    /** One pass of everything this source has; the sink is flushed before it returns. */
    Pass collectOnce(EventSink sink, AgentState prior) throws Exception;

    /**
     * Streams until {@code stop} is released, then returns; the runner flushes the sink after it. An exception
     * ends the run (nothing is dropped silently: the process or the loop reports it).
     */
    void run(EventSink sink, AgentState prior, CountDownLatch stop) throws Exception;

    /** What {@code /healthz} reports about the source besides its loop running (an unreachable cluster); empty: healthy. */
    default String problem() {
        return "";
    }

    /** Releases the source's clients. */
    @Override
    default void close() {
    }

    /**
     * What one pass did: a line for the log (null: nothing to add), and why the picture is partial (null when
     * complete): {@code --once} then fails with that message after emitting what it could.
     */
    record Pass(String summary, String incomplete) {

        public static Pass complete(String summary) {
            return new Pass(summary, null);
        }

        public boolean isComplete() {
            return incomplete == null;
        }
    }
}
