package io.reclaimer.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the analysis is doing its job, for {@code /healthz} and {@code reclaimer_streams_up}. Kafka Streams'
 * own state is not enough: a stream thread that fails on every attempt is replaced, rebalances, runs for a moment
 * and fails again, so the state flaps between REBALANCING and RUNNING and never says ERROR; and an instance can sit
 * in REBALANCING for good when its group cannot settle. So:
 * <ul>
 *   <li>a stopped or failed instance (ERROR, NOT_RUNNING, PENDING_*) is unhealthy at once;</li>
 *   <li>an instance that has not been RUNNING for longer than {@code grace} is unhealthy, unless it is restoring
 *       state and the restore made progress within {@code grace} (a large restore is work, not a stall);</li>
 *   <li>stream threads that keep failing (two failures or more within {@code grace}) make it unhealthy, whatever the
 *       state says, until {@code grace} has passed since the last failure.</li>
 * </ul>
 * Thread-safe: Kafka Streams' threads report, HTTP and scrape threads ask.
 */
final class StreamsHealth {

    /** Failures within the grace period that count as "keeps failing" rather than one transient error. */
    static final int REPEATED_FAILURES = 2;

    private final Duration grace;
    private final Clock clock;
    private KafkaStreams.State state = KafkaStreams.State.CREATED;
    private Instant since;
    private Instant lastRestoreProgress = Instant.MIN;
    private final Deque<Instant> failures = new ArrayDeque<>();
    private Throwable lastFailure;

    public StreamsHealth(Duration grace, Clock clock) {
        this.grace = grace;
        this.clock = clock;
        this.since = clock.instant();
    }

    public synchronized void state(KafkaStreams.State next) {
        if (next != state) {
            state = next;
            since = clock.instant();
        }
    }

    /** A batch of state was restored from a changelog. */
    public synchronized void restoreProgress() {
        lastRestoreProgress = clock.instant();
    }

    public synchronized void threadFailed(Throwable error) {
        failures.addLast(clock.instant());
        lastFailure = error;
        while (failures.size() > 16) {
            failures.removeFirst();
        }
    }

    /** Stream threads keep failing: {@value #REPEATED_FAILURES} failures or more within the grace period. */
    public synchronized boolean failing() {
        Instant horizon = clock.instant().minus(grace);
        while (!failures.isEmpty() && failures.peekFirst().isBefore(horizon)) {
            failures.removeFirst();
        }
        return failures.size() >= REPEATED_FAILURES;
    }

    /** Running and not failing: what {@code reclaimer_streams_up} exports as 1. */
    public synchronized boolean up() {
        return state == KafkaStreams.State.RUNNING && !failing();
    }

    /** What is wrong, for {@code /healthz}; empty when healthy. */
    public synchronized String problem() {
        Instant now = clock.instant();
        String error = lastFailure == null ? "" : " (last error: " + lastFailure + ")";
        switch (state) {
            case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> {
                return "Kafka Streams is " + state + error;
            }
            default -> {
                // RUNNING, REBALANCING, CREATED: judged below
            }
        }
        if (failing()) {
            return "stream threads failed " + failures.size() + " times within " + grace.toSeconds()
                    + " s (analysis.healthGrace) and were replaced each time" + error;
        }
        if (state != KafkaStreams.State.RUNNING) {
            Duration stuck = Duration.between(since, now);
            boolean restoring = !lastRestoreProgress.isBefore(since)
                    && Duration.between(lastRestoreProgress, now).compareTo(grace) <= 0;
            if (stuck.compareTo(grace) > 0 && !restoring) {
                return "Kafka Streams has been " + state + " for " + stuck.toSeconds() + " s, longer than "
                        + grace.toSeconds() + " s (analysis.healthGrace)" + error;
            }
        }
        return "";
    }
}
