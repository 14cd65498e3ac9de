package io.reclaimer.streams.rightsizing.strategy;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.DailyPeaks;
import io.reclaimer.streams.rightsizing.state.ResourceAmounts;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import java.util.Optional;

/**
 * Reclaimer's {@code default} strategy. CPU is compressible (too little throttles), memory is not (too little
 * kills), so they are sized differently, from the same state VPA's port keeps (no extra per-container state):
 * <ul>
 *   <li>CPU: the 95th percentile of the decaying CPU histogram plus 6%, never above the highest CPU of the last
 *       7 days (a margin on top of a level the workload never exceeded, such as the "on" level of an on/off
 *       workload, is pure slack) and never below 25 millicores (an idle container still wakes up);</li>
 *   <li>memory: the recurring peak, i.e. the highest daily peak of the last 2 days, or a higher one if it was
 *       reached on at least 2 days of the last 10 and is still due (a one-off spike is forgotten after 2 days, a
 *       peak that comes back is kept until it is three of its periods overdue), plus a fraction learned from the
 *       container's own peak rises (its 3rd largest in the window, within 4-10%), plus a margin from its
 *       volatility: two standard deviations of its daily peaks, at most 128 MiB; when the daily peaks rise every day (a leak), the growth projected
 *       over the leak horizon is added; never below what an OOM kill within the memory window showed to be
 *       needed (VPA's bump).</li>
 * </ul>
 * VPA's pod minimums (250 MiB per pod!) are off by default: they are most of the slack of small sidecars.
 * docs/rightsizing.md has the backtests (real and synthetic traces, held-out halves) that chose these defaults.
 */
final class BalancedStrategy implements Strategy {

    private static final int MIN_DAYS_FOR_TREND = 3;
    private static final int LEAK_WINDOW_DAYS = 7;

    private final RightsizingConfig config;

    BalancedStrategy(RightsizingConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public Optional<RecommendedResources> recommend(RightsizingState state) {
        Targets targets = targets(state);
        if (targets == null) {
            return Optional.empty();
        }
        long minCpu = minCpu(state);
        long minMemory = minMemory(state);
        RecommendedResources bounds = Bounds.around(targets.cpuMillicores(), targets.memoryBytes(), state.aggregate(), config);
        return Optional.of(new RecommendedResources(bounds.targetCpuMillicores(), bounds.targetMemoryBytes(),
                Math.max(bounds.lowerBoundCpuMillicores(), minCpu), Math.max(bounds.lowerBoundMemoryBytes(), minMemory),
                bounds.upperBoundCpuMillicores(), bounds.upperBoundMemoryBytes()));
    }

    @Override
    public Targets targets(RightsizingState state) {
        if (state.aggregate().isEmpty()) {
            return null;
        }
        DailyPeaks daily = state.dailyPeaks();
        long peak = recurringMemoryPeak(daily) + leakGrowth(daily);
        // an OOM kill's bumped need (VPA's max(+100 MiB, ×1.2)) already is a margin: it is not padded again
        long memory = Math.max(peak + ResourceAmounts.scale(peak, marginFraction(daily)) + volatilityMargin(daily),
                state.oomMemoryBytes(state.newestTime()));
        return new Targets(Math.max(cpu(state), minCpu(state)), Math.max(memory, minMemory(state)));
    }

    private long cpu(RightsizingState state) {
        long base = ResourceAmounts.cpuAmountFromCores(state.aggregate().cpuUsage().percentile(config.defaultCpuPercentile()));
        long cpu = base + ResourceAmounts.scale(base, config.defaultCpuMarginFraction());
        long cap = config.defaultCpuCapDays() > 0 ? state.dailyPeaks().maxCpu(config.defaultCpuCapDays()) : 0;
        if (cap > 0) {
            cpu = Math.min(cpu, cap);
        }
        return Math.max(cpu, ResourceAmounts.cpuAmountFromCores(config.defaultCpuFloorMillicores() * 0.001));
    }

    /**
     * The highest daily peak of the latest {@code defaultMemoryRecentDays}, or a higher peak that recurs: one that
     * at least {@code defaultMemoryPeakRepeats} days of the window reached, and that is still due, i.e. whose latest
     * day is at most {@code defaultMemoryPeakDue} of its periods old (the period being the days between its last two
     * occurrences). A nightly or weekly peak stays covered between its occurrences; a pattern that stopped (two big
     * days early in the window, then none) is forgotten after a few of its periods instead of at the window's end.
     * Days without data do not count.
     */
    long recurringMemoryPeak(DailyPeaks daily) {
        int window = Math.min(config.defaultMemoryWindowDays(), daily.days());
        long covered = daily.maxMemory(config.defaultMemoryRecentDays());
        int repeats = config.defaultMemoryPeakRepeats();
        double due = config.defaultMemoryPeakDue();
        for (int candidate = 0; candidate < window; candidate++) {
            long level = daily.memoryPeak(candidate);
            if (level <= covered) {
                continue;
            }
            int count = 0;
            int latest = -1;
            int before = -1;
            for (int age = 0; age < window; age++) {
                if (daily.memoryPeak(age) >= level) {
                    count++;
                    if (latest < 0) {
                        latest = age;
                    } else if (before < 0) {
                        before = age;
                    }
                }
            }
            boolean stillDue = due <= 0 || before < 0 || latest <= due * (before - latest);
            if (count >= repeats && stillDue) {
                covered = level;
            }
        }
        return covered;
    }

    /**
     * The fraction of the peak added as margin, learned from the container's own history: how far its daily peaks
     * rose above the recent peak that would have covered them (the highest of the {@code defaultMemoryRecentDays}
     * before), the {@code defaultMemoryRiseRank}-th largest rise of the window, kept within
     * [{@code defaultMemoryMarginFraction}, {@code defaultMemoryMarginMaxFraction}]. Steady peaks get the least,
     * peaks that jump get the most; without two days of history, the most.
     */
    double marginFraction(DailyPeaks daily) {
        double least = config.defaultMemoryMarginFraction();
        double most = Math.max(least, config.defaultMemoryMarginMaxFraction());
        int window = Math.min(config.defaultMemoryWindowDays(), daily.days());
        int rank = config.defaultMemoryRiseRank();
        int recentDays = config.defaultMemoryRecentDays();
        // the rank largest rises so far, largest first
        double[] largest = new double[rank];
        int rises = 0;
        for (int age = 0; age + 1 < window; age++) {
            long peak = daily.memoryPeak(age);
            long before = 0;
            for (int earlier = age + 1; earlier <= Math.min(window - 1, age + recentDays); earlier++) {
                before = Math.max(before, daily.memoryPeak(earlier));
            }
            if (peak == 0 || before == 0) {
                continue;
            }
            double rise = Math.max(0.0, (double) (peak - before) / before);
            for (int i = 0; i < rank; i++) {
                if (i >= rises || rise > largest[i]) {
                    System.arraycopy(largest, i, largest, i + 1, rank - i - 1);
                    largest[i] = rise;
                    break;
                }
            }
            rises++;
        }
        if (rises == 0) {
            return most;
        }
        return Math.max(least, Math.min(most, largest[Math.min(rises, rank) - 1]));
    }

    /** {@code defaultMemoryVolatilityMargin} standard deviations of the window's daily peaks, capped. */
    private long volatilityMargin(DailyPeaks daily) {
        int days = Math.min(config.defaultMemoryWindowDays(), daily.days());
        int n = 0;
        double sum = 0;
        for (int age = 0; age < days; age++) {
            long peak = daily.memoryPeak(age);
            if (peak > 0) {
                n++;
                sum += peak;
            }
        }
        if (n < 2) {
            return 0;
        }
        double mean = sum / n;
        double squares = 0;
        for (int age = 0; age < days; age++) {
            long peak = daily.memoryPeak(age);
            if (peak > 0) {
                squares += (peak - mean) * (peak - mean);
            }
        }
        double deviation = Math.sqrt(squares / (n - 1));
        return Math.min(config.defaultMemoryVolatilityMarginMaxBytes(),
                ResourceAmounts.memoryAmountFromBytes(config.defaultMemoryVolatilityMargin() * deviation));
    }

    private long minCpu(RightsizingState state) {
        if (!config.defaultPodMinimums()) {
            return 0;
        }
        return ResourceAmounts.scale(ResourceAmounts.cpuAmountFromCores(config.podRecommendationMinCpuMillicores() * 0.001),
                1.0 / Math.max(1, state.facts().containersInPod()));
    }

    private long minMemory(RightsizingState state) {
        if (!config.defaultPodMinimums()) {
            return 0;
        }
        return ResourceAmounts.scale(ResourceAmounts.memoryAmountFromBytes(config.podRecommendationMinMemoryMb() * 1024 * 1024),
                1.0 / Math.max(1, state.facts().containersInPod()));
    }

    /**
     * Growth over the leak horizon when the daily memory peaks rise steadily: the least-squares slope of the
     * window's complete days (today excluded: it is not over), counted only when every day is above the one
     * before it. Noisy or flat memory gets no projection.
     */
    private long leakGrowth(DailyPeaks daily) {
        double horizonDays = config.defaultLeakHorizon().toMillis() / (double) DailyPeaks.DAY_MILLIS;
        if (horizonDays <= 0) {
            return 0;
        }
        int window = Math.min(LEAK_WINDOW_DAYS, daily.days() - 1);
        int n = 0;
        double sumX = 0;
        double sumY = 0;
        double sumXY = 0;
        double sumXX = 0;
        long previous = Long.MAX_VALUE;
        for (int age = 1; age <= window; age++) {
            long peak = daily.memoryPeak(age);
            if (peak == 0) {
                break;
            }
            if (peak >= previous) {
                return 0; // older day higher than a newer one: not a steady rise
            }
            previous = peak;
            double x = -age;
            sumX += x;
            sumY += peak;
            sumXY += x * peak;
            sumXX += x * x;
            n++;
        }
        if (n < MIN_DAYS_FOR_TREND) {
            return 0;
        }
        double slope = (n * sumXY - sumX * sumY) / (n * sumXX - sumX * sumX);
        return slope > 0 ? ResourceAmounts.memoryAmountFromBytes(slope * horizonDays) : 0;
    }
}
