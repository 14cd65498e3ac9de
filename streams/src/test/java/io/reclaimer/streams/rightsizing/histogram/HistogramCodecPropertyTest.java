package io.reclaimer.streams.rightsizing.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The codec writes only the buckets between the lowest and highest ever written: after any sequence of VPA's
 * operations (adds far enough apart to shift the reference, subtractions, merges, checkpoint loads, weights near
 * epsilon that stay outside [minBucket, maxBucket]) no weight lies outside that range, and a histogram read back
 * has every bucket bit for bit.
 */
class HistogramCodecPropertyTest {

    private static final long HOUR = 3_600_000L;
    private static final long START = 1_234_567_890_000L;
    private static final HistogramOptions OPTIONS = HistogramOptions.exponential(1000.0, 0.01, 1.05, 0.0001);

    /** One operation: kind 0 add, 1 subtract, 2 merge a one-sample histogram, 3 load a checkpoint. */
    record Op(int kind, double value, double weight, int hoursLater) {
    }

    @Property(tries = 300)
    void noWeightLiesOutsideTheWrittenRangeAndAReadBackHistogramIsTheSame(@ForAll("operations") List<Op> operations) {
        DecayingHistogram histogram = new DecayingHistogram(OPTIONS, 24 * HOUR);
        long time = START;
        for (Op op : operations) {
            time += op.hoursLater() * HOUR;
            switch (op.kind()) {
                case 0 -> histogram.addSample(op.value(), op.weight(), time);
                case 1 -> histogram.subtractSample(op.value(), op.weight(), time);
                case 2 -> {
                    DecayingHistogram other = new DecayingHistogram(OPTIONS, 24 * HOUR);
                    other.addSample(op.value(), op.weight(), time);
                    histogram.merge(other);
                }
                default -> histogram.loadFromCheckpoint(new Histogram.Checkpoint(op.weight(),
                        Map.of(OPTIONS.findBucket(op.value()), 1 + (int) op.weight()), histogram.referenceMillis()));
            }
        }
        for (int bucket = 0; bucket < OPTIONS.numBuckets(); bucket++) {
            if (histogram.bucketWeight(bucket) != 0.0) {
                assertThat(bucket).isBetween(histogram.lowestWritten, histogram.highestWritten);
            }
        }
        BinaryWriter out = new BinaryWriter(64);
        HistogramCodec.write(histogram, out);
        DecayingHistogram read = HistogramCodec.read(new BinaryReader(out.toByteArray()), OPTIONS, 24 * HOUR);
        for (int bucket = 0; bucket < OPTIONS.numBuckets(); bucket++) {
            assertThat(Double.doubleToRawLongBits(read.bucketWeight(bucket)))
                    .as("bucket %d", bucket).isEqualTo(Double.doubleToRawLongBits(histogram.bucketWeight(bucket)));
        }
        assertThat(read.referenceMillis()).isEqualTo(histogram.referenceMillis());
        assertThat(read.totalWeight()).isEqualTo(histogram.totalWeight());
        assertThat(read.minBucket()).isEqualTo(histogram.minBucket());
        assertThat(read.maxBucket()).isEqualTo(histogram.maxBucket());
        // and the copy writes the same bytes again
        BinaryWriter again = new BinaryWriter(64);
        HistogramCodec.write(read, again);
        assertThat(again.toByteArray()).isEqualTo(out.toByteArray());
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.oneOf(Arbitraries.doubles().between(0.0, 5.0), Arbitraries.doubles().between(0.0, 2000.0)),
                // weights near the epsilon leave sub-epsilon remainders outside [minBucket, maxBucket]
                Arbitraries.oneOf(Arbitraries.doubles().between(0.0, 100.0), Arbitraries.doubles().between(0.0, 0.001).ofScale(6)),
                // sometimes far enough apart to shift the reference (100 half-lives)
                Arbitraries.oneOf(Arbitraries.integers().between(0, 30), Arbitraries.integers().between(2000, 2600)))
                .as(Op::new);
        return op.list().ofMaxSize(40);
    }
}
