package io.reclaimer.streams.rightsizing.histogram;

/**
 * A histogram that forgets: a sample's weight is multiplied by {@code 2^((time - reference) / halfLife)},
 * so it loses half its importance every half-life relative to newer samples. Only relative weights
 * matter, so the reference time can move forward at any moment by scaling all weights; it does when the
 * exponent would exceed {@value #MAX_DECAY_EXPONENT}. Time is always the samples' own (event) time in epoch
 * milliseconds, never the wall clock, so a replay gives the same histogram. A faithful port of VPA's
 * {@code util/decaying_histogram.go}.
 */
public final class DecayingHistogram extends Histogram {

    static final int MAX_DECAY_EXPONENT = 100;
    /** Go's zero {@code time.Time} (0001-01-01T00:00:00Z) in epoch milliseconds: VPA's initial reference. */
    public static final long GO_ZERO_TIME_MILLIS = -62_135_596_800_000L;

    private final long halfLifeMillis;
    private long referenceMillis;
    // the last factor computed: samples of several pods share a timestamp, memory peaks share a window end
    private long factorTime = Long.MIN_VALUE;
    private long factorReference = Long.MIN_VALUE;
    private double factor;

    public DecayingHistogram(HistogramOptions options, long halfLifeMillis) {
        super(options);
        if (halfLifeMillis <= 0) {
            throw new IllegalArgumentException("half-life must be positive");
        }
        this.halfLifeMillis = halfLifeMillis;
        this.referenceMillis = GO_ZERO_TIME_MILLIS;
    }

    @Override
    public void addSample(double value, double weight, long timeMillis) {
        super.addSample(value, weight * decayFactor(timeMillis), timeMillis);
    }

    @Override
    public void subtractSample(double value, double weight, long timeMillis) {
        super.subtractSample(value, weight * decayFactor(timeMillis), timeMillis);
    }

    @Override
    public void merge(Histogram other) {
        DecayingHistogram o = (DecayingHistogram) other;
        if (halfLifeMillis != o.halfLifeMillis) {
            throw new IllegalArgumentException("can't merge decaying histograms with different half life periods");
        }
        if (referenceMillis < o.referenceMillis) {
            shiftReferenceTimestamp(o.referenceMillis);
        } else if (o.referenceMillis < referenceMillis) {
            o.shiftReferenceTimestamp(referenceMillis);
        }
        super.merge(o);
    }

    /** Same half-life, same reference time and equal buckets. */
    public boolean decayingEquals(DecayingHistogram other) {
        return other != null && halfLifeMillis == other.halfLifeMillis && referenceMillis == other.referenceMillis
                && histogramEquals(other);
    }

    public long halfLifeMillis() {
        return halfLifeMillis;
    }

    public long referenceMillis() {
        return referenceMillis;
    }

    private void shiftReferenceTimestamp(long newReference) {
        // the reference is always an integer multiple of the half-life (counted from Go's zero time, as VPA does)
        long rounded = roundToHalfLife(newReference);
        double exponent = Math.floor((double) (referenceMillis - rounded) / halfLifeMillis + 0.5);
        scale(Math.scalb(1.0, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, exponent))));
        referenceMillis = rounded;
    }

    /** Go's {@code Time.Round(d)}: the nearest multiple of d since the zero time, halfway rounding up. */
    private long roundToHalfLife(long timeMillis) {
        long remainder = Math.floorMod(timeMillis - GO_ZERO_TIME_MILLIS, halfLifeMillis);
        if (remainder + remainder < halfLifeMillis) {
            return timeMillis - remainder;
        }
        return timeMillis + (halfLifeMillis - remainder);
    }

    private double decayFactor(long timeMillis) {
        long maxAllowed = referenceMillis + halfLifeMillis * MAX_DECAY_EXPONENT;
        if (timeMillis > maxAllowed) {
            // the exponent has grown too large: renormalise by moving the reference to this sample's time
            shiftReferenceTimestamp(timeMillis);
        }
        if (timeMillis != factorTime || referenceMillis != factorReference) {
            factor = StrictMath.pow(2.0, (double) (timeMillis - referenceMillis) / halfLifeMillis);
            factorTime = timeMillis;
            factorReference = referenceMillis;
        }
        return factor;
    }

    @Override
    public Checkpoint saveToCheckpoint() {
        Checkpoint checkpoint = super.saveToCheckpoint();
        return new Checkpoint(checkpoint.totalWeight(), checkpoint.bucketWeights(), referenceMillis);
    }

    @Override
    public void loadFromCheckpoint(Checkpoint checkpoint) {
        super.loadFromCheckpoint(checkpoint);
        referenceMillis = checkpoint.referenceMillis();
    }

    /** Restores the exact state written by the state serde. */
    void restore(long reference, double total, int min, int max) {
        this.referenceMillis = reference;
        this.totalWeight = total;
        this.minBucket = min;
        this.maxBucket = max;
    }

    void setBucketWeight(int bucket, double weight) {
        bucketWeight[bucket] = weight;
        if (weight != 0.0) {
            written(bucket);
        }
    }

    @Override
    public String toString() {
        return "referenceTimestamp: " + java.time.Instant.ofEpochMilli(referenceMillis) + ", halfLife: "
                + java.time.Duration.ofMillis(halfLifeMillis) + "\n" + super.toString();
    }
}
