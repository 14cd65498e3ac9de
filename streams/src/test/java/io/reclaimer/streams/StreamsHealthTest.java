package io.reclaimer.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsHealthTest {

    private static final Duration GRACE = Duration.ofSeconds(60);
    private final MutableClock clock = new MutableClock();
    private final StreamsHealth health = new StreamsHealth(GRACE, clock);

    @Test
    void startingAndRebalancingAreHealthyWithinTheGraceButNotBeyondIt() {
        assertThat(health.problem()).isEmpty();
        health.state(State.REBALANCING);
        clock.advance(Duration.ofSeconds(59));
        assertThat(health.problem()).isEmpty();
        assertThat(health.up()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(health.problem()).contains("REBALANCING for 61 s", "analysis.healthGrace");

        health.state(State.RUNNING);
        assertThat(health.problem()).isEmpty();
        assertThat(health.up()).isTrue();
    }

    @Test
    void aRestoreMakingProgressIsNotAStall() {
        health.state(State.REBALANCING);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(30));
            health.restoreProgress();
            assertThat(health.problem()).as("after %d s of restoring", 30 * (i + 1)).isEmpty();
        }
        clock.advance(Duration.ofSeconds(61));
        assertThat(health.problem()).contains("REBALANCING for 361 s");
    }

    @Test
    void aThreadThatKeepsFailingIsUnhealthyEvenWhileTheStateFlapsBackToRunning() {
        health.state(State.RUNNING);
        health.threadFailed(new IllegalStateException("poison"));
        health.state(State.REBALANCING);
        clock.advance(Duration.ofSeconds(3));
        health.state(State.RUNNING);
        assertThat(health.problem()).as("one failure is transient").isEmpty();
        assertThat(health.up()).isTrue();

        clock.advance(Duration.ofSeconds(5));
        health.threadFailed(new IllegalStateException("poison"));
        health.state(State.REBALANCING);
        clock.advance(Duration.ofSeconds(3));
        health.state(State.RUNNING);
        assertThat(health.problem()).contains("stream threads failed 2 times within 60 s", "poison");
        assertThat(health.up()).isFalse();

        clock.advance(Duration.ofSeconds(61));
        assertThat(health.problem()).as("a grace period without failures heals").isEmpty();
        assertThat(health.up()).isTrue();
    }

    @Test
    void aFailedOrStoppedInstanceIsUnhealthyAtOnce() {
        health.state(State.ERROR);
        assertThat(health.problem()).isEqualTo("Kafka Streams is ERROR");
        health.state(State.NOT_RUNNING);
        assertThat(health.problem()).isEqualTo("Kafka Streams is NOT_RUNNING");
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-02T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
