package io.reclaimer.streams.rightsizing.histogram;

import static io.reclaimer.streams.rightsizing.histogram.HistogramTest.TEST_OPTIONS;
import static io.reclaimer.streams.rightsizing.histogram.HistogramTest.VALUE_EPSILON;
import static io.reclaimer.streams.rightsizing.histogram.HistogramTest.assertInEpsilon;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ported from VPA's {@code util/decaying_histogram_test.go}; each test names the Go test it comes from. */
class DecayingHistogramTest {

    private static final long HOUR = 3_600_000L;
    private static final long START = 1_234_567_890_000L; // time.Unix(1234567890, 0)

    @Test // TestPercentilesEmptyDecayingHistogram
    void anEmptyDecayingHistogramHasZeroPercentiles() {
        DecayingHistogram h = new DecayingHistogram(TEST_OPTIONS, HOUR);
        for (double p = -0.5; p <= 1.5; p += 0.5) {
            assertThat(h.percentile(p)).isEqualTo(0.0);
        }
    }

    @Test // TestSimpleDecay
    void anOldHeavySampleIsAlmostForgottenAfterTwentyHalfLives() {
        DecayingHistogram h = new DecayingHistogram(TEST_OPTIONS, HOUR);
        h.addSample(2, 1000, START);
        h.addSample(1, 1, START + 20 * HOUR);
        assertInEpsilon(2, h.percentile(0.999), VALUE_EPSILON);
        assertInEpsilon(3, h.percentile(1.0), VALUE_EPSILON);
    }

    @Test // TestLongtermDecay
    void theReferenceShiftsWhenTheDecayExponentWouldOverflow() {
        DecayingHistogram h = new DecayingHistogram(TEST_OPTIONS, HOUR);
        h.addSample(2, 1, START);
        h.addSample(1, 1, START + 101 * HOUR);
        assertInEpsilon(2, h.percentile(1.0), VALUE_EPSILON);
    }

    @Test // TestDecayingHistogramPercentiles
    void samplesHalfALifeApartWeighHalfAsMuch() {
        DecayingHistogram h = new DecayingHistogram(TEST_OPTIONS, HOUR);
        long timestamp = START;
        for (int i = 1; i <= 4; i++) {
            h.addSample(i, i, timestamp);
            timestamp += HOUR;
        }
        double[][] expected = {{0.00, 2}, {0.02, 2}, {0.03, 3}, {0.10, 3}, {0.11, 4}, {0.34, 4}, {0.35, 5}, {1.00, 5}};
        for (double[] e : expected) {
            assertInEpsilon(e[1], h.percentile(e[0]), VALUE_EPSILON);
        }
    }

    @Test // TestNoDecay
    void withoutTimePassingItBehavesLikeAPlainHistogram() {
        DecayingHistogram h = new DecayingHistogram(TEST_OPTIONS, HOUR);
        for (int i = 1; i <= 4; i++) {
            h.addSample(i, i, START);
        }
        double[][] expected = {{0.0, 2}, {0.2, 3}, {0.1, 2}, {0.3, 3}, {0.4, 4}, {0.5, 4}, {0.6, 4}, {0.7, 5},
            {0.8, 5}, {0.9, 5}, {1.0, 5}};
        for (double[] e : expected) {
            assertInEpsilon(e[1], h.percentile(e[0]), VALUE_EPSILON);
        }
    }

    @Test // TestDecayingHistogramMerge
    void mergeAlignsReferenceTimesFirst() {
        DecayingHistogram h1 = new DecayingHistogram(TEST_OPTIONS, HOUR);
        h1.addSample(1, 1, START);
        h1.addSample(2, 1, START + HOUR);
        DecayingHistogram h2 = new DecayingHistogram(TEST_OPTIONS, HOUR);
        h2.addSample(2, 1, START + 2 * HOUR);
        h2.addSample(3, 1, START + HOUR);
        DecayingHistogram expected = new DecayingHistogram(TEST_OPTIONS, HOUR);
        expected.addSample(2, 1, START + 2 * HOUR);
        expected.addSample(2, 1, START + HOUR);
        expected.addSample(3, 1, START + HOUR);
        expected.addSample(1, 1, START);
        h1.merge(h2);
        assertThat(h1.decayingEquals(expected)).isTrue();
    }

    @Test // TestDecayingHistogramSaveToCheckpoint
    void aCheckpointCarriesTheReferenceTime() {
        DecayingHistogram d = new DecayingHistogram(TEST_OPTIONS, HOUR);
        d.addSample(2, 1, START + 100 * HOUR);
        assertThat(d.referenceMillis()).isNotEqualTo(DecayingHistogram.GO_ZERO_TIME_MILLIS);
        Histogram.Checkpoint checkpoint = d.saveToCheckpoint();
        assertThat(checkpoint.referenceMillis()).isEqualTo(d.referenceMillis());
        assertThat(checkpoint.bucketWeights()).isNotEmpty();
        assertThat(checkpoint.totalWeight()).isNotZero();
    }

    @Test // TestDecayingHistogramLoadFromCheckpoint
    void loadingACheckpointRestoresTheReferenceTime() {
        long timestamp = Instant.parse("2018-01-02T03:04:05Z").toEpochMilli();
        DecayingHistogram d = new DecayingHistogram(TEST_OPTIONS, HOUR);
        d.loadFromCheckpoint(new Histogram.Checkpoint(6.0, Map.of(0, 1), timestamp));
        assertThat(d.isEmpty()).isFalse();
        assertThat(d.referenceMillis()).isEqualTo(timestamp);
    }

    @Test
    void theReferenceIsAMultipleOfTheHalfLifeCountedFromGoZeroTime() {
        DecayingHistogram d = new DecayingHistogram(TEST_OPTIONS, 24 * HOUR);
        d.addSample(1, 1, Instant.parse("2026-11-01T13:00:00Z").toEpochMilli());
        // rounded to the nearest day: 13:00 is past noon, so the next midnight
        assertThat(Instant.ofEpochMilli(d.referenceMillis())).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void theCodecRoundTripIsExact() {
        DecayingHistogram d = new DecayingHistogram(HistogramOptions.exponential(1000.0, 0.01, 1.05, 1e-4), 24 * HOUR);
        long t = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 5000; i++) {
            d.addSample(0.05 + (i % 97) * 0.013, 0.1, t + i * 60_000L);
        }
        d.subtractSample(0.3, 0.05, t);
        BinaryWriter out = new BinaryWriter(64);
        HistogramCodec.write(d, out);
        DecayingHistogram back = HistogramCodec.read(new BinaryReader(out.toByteArray()), d.options(), d.halfLifeMillis());
        assertThat(back.decayingEquals(d)).isTrue();
        assertThat(back.totalWeight()).isEqualTo(d.totalWeight());
        for (int b = 0; b < d.options().numBuckets(); b++) {
            assertThat(back.bucketWeight(b)).isEqualTo(d.bucketWeight(b));
        }
    }
}
