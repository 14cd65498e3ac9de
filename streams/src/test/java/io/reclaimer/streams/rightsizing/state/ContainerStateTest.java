package io.reclaimer.streams.rightsizing.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ported from VPA's {@code model/container_test.go}. VPA verifies the calls on mock histograms; here a
 * recording aggregator plays the mocks, and each test asserts the same expected calls in order.
 */
class ContainerStateTest {

    static final long TEST_TIMESTAMP = Instant.parse("2017-04-18T17:35:05Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final long MB = 1024 * 1024;

    /** Records what the container state asks of its aggregation. */
    static final class Recorder implements ContainerStateAggregator {
        final List<String> calls = new ArrayList<>();
        long interval = DAY;

        @Override
        public void addCpuSample(long millicores, long requestMillicores, long measureStartMillis) {
            calls.add("cpu.AddSample(" + millicores / 1000.0 + ", " + requestMillicores / 1000.0 + ", " + at(measureStartMillis) + ")");
        }

        @Override
        public void addMemoryPeak(long bytes, long measureStartMillis) {
            calls.add("memory.AddSample(" + bytes + ", 1.0, " + at(measureStartMillis) + ")");
        }

        @Override
        public void subtractMemoryPeak(long bytes, long measureStartMillis) {
            calls.add("memory.SubtractSample(" + bytes + ", 1.0, " + at(measureStartMillis) + ")");
        }

        @Override
        public double oomBumpUpRatio() {
            return 1.2;
        }

        @Override
        public double oomMinBumpUpBytes() {
            return 1.048576e+08;
        }

        @Override
        public long memoryAggregationIntervalMillis() {
            return interval;
        }
    }

    static String at(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    /** The aggregator receives the request; the weight max(request, 0.1) is AggregateContainerState's. */
    static String cpu(double cores, double requestCores, long at) {
        return "cpu.AddSample(" + cores + ", " + requestCores + ", " + at(at) + ")";
    }

    static String addMemory(long bytes, long at) {
        return "memory.AddSample(" + bytes + ", 1.0, " + at(at) + ")";
    }

    static String subtractMemory(long bytes, long at) {
        return "memory.SubtractSample(" + bytes + ", 1.0, " + at(at) + ")";
    }

    private final Recorder recorder = new Recorder();
    private final ContainerState c = new ContainerState(recorder);

    @Test // TestAggregateContainerUsageSamples
    void cpuSamplesGoToTheHistogramAndMemoryKeepsOnePeakPerInterval() {
        long timeStep = DAY / 2;
        // VPA's test: every CPU sample carries the request in force, 2.3 cores
        assertThat(c.addCpuSample(3140, 2300, TEST_TIMESTAMP)).isTrue();
        assertThat(c.addMemorySample(5, TEST_TIMESTAMP)).isTrue();
        assertThat(c.addCpuSample(6280, 2300, TEST_TIMESTAMP + timeStep)).isTrue();
        assertThat(c.addMemorySample(10, TEST_TIMESTAMP + timeStep)).isTrue();
        assertThat(c.addCpuSample(1570, 2300, TEST_TIMESTAMP + 2 * timeStep)).isTrue();
        assertThat(c.addMemorySample(2, TEST_TIMESTAMP + 2 * timeStep)).isTrue();
        // invalid samples are discarded: out of order, negative CPU, negative memory
        assertThat(c.addCpuSample(1000, 2300, TEST_TIMESTAMP + 2 * timeStep)).isFalse();
        assertThat(c.addCpuSample(-1000, 2300, TEST_TIMESTAMP + 4 * timeStep)).isFalse();
        assertThat(c.addMemorySample(-1000, TEST_TIMESTAMP + 4 * timeStep)).isFalse();

        long windowEnd = TEST_TIMESTAMP + DAY;
        assertThat(recorder.calls).containsExactly(
                cpu(3.14, 2.3, TEST_TIMESTAMP), addMemory(5, windowEnd),
                cpu(6.28, 2.3, TEST_TIMESTAMP + timeStep), subtractMemory(5, windowEnd), addMemory(10, windowEnd),
                cpu(1.57, 2.3, TEST_TIMESTAMP + 2 * timeStep), addMemory(2, windowEnd + DAY));
    }

    @Test // TestRecordOOMIncreasedByBumpUp
    void anOomBumpsMemoryByTwentyPercent() {
        assertThat(c.recordOom(TEST_TIMESTAMP, 1000 * MB)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(1200 * MB, TEST_TIMESTAMP + DAY));
    }

    @Test // TestRecordOOMDontRunAway
    void smallerOomsDoNotRaiseThePeakAndLargerOnesDo() {
        assertThat(c.recordOom(TEST_TIMESTAMP, 1000 * MB)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP, 999 * MB)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP, 999 * MB)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP, 2000 * MB)).isTrue();
        long windowEnd = TEST_TIMESTAMP + DAY;
        assertThat(recorder.calls).containsExactly(addMemory(1200 * MB, windowEnd),
                subtractMemory(1200 * MB, windowEnd), addMemory(2400 * MB, windowEnd));
    }

    @Test // TestRecordOOMIncreasedByMin
    void anOomBumpsMemoryByAtLeastOneHundredMebibytes() {
        assertThat(c.recordOom(TEST_TIMESTAMP, MB)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(101 * MB, TEST_TIMESTAMP + DAY));
    }

    @Test // TestRecordOOMMaxedWithKnownSample
    void anOomBumpsTheObservedPeakWhenItIsAboveTheRequest() {
        assertThat(c.addMemorySample(3000 * MB, TEST_TIMESTAMP)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP, 1000 * MB)).isTrue();
        long windowEnd = TEST_TIMESTAMP + DAY;
        assertThat(recorder.calls).containsExactly(addMemory(3000 * MB, windowEnd),
                subtractMemory(3000 * MB, windowEnd), addMemory(3600 * MB, windowEnd));
    }

    @Test // TestRecordOOMDiscardsOldSample
    void aStaleOomIsDiscarded() {
        assertThat(c.addMemorySample(1000 * MB, TEST_TIMESTAMP)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP - 30 * HOUR, 1000 * MB)).isFalse();
        assertThat(recorder.calls).containsExactly(addMemory(1000 * MB, TEST_TIMESTAMP + DAY));
    }

    @Test // TestRecordOOMInNewWindow
    void anOomInALaterIntervalOpensANewWindow() {
        assertThat(c.addMemorySample(2000 * MB, TEST_TIMESTAMP)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP + 2 * DAY, 1000 * MB)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(2000 * MB, TEST_TIMESTAMP + DAY),
                addMemory(2400 * MB, TEST_TIMESTAMP + 3 * DAY));
    }

    @Test // TestRecordOOMFreshOOMNearWindowBoundaryIsNotDiscarded (kubernetes/autoscaler#8548)
    void aFreshOomJustBeforeAWindowBoundaryIsKept() {
        assertThat(c.addMemorySample(100 * MB, TEST_TIMESTAMP)).isTrue();
        long boundary = TEST_TIMESTAMP + DAY;
        long windowEnd = TEST_TIMESTAMP + 2 * DAY;
        assertThat(c.addMemorySample(2000 * MB, boundary)).isTrue();
        assertThat(c.recordOom(boundary - 1000, 1000 * MB)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(100 * MB, TEST_TIMESTAMP + DAY),
                addMemory(2000 * MB, windowEnd), subtractMemory(2000 * MB, windowEnd), addMemory(2400 * MB, windowEnd));
    }

    @Test // TestMemorySamplesWithCustomAggregationInterval
    void withAOneHourIntervalSamplesTwoHoursApartGetTheirOwnPeaks() {
        recorder.interval = HOUR;
        assertThat(c.addMemorySample(5, TEST_TIMESTAMP)).isTrue();
        assertThat(c.addMemorySample(10, TEST_TIMESTAMP + 2 * HOUR)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(5, TEST_TIMESTAMP + HOUR),
                addMemory(10, TEST_TIMESTAMP + 3 * HOUR));
    }

    @Test // TestMemoryPeakUpdateWithinCustomInterval
    void withAOneHourIntervalALargerSampleInsideTheWindowReplacesThePeak() {
        recorder.interval = HOUR;
        assertThat(c.addMemorySample(5, TEST_TIMESTAMP)).isTrue();
        assertThat(c.addMemorySample(10, TEST_TIMESTAMP + 30 * 60_000L)).isTrue();
        long windowEnd = TEST_TIMESTAMP + HOUR;
        assertThat(recorder.calls).containsExactly(addMemory(5, windowEnd), subtractMemory(5, windowEnd),
                addMemory(10, windowEnd));
    }

    @Test // TestRecordOOMDiscardsOldSampleWithCustomInterval
    void withAOneHourIntervalAnOomTwoHoursOldIsStale() {
        recorder.interval = HOUR;
        assertThat(c.addMemorySample(1000 * MB, TEST_TIMESTAMP)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP - 2 * HOUR, 1000 * MB)).isFalse();
        assertThat(recorder.calls).containsExactly(addMemory(1000 * MB, TEST_TIMESTAMP + HOUR));
    }

    @Test // TestRecordOOMInNewWindowWithCustomInterval
    void withAOneHourIntervalAnOomTwoIntervalsLaterShiftsByTheInterval() {
        recorder.interval = HOUR;
        assertThat(c.addMemorySample(2000 * MB, TEST_TIMESTAMP)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP + 2 * HOUR, 1000 * MB)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(2000 * MB, TEST_TIMESTAMP + HOUR),
                addMemory(2400 * MB, TEST_TIMESTAMP + 3 * HOUR));
    }

    @Test // TestRecordOOMDiscardsOldSampleWithCustomIntervalCount (the count does not change the staleness rule)
    void anOomThreeIntervalsOldIsStale() {
        assertThat(c.addMemorySample(1000 * MB, TEST_TIMESTAMP)).isTrue();
        assertThat(c.recordOom(TEST_TIMESTAMP - 3 * DAY, 1000 * MB)).isFalse();
        assertThat(recorder.calls).containsExactly(addMemory(1000 * MB, TEST_TIMESTAMP + DAY));
    }

    @Test // TestMemorySamplesWithCustomAggregationIntervalCount
    void samplesTwoIntervalsApartGetSeparatePeaks() {
        assertThat(c.addMemorySample(5, TEST_TIMESTAMP)).isTrue();
        assertThat(c.addMemorySample(10, TEST_TIMESTAMP + 2 * DAY)).isTrue();
        assertThat(recorder.calls).containsExactly(addMemory(5, TEST_TIMESTAMP + DAY),
                addMemory(10, TEST_TIMESTAMP + 3 * DAY));
    }
}
