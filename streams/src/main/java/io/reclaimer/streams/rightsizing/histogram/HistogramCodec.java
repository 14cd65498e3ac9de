package io.reclaimer.streams.rightsizing.histogram;

/**
 * Exact, sparse binary form of a decaying histogram for the state store: the reference time as a count of
 * half-lives, the min/max bucket indices, the total weight, then only the non-zero buckets as (index delta,
 * weight). Weights keep all 64 bits so that a histogram read back is bit-for-bit the one written: results
 * never depend on whether a state came from the in-memory cache or from the store. The options and half-life
 * are configuration, not data, and are not written.
 */
public final class HistogramCodec {

    private static final int REFERENCE_IN_HALF_LIVES = 0;
    private static final int REFERENCE_IN_MILLIS = 1;

    private HistogramCodec() {
    }

    public static void write(DecayingHistogram histogram, BinaryWriter out) {
        long sinceZero = histogram.referenceMillis() - DecayingHistogram.GO_ZERO_TIME_MILLIS;
        if (sinceZero >= 0 && sinceZero % histogram.halfLifeMillis() == 0) {
            out.writeByte(REFERENCE_IN_HALF_LIVES).writeVarLong(sinceZero / histogram.halfLifeMillis());
        } else {
            out.writeByte(REFERENCE_IN_MILLIS).writeSignedVarLong(histogram.referenceMillis());
        }
        out.writeVarInt(histogram.minBucket).writeVarInt(histogram.maxBucket).writeDouble(histogram.totalWeight);
        double[] weights = histogram.bucketWeight;
        // one pass: the bucket count goes in a 2-byte slot written once the buckets are
        int countAt = out.size();
        out.writeByte(0).writeByte(0);
        int nonZero = 0;
        int previous = 0;
        // only where weight can be: the same buckets, in the same order, as a scan of all of them
        for (int bucket = histogram.lowestWritten; bucket <= histogram.highestWritten; bucket++) {
            double weight = weights[bucket];
            if (weight != 0.0) {
                out.writeVarInt(bucket - previous).writeDouble(weight);
                previous = bucket;
                nonZero++;
            }
        }
        out.putShort(countAt, nonZero);
    }

    public static DecayingHistogram read(BinaryReader in, HistogramOptions options, long halfLifeMillis) {
        DecayingHistogram histogram = new DecayingHistogram(options, halfLifeMillis);
        int referenceKind = in.readByte();
        long reference = switch (referenceKind) {
            case REFERENCE_IN_HALF_LIVES -> DecayingHistogram.GO_ZERO_TIME_MILLIS + in.readVarLong() * halfLifeMillis;
            case REFERENCE_IN_MILLIS -> in.readSignedVarLong();
            default -> throw new IllegalStateException("unknown histogram reference encoding " + referenceKind);
        };
        int min = in.readVarInt();
        int max = in.readVarInt();
        double total = in.readDouble();
        int numBuckets = options.numBuckets();
        if (min >= numBuckets || max >= numBuckets) {
            throw new IllegalStateException("histogram bucket out of range: the bucket options changed since the state was written");
        }
        histogram.restore(reference, total, min, max);
        int nonZero = (in.readByte() << 8) | in.readByte();
        int bucket = 0;
        for (int i = 0; i < nonZero; i++) {
            bucket += in.readVarInt();
            if (bucket >= numBuckets) {
                throw new IllegalStateException("histogram bucket " + bucket + " out of range " + numBuckets);
            }
            histogram.setBucketWeight(bucket, in.readDouble());
        }
        return histogram;
    }
}
