package io.reclaimer.streams.rightsizing.histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * An approximate distribution: each bucket holds the total weight of the samples that fell in it; a
 * percentile is the end of the bucket where the cumulative weight reaches it (no interpolation). A bucket
 * whose weight is below {@link HistogramOptions#epsilon()} counts as empty. A faithful port of VPA's
 * {@code util/histogram.go}, including its quirks (weights below epsilon may stay in buckets outside
 * {@code [minBucket, maxBucket]}), so that results match VPA's to the last bit. Mutable, not thread-safe.
 */
public class Histogram {

    /** The maximum weight of one bucket in a checkpoint (VPA's {@code MaxCheckpointWeight}). */
    public static final int MAX_CHECKPOINT_WEIGHT = 10000;

    protected final HistogramOptions options;
    final double[] bucketWeight;
    double totalWeight;
    int minBucket;
    int maxBucket;
    // The buckets that can hold weight: every write that can make a bucket non-zero widens it. Weights below epsilon
    // may stay outside [minBucket, maxBucket] (VPA's quirk), so the codec cannot scan only that range; this one it
    // can, instead of reading all of them (2 x 176 doubles per state) for the ten or so written, once per sample.
    int lowestWritten;
    int highestWritten = -1;

    public Histogram(HistogramOptions options) {
        this.options = options;
        this.bucketWeight = new double[options.numBuckets()];
        this.minBucket = options.numBuckets() - 1;
        this.maxBucket = 0;
        this.lowestWritten = options.numBuckets();
    }

    final void written(int bucket) {
        if (bucket < lowestWritten) {
            lowestWritten = bucket;
        }
        if (bucket > highestWritten) {
            highestWritten = bucket;
        }
    }

    public HistogramOptions options() {
        return options;
    }

    public void addSample(double value, double weight, long timeMillis) {
        if (weight < 0.0) {
            throw new IllegalArgumentException("sample weight must be non-negative");
        }
        int bucket = options.findBucket(value);
        bucketWeight[bucket] += weight;
        written(bucket);
        totalWeight += weight;
        if (bucket < minBucket && bucketWeight[bucket] >= options.epsilon()) {
            minBucket = bucket;
        }
        if (bucket > maxBucket && bucketWeight[bucket] >= options.epsilon()) {
            maxBucket = bucket;
        }
    }

    /** Removes weight from the bucket of {@code value}; weights never go below zero (VPA's safeSubtract). */
    public void subtractSample(double value, double weight, long timeMillis) {
        if (weight < 0.0) {
            throw new IllegalArgumentException("sample weight must be non-negative");
        }
        int bucket = options.findBucket(value);
        double epsilon = options.epsilon();
        totalWeight = safeSubtract(totalWeight, weight, epsilon);
        bucketWeight[bucket] = safeSubtract(bucketWeight[bucket], weight, epsilon);
        updateMinAndMaxBucket();
    }

    private static double safeSubtract(double value, double sub, double epsilon) {
        double result = value - sub;
        return result < epsilon ? 0.0 : result;
    }

    /** Adds all samples of another histogram with the same options. */
    public void merge(Histogram other) {
        if (!options.equals(other.options)) {
            throw new IllegalArgumentException("can't merge histograms with different options");
        }
        for (int bucket = other.minBucket; bucket <= other.maxBucket; bucket++) {
            bucketWeight[bucket] += other.bucketWeight[bucket];
        }
        if (other.minBucket <= other.maxBucket) {
            written(other.minBucket);
            written(other.maxBucket);
        }
        totalWeight += other.totalWeight;
        if (other.minBucket < minBucket) {
            minBucket = other.minBucket;
        }
        if (other.maxBucket > maxBucket) {
            maxBucket = other.maxBucket;
        }
    }

    /**
     * The end of the bucket where the cumulative weight reaches {@code percentile} (0..1) of the total, or
     * the start of the last bucket (which has no end); 0.0 for an empty histogram.
     */
    public double percentile(double percentile) {
        if (isEmpty()) {
            return 0.0;
        }
        double partialSum = 0.0;
        double threshold = percentile * totalWeight;
        int bucket = minBucket;
        for (; bucket < maxBucket; bucket++) {
            partialSum += bucketWeight[bucket];
            if (partialSum >= threshold) {
                break;
            }
        }
        if (bucket < options.numBuckets() - 1) {
            return options.bucketStart(bucket + 1);
        }
        return options.bucketStart(bucket);
    }

    public boolean isEmpty() {
        return bucketWeight[minBucket] < options.epsilon();
    }

    /** Equal buckets (within 1e-15) over the same options, as VPA's {@code Equals}. */
    public boolean histogramEquals(Histogram other) {
        if (other == null || !options.equals(other.options) || minBucket != other.minBucket
                || maxBucket != other.maxBucket) {
            return false;
        }
        for (int bucket = minBucket; bucket <= maxBucket; bucket++) {
            double diff = bucketWeight[bucket] - other.bucketWeight[bucket];
            if (diff > 1e-15 || diff < -1e-15) {
                return false;
            }
        }
        return true;
    }

    /** Multiplies every weight by a non-negative factor (percentiles do not change). */
    void scale(double factor) {
        if (factor < 0.0) {
            throw new IllegalArgumentException("scale factor must be non-negative");
        }
        for (int bucket = minBucket; bucket <= maxBucket; bucket++) {
            bucketWeight[bucket] *= factor;
        }
        totalWeight *= factor;
        updateMinAndMaxBucket();
    }

    void updateMinAndMaxBucket() {
        double epsilon = options.epsilon();
        int lastBucket = options.numBuckets() - 1;
        while (bucketWeight[minBucket] < epsilon && minBucket < lastBucket) {
            minBucket++;
        }
        while (bucketWeight[maxBucket] < epsilon && maxBucket > 0) {
            maxBucket--;
        }
    }

    public double totalWeight() {
        return totalWeight;
    }

    public int minBucket() {
        return minBucket;
    }

    public int maxBucket() {
        return maxBucket;
    }

    public double bucketWeight(int bucket) {
        return bucketWeight[bucket];
    }

    /**
     * VPA's checkpoint: weights scaled so the heaviest bucket is {@link #MAX_CHECKPOINT_WEIGHT}, near-zero
     * ones dropped. Lossy; kept for compatibility with VPA's checkpoints, not used by the state store.
     */
    public Checkpoint saveToCheckpoint() {
        Map<Integer, Integer> weights = new TreeMap<>();
        double maxWeight = 0.0;
        for (int bucket = minBucket; bucket <= maxBucket; bucket++) {
            maxWeight = Math.max(maxWeight, bucketWeight[bucket]);
        }
        double ratio = MAX_CHECKPOINT_WEIGHT / maxWeight;
        for (int bucket = minBucket; bucket <= maxBucket; bucket++) {
            long newWeight = (long) Math.floor(bucketWeight[bucket] * ratio + 0.5);
            if (newWeight > 0) {
                weights.put(bucket, (int) newWeight);
            }
        }
        return new Checkpoint(totalWeight, weights, 0L);
    }

    /** Adds the samples of a checkpoint to this histogram. */
    public void loadFromCheckpoint(Checkpoint checkpoint) {
        if (checkpoint == null) {
            throw new IllegalArgumentException("cannot load from empty checkpoint");
        }
        if (checkpoint.totalWeight() < 0.0) {
            throw new IllegalArgumentException("cannot load checkpoint with negative weight " + checkpoint.totalWeight());
        }
        long sum = 0;
        for (Map.Entry<Integer, Integer> entry : checkpoint.bucketWeights().entrySet()) {
            sum += entry.getValue();
            if (entry.getKey() >= options.numBuckets()) {
                throw new IllegalArgumentException("checkpoint has bucket " + entry.getKey()
                        + " that is exceeding histogram buckets " + options.numBuckets());
            }
            if (entry.getKey() < 0) {
                throw new IllegalArgumentException("checkpoint has a negative bucket " + entry.getKey());
            }
        }
        if (sum == 0) {
            return;
        }
        double ratio = checkpoint.totalWeight() / sum;
        for (Map.Entry<Integer, Integer> entry : checkpoint.bucketWeights().entrySet()) {
            int bucket = entry.getKey();
            minBucket = Math.min(minBucket, bucket);
            maxBucket = Math.max(maxBucket, bucket);
            bucketWeight[bucket] += entry.getValue() * ratio;
            written(bucket);
        }
        totalWeight += checkpoint.totalWeight();
        // weights close to epsilon may drop below it through rounding (kubernetes/autoscaler#7726)
        updateMinAndMaxBucket();
    }

    /** VPA's {@code HistogramCheckpoint}; {@code referenceMillis} is only meaningful for decaying histograms. */
    public record Checkpoint(double totalWeight, Map<Integer, Integer> bucketWeights, long referenceMillis) {
        public Checkpoint {
            bucketWeights = bucketWeights == null ? Map.of() : Map.copyOf(bucketWeights);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("minBucket: " + minBucket + ", maxBucket: " + maxBucket
                + ", totalWeight: " + String.format(java.util.Locale.ROOT, "%.3f", totalWeight) + "\n%-tile\tvalue");
        for (int i = 0; i <= 100; i += 5) {
            text.append('\n').append(i).append('\t').append(String.format(java.util.Locale.ROOT, "%.3f", percentile(0.01 * i)));
        }
        return text.toString();
    }
}
