package io.reclaimer.streams.rightsizing.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ported from VPA's {@code util/histogram_options_test.go}. */
class HistogramOptionsTest {

    private static final double EPSILON = 0.001;

    @Test // TestLinearHistogramOptions
    void linearBucketsHaveFixedSize() {
        HistogramOptions o = HistogramOptions.linear(5.0, 0.3, EPSILON);
        assertThat(o.epsilon()).isEqualTo(EPSILON);
        assertThat(o.numBuckets()).isEqualTo(18);
        assertThat(o.bucketStart(0)).isEqualTo(0.0);
        assertThat(o.bucketStart(17)).isEqualTo(5.1);
        assertThat(o.findBucket(-1.0)).isEqualTo(0);
        assertThat(o.findBucket(0.0)).isEqualTo(0);
        assertThat(o.findBucket(1.3)).isEqualTo(4);
        assertThat(o.findBucket(100.0)).isEqualTo(17);
    }

    @Test // TestExponentialHistogramOptions
    void exponentialBucketsGrowByTheRatio() {
        HistogramOptions o = HistogramOptions.exponential(500.0, 40.0, 1.5, EPSILON);
        assertThat(o.epsilon()).isEqualTo(EPSILON);
        assertThat(o.numBuckets()).isEqualTo(6);
        assertThat(o.bucketStart(0)).isEqualTo(0.0);
        assertThat(o.bucketStart(1)).isEqualTo(40.0);
        assertThat(o.bucketStart(2)).isEqualTo(100.0);
        assertThat(o.bucketStart(3)).isEqualTo(190.0);
        assertThat(o.bucketStart(4)).isEqualTo(325.0);
        assertThat(o.bucketStart(5)).isEqualTo(527.5);
        assertThat(o.findBucket(-1.0)).isEqualTo(0);
        assertThat(o.findBucket(39.99)).isEqualTo(0);
        assertThat(o.findBucket(40.0)).isEqualTo(1);
        assertThat(o.findBucket(100.0)).isEqualTo(2);
        assertThat(o.findBucket(900.0)).isEqualTo(5);
    }

    @Test // aggregations_config.go: the CPU and memory schemes
    void vpaCpuAndMemorySchemesHave176Buckets() {
        HistogramOptions cpu = HistogramOptions.exponential(1000.0, 0.01, 1.05, 0.0001);
        HistogramOptions memory = HistogramOptions.exponential(1e12, 1e7, 1.05, 0.0001);
        assertThat(cpu.numBuckets()).isEqualTo(176);
        assertThat(memory.numBuckets()).isEqualTo(176);
        assertThat(cpu.bucketStart(1)).isEqualTo(0.01);
        assertThat(cpu.bucketStart(175)).isGreaterThanOrEqualTo(1000.0);
        assertThat(memory.bucketStart(1)).isEqualTo(1e7);
        assertThat(memory.bucketStart(175)).isGreaterThanOrEqualTo(1e12);
    }
}
