package io.reclaimer.streams.rightsizing.offline;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.state.RightsizingStateCodec;
import io.reclaimer.streams.rightsizing.state.WorkloadFacts;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replays a usage trace against every strategy and scores them with the two measures of Google's Autopilot
 * paper (Rzadca et al., EuroSys 2020): <b>slack</b>, the recommended-but-unused share of what is recommended
 * ({@code Σ max(0, rec − usage) / Σ rec}), and <b>under-provisioning</b>, the share of samples whose usage is
 * above the recommendation (for memory: OOM risk).
 *
 * <p>The first {@code trainDays} days of each container only teach the state. After that every sample is
 * judged against the recommendation in force: the one computed at the start of the sample's hour from all
 * earlier samples (as an operator re-applying hourly would have), then learned from, so the state keeps
 * learning online as it does in the topology. All strategies read the same state, built by the same classes
 * the topology uses. A memory reading of 0 is an unknown reading, not an idle container: it is not scored.
 */
public final class Backtest {

    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final RightsizingConfig config;
    private final OfflineRightsizer rightsizer;
    private final RightsizingStateCodec codec;

    public Backtest(RightsizingConfig config) {
        this.config = config;
        this.rightsizer = new OfflineRightsizer(config);
        this.codec = new RightsizingStateCodec(config.aggregations(), config.dailyPeakDays());
    }

    /** Slack and under-provisioning of one resource, in percent. */
    public record Measure(double slackPercent, double underProvisionedPercent, long samples, double recommended,
                          double used) {
    }

    /** One strategy on one trace. */
    public record Score(String trace, String strategy, Measure cpu, Measure memory) {
    }

    /** The name of the baseline row: the requests the rows carry, as they were set by hand. */
    public static final String REQUESTS = "requests (as set)";

    public List<Score> run(String trace, List<UsageCsv.Row> rows, int trainDays, List<String> strategies) {
        return runStrategies(trace, rows, trainDays, strategies.stream().map(name -> Strategy.of(name, config)).toList());
    }

    /** As {@link #run}, with the strategies given: each is scored under its {@link Strategy#name()}, which must be unique. */
    public List<Score> runStrategies(String trace, List<UsageCsv.Row> rows, int trainDays, List<Strategy> resolved) {
        Map<String, Accumulator> cpu = new LinkedHashMap<>();
        Map<String, Accumulator> memory = new LinkedHashMap<>();
        resolved.forEach(s -> {
            cpu.put(s.name(), new Accumulator());
            memory.put(s.name(), new Accumulator());
        });
        Accumulator requestedCpu = new Accumulator();
        Accumulator requestedMemory = new Accumulator();

        Map<String, Integer> containersPerWorkload = OfflineRightsizer.containersPerWorkload(rows);
        Map<ContainerRef, Container> containers = new HashMap<>();
        long trainMillis = Duration.ofDays(trainDays).toMillis();
        for (UsageCsv.Row row : OfflineRightsizer.inTimeOrder(rows)) {
            Container c = containers.computeIfAbsent(row.container(), ref -> {
                RightsizingState state = codec.newState();
                state.facts(WorkloadFacts.UNKNOWN.withContainersInPod(containersPerWorkload.get(ref.workload().key())));
                return new Container(state, row.timestampMillis(), resolved.size());
            });
            if (row.timestampMillis() - c.firstMillis >= trainMillis) {
                long hour = Math.floorDiv(row.timestampMillis(), HOUR);
                if (hour != c.hour) {
                    c.hour = hour;
                    for (int i = 0; i < resolved.size(); i++) {
                        c.inForce[i] = resolved.get(i).recommend(c.state);
                    }
                }
                // a memory reading of 0 is unknown, not unused (see RightsizingState#addSample): it is not scored
                boolean memoryKnown = row.memoryBytes() > 0;
                if (row.cpuRequestCores() != null && row.memoryRequestBytes() != null) {
                    requestedCpu.add(row.cpuRequestCores(), row.cpuCores());
                    if (memoryKnown) {
                        requestedMemory.add(row.memoryRequestBytes(), row.memoryBytes());
                    }
                }
                for (int i = 0; i < resolved.size(); i++) {
                    Optional<RecommendedResources> rec = c.inForce[i];
                    if (rec.isPresent()) {
                        String name = resolved.get(i).name();
                        cpu.get(name).add(rec.get().targetCpuMillicores() / 1000.0, row.cpuCores());
                        if (memoryKnown) {
                            memory.get(name).add(rec.get().targetMemoryBytes(), row.memoryBytes());
                        }
                    }
                }
            }
            rightsizer.apply(c.state, row, null);
        }
        List<Score> scores = new ArrayList<>();
        if (requestedCpu.samples > 0) {
            scores.add(new Score(trace, REQUESTS, requestedCpu.measure(), requestedMemory.measure()));
        }
        resolved.forEach(s -> scores.add(new Score(trace, s.name(), cpu.get(s.name()).measure(), memory.get(s.name()).measure())));
        return scores;
    }

    private static final class Container {
        final RightsizingState state;
        final long firstMillis;
        final Optional<RecommendedResources>[] inForce;
        long hour = Long.MIN_VALUE;

        @SuppressWarnings("unchecked")
        Container(RightsizingState state, long firstMillis, int strategies) {
            this.state = state;
            this.firstMillis = firstMillis;
            this.inForce = new Optional[strategies];
            java.util.Arrays.fill(inForce, Optional.empty());
        }
    }

    private static final class Accumulator {
        double recommended;
        double slack;
        double used;
        long samples;
        long under;

        void add(double recommendation, double usage) {
            recommended += recommendation;
            used += usage;
            slack += Math.max(0, recommendation - usage);
            samples++;
            if (usage > recommendation) {
                under++;
            }
        }

        Measure measure() {
            return new Measure(recommended == 0 ? 0 : 100 * slack / recommended, samples == 0 ? 0 : 100.0 * under / samples,
                    samples, recommended, used);
        }
    }
}
