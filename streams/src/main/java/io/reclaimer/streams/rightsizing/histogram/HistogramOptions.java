package io.reclaimer.streams.rightsizing.histogram;

/**
 * The bucketing scheme of a histogram: how many buckets, where each starts, and the minimum weight for a
 * bucket to count as non-empty. A port of VPA's {@code util/histogram_options.go}.
 */
public sealed interface HistogramOptions permits HistogramOptions.Linear, HistogramOptions.Exponential {

    int numBuckets();

    /** The bucket a value falls in; values outside the covered range go to the first or the last bucket. */
    int findBucket(double value);

    /** Where a bucket starts; the index must be within {@code [0, numBuckets())}. */
    double bucketStart(int bucket);

    /** The minimum weight for a bucket to be considered non-empty. */
    double epsilon();

    /**
     * {@code numBuckets} fixed-size buckets, the first starting at 0 and the last starting at or above
     * {@code maxValue}. VPA's {@code NewLinearHistogramOptions}.
     */
    static HistogramOptions linear(double maxValue, double bucketSize, double epsilon) {
        if (maxValue <= 0.0 || bucketSize <= 0.0 || epsilon <= 0.0) {
            throw new IllegalArgumentException("maxValue and bucketSize must both be positive");
        }
        return new Linear((int) Math.ceil(maxValue / bucketSize) + 1, bucketSize, epsilon);
    }

    /**
     * Exponentially growing buckets: the first covers {@code [0, firstBucketSize)}, bucket n has size
     * {@code firstBucketSize * ratio^n}, so bucket n >= 1 starts at
     * {@code firstBucketSize * (ratio^n - 1) / (ratio - 1)}; the last starts at or above {@code maxValue}.
     * VPA's {@code NewExponentialHistogramOptions}.
     */
    static HistogramOptions exponential(double maxValue, double firstBucketSize, double ratio, double epsilon) {
        if (maxValue <= 0.0 || firstBucketSize <= 0.0 || ratio <= 1.0 || epsilon <= 0.0) {
            throw new IllegalArgumentException("maxValue, firstBucketSize and epsilon must be > 0.0, ratio must be > 1.0");
        }
        int numBuckets = (int) Math.ceil(log(ratio, maxValue * (ratio - 1) / firstBucketSize + 1)) + 1;
        return new Exponential(numBuckets, firstBucketSize, ratio, epsilon);
    }

    private static double log(double base, double x) {
        return StrictMath.log(x) / StrictMath.log(base);
    }

    record Linear(int numBuckets, double bucketSize, double epsilon) implements HistogramOptions {
        @Override
        public int findBucket(double value) {
            int bucket = (int) (value / bucketSize);
            if (bucket < 0) {
                return 0;
            }
            return Math.min(bucket, numBuckets - 1);
        }

        @Override
        public double bucketStart(int bucket) {
            checkIndex(bucket, numBuckets);
            return bucket * bucketSize;
        }
    }

    record Exponential(int numBuckets, double firstBucketSize, double ratio, double epsilon, double[] starts,
                       double logRatio) implements HistogramOptions {

        Exponential(int numBuckets, double firstBucketSize, double ratio, double epsilon) {
            this(numBuckets, firstBucketSize, ratio, epsilon, starts(numBuckets, firstBucketSize, ratio),
                    StrictMath.log(ratio));
        }

        // the starts are computed once with VPA's formula: percentiles read them on every recommendation
        private static double[] starts(int numBuckets, double firstBucketSize, double ratio) {
            double[] starts = new double[numBuckets];
            for (int bucket = 1; bucket < numBuckets; bucket++) {
                starts[bucket] = firstBucketSize * (StrictMath.pow(ratio, bucket) - 1) / (ratio - 1);
            }
            return starts;
        }

        @Override
        public int findBucket(double value) {
            if (value < firstBucketSize) {
                return 0;
            }
            int bucket = (int) (StrictMath.log(value * (ratio - 1) / firstBucketSize + 1) / logRatio);
            return Math.min(bucket, numBuckets - 1);
        }

        @Override
        public double bucketStart(int bucket) {
            checkIndex(bucket, numBuckets);
            return starts[bucket];
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Exponential e && e.numBuckets == numBuckets
                    && e.firstBucketSize == firstBucketSize && e.ratio == ratio && e.epsilon == epsilon;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(numBuckets, firstBucketSize, ratio, epsilon);
        }

        @Override
        public String toString() {
            return "Exponential[numBuckets=" + numBuckets + ", firstBucketSize=" + firstBucketSize + ", ratio="
                    + ratio + ", epsilon=" + epsilon + "]";
        }
    }

    private static void checkIndex(int bucket, int numBuckets) {
        if (bucket < 0 || bucket >= numBuckets) {
            throw new IndexOutOfBoundsException("index " + bucket + " out of range [0.." + (numBuckets - 1) + "]");
        }
    }
}
