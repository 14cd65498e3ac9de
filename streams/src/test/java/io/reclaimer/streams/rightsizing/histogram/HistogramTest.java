package io.reclaimer.streams.rightsizing.histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ported from VPA's {@code util/histogram_test.go}; each test names the Go test it comes from. */
class HistogramTest {

    static final double VALUE_EPSILON = 1e-15;
    static final double WEIGHT_EPSILON = 1e-15;
    static final long ANY_TIME = 0;
    static final HistogramOptions TEST_OPTIONS = HistogramOptions.linear(10.0, 1.0, WEIGHT_EPSILON);

    static void assertInEpsilon(double expected, double actual, double epsilon) {
        assertThat(Math.abs(expected - actual) / Math.abs(expected)).as("%s vs %s", expected, actual)
                .isLessThanOrEqualTo(epsilon);
    }

    @Test // TestPercentilesEmptyHistogram
    void anEmptyHistogramHasZeroPercentiles() {
        Histogram h = new Histogram(TEST_OPTIONS);
        for (double p = -0.5; p <= 1.5; p += 0.5) {
            assertThat(h.percentile(p)).isEqualTo(0.0);
        }
    }

    @Test // TestPercentiles
    void percentilesAreBucketEnds() {
        Histogram h = new Histogram(TEST_OPTIONS);
        for (int i = 1; i <= 4; i++) {
            h.addSample(i, i, ANY_TIME);
        }
        double[][] expected = {{0.0, 2}, {0.1, 2}, {0.2, 3}, {0.3, 3}, {0.4, 4}, {0.5, 4}, {0.6, 4}, {0.7, 5},
            {0.8, 5}, {0.9, 5}, {1.0, 5}};
        for (double[] e : expected) {
            assertInEpsilon(e[1], h.percentile(e[0]), VALUE_EPSILON);
        }
    }

    @Test // TestPercentileOutOfBounds
    void percentilesOutsideZeroToOneGiveTheMinimumAndMaximum() {
        Histogram h = new Histogram(HistogramOptions.linear(1.0, 0.1, WEIGHT_EPSILON));
        h.addSample(0.1, 0.1, ANY_TIME);
        h.addSample(0.2, 0.2, ANY_TIME);
        assertInEpsilon(0.2, h.percentile(-0.1), VALUE_EPSILON);
        assertInEpsilon(0.3, h.percentile(1.1), VALUE_EPSILON);
        h.addSample(0.0, 0.1, ANY_TIME);
        h.addSample(1.0, 0.2, ANY_TIME);
        assertInEpsilon(0.1, h.percentile(-0.1), VALUE_EPSILON);
        assertInEpsilon(1.0, h.percentile(1.1), VALUE_EPSILON);
    }

    @Test // TestEmptyHistogram
    void aHistogramIsEmptyWhenItsWeightFallsBelowEpsilon() {
        Histogram h = new Histogram(HistogramOptions.linear(1.0, 0.1, WEIGHT_EPSILON));
        assertThat(h.isEmpty()).isTrue();
        h.addSample(0.1, WEIGHT_EPSILON * 2.5, ANY_TIME);
        assertThat(h.isEmpty()).isFalse();
        h.subtractSample(0.1, WEIGHT_EPSILON, ANY_TIME);
        assertThat(h.isEmpty()).isFalse();
        h.subtractSample(0.1, WEIGHT_EPSILON, ANY_TIME);
        assertThat(h.isEmpty()).isTrue();
    }

    @Test // TestNonEmptyOnEpsilonAddition
    void addingTinyWeightsToANonEmptyHistogramKeepsItNonEmpty() {
        Histogram h = new Histogram(HistogramOptions.linear(1.0, 0.1, WEIGHT_EPSILON));
        assertThat(h.isEmpty()).isTrue();
        h.addSample(9.9, WEIGHT_EPSILON * 3, ANY_TIME);
        assertThat(h.isEmpty()).isFalse();
        h.addSample(0.1, WEIGHT_EPSILON * 0.3, ANY_TIME);
        assertThat(h.isEmpty()).isFalse();
        h.addSample(999.9, WEIGHT_EPSILON * 0.3, ANY_TIME);
        assertThat(h.isEmpty()).isFalse();
    }

    @Test // TestHistogramMerge
    void mergeAddsTheOtherHistogramsSamples() {
        Histogram h1 = new Histogram(TEST_OPTIONS);
        h1.addSample(1, 1, ANY_TIME);
        h1.addSample(2, 1, ANY_TIME);
        Histogram h2 = new Histogram(TEST_OPTIONS);
        h2.addSample(2, 1, ANY_TIME);
        h2.addSample(3, 1, ANY_TIME);
        Histogram expected = new Histogram(TEST_OPTIONS);
        expected.addSample(1, 1, ANY_TIME);
        expected.addSample(2, 1, ANY_TIME);
        expected.addSample(2, 1, ANY_TIME);
        expected.addSample(3, 1, ANY_TIME);
        h1.merge(h2);
        assertThat(h1.histogramEquals(expected)).isTrue();
    }

    @Test // TestHistogramSaveToCheckpointEmpty
    void anEmptyCheckpointHasNoBuckets() {
        Histogram.Checkpoint s = new Histogram(TEST_OPTIONS).saveToCheckpoint();
        assertThat(s.totalWeight()).isEqualTo(0.0);
        assertThat(s.bucketWeights()).isEmpty();
    }

    @Test // TestHistogramSaveToCheckpoint
    void aCheckpointScalesTheHeaviestBucketToTheMaximumWeight() {
        Histogram h = new Histogram(TEST_OPTIONS);
        h.addSample(1, 1, ANY_TIME);
        Histogram.Checkpoint s = h.saveToCheckpoint();
        int bucket = TEST_OPTIONS.findBucket(1);
        assertThat(s.totalWeight()).isEqualTo(1.0);
        assertThat(s.bucketWeights()).hasSize(1).containsEntry(bucket, Histogram.MAX_CHECKPOINT_WEIGHT);
    }

    @Test // TestHistogramSaveToCheckpointDropsRelativelySmallValues
    void aCheckpointDropsRelativelySmallWeights() {
        Histogram h = new Histogram(TEST_OPTIONS);
        h.addSample(1, 1, ANY_TIME);
        h.addSample(2, 100000, ANY_TIME);
        Histogram.Checkpoint s = h.saveToCheckpoint();
        assertThat(s.totalWeight()).isEqualTo(100001.0);
        assertThat(s.bucketWeights()).hasSize(1).containsEntry(TEST_OPTIONS.findBucket(2), Histogram.MAX_CHECKPOINT_WEIGHT);
    }

    @Test // TestHistogramSaveToCheckpointForMultipleValues
    void aCheckpointKeepsRelativeWeights() {
        Histogram h = new Histogram(TEST_OPTIONS);
        h.addSample(1, 1, ANY_TIME);
        h.addSample(2, 10000, ANY_TIME);
        h.addSample(3, 50, ANY_TIME);
        Histogram.Checkpoint s = h.saveToCheckpoint();
        assertThat(s.totalWeight()).isEqualTo(10051.0);
        assertThat(s.bucketWeights()).containsExactlyInAnyOrderEntriesOf(Map.of(
                TEST_OPTIONS.findBucket(1), 1, TEST_OPTIONS.findBucket(2), 10000, TEST_OPTIONS.findBucket(3), 50));
    }

    @Test // TestHistogramLoadFromCheckpoint
    void loadingACheckpointRestoresWeightsInProportion() {
        Histogram h = new Histogram(TEST_OPTIONS);
        h.loadFromCheckpoint(new Histogram.Checkpoint(6.0, Map.of(0, 1, 1, 2), 0));
        assertThat(h.totalWeight()).isEqualTo(6.0);
        assertThat(h.bucketWeight(0)).isEqualTo(2.0);
        assertThat(h.bucketWeight(1)).isEqualTo(4.0);
    }

    @Test // TestHistogramLoadFromCheckpointReturnsErrorOnNegativeBucket, ...OnInvalidBucket, ...NegativeTotaWeight, ...OnNilInput
    void loadingAnInvalidCheckpointFails() {
        assertThatThrownBy(() -> new Histogram(TEST_OPTIONS).loadFromCheckpoint(new Histogram.Checkpoint(1.0, Map.of(-1, 1), 0)))
                .hasMessageContaining("negative bucket");
        assertThatThrownBy(() -> new Histogram(TEST_OPTIONS).loadFromCheckpoint(new Histogram.Checkpoint(1.0, Map.of(99, 1), 0)))
                .hasMessageContaining("exceeding");
        assertThatThrownBy(() -> new Histogram(TEST_OPTIONS).loadFromCheckpoint(new Histogram.Checkpoint(-1.0, Map.of(), 0)))
                .hasMessageContaining("negative weight");
        assertThatThrownBy(() -> new Histogram(TEST_OPTIONS).loadFromCheckpoint(null)).hasMessageContaining("empty");
    }

    @Test // TestHistogramIsNotEmptyAfterSavingAndLoadingCheckpointsWithBoundaryValues
    void aCheckpointRoundTripNeverEmptiesTheHistogram() {
        Histogram histogram = new Histogram(TEST_OPTIONS);
        histogram.addSample(1, WEIGHT_EPSILON, ANY_TIME);
        histogram.addSample(2, Histogram.MAX_CHECKPOINT_WEIGHT * WEIGHT_EPSILON - WEIGHT_EPSILON, ANY_TIME);
        assertThat(histogram.isEmpty()).isFalse();
        Histogram loaded = new Histogram(TEST_OPTIONS);
        loaded.loadFromCheckpoint(histogram.saveToCheckpoint());
        assertThat(loaded.isEmpty()).isFalse();
    }
}
