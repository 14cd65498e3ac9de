package io.reclaimer.streams.rightsizing.offline;

import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.rightsizing.estimate.RecommendedResources;
import io.reclaimer.streams.rightsizing.state.RightsizingState;
import io.reclaimer.streams.rightsizing.strategy.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The trade-off curve of each strategy, as the Autopilot paper compares algorithms: each strategy's own knob (its
 * safety margin, or KRR's percentile and buffer) is swept, every setting is scored by one backtest pass (the
 * settings only change how a recommendation is read from the state, so they all share it), and each setting gives
 * one point of slack against under-provisioning for CPU and for memory.
 */
public final class BacktestSweep {

    /** One knob setting: the config options it changes, the label on the chart, and whether it is the default. */
    public record Setting(String strategy, String label, Map<String, Object> options, boolean isDefault) {
    }

    /** A setting's score, pooled over every trace. */
    public record Point(Setting setting, Backtest.Score score) {
    }

    private BacktestSweep() {
    }

    /** Each strategy's knob, from tight to generous; the default setting is among them. */
    public static List<Setting> settings(RightsizingConfig config) {
        List<Setting> settings = new ArrayList<>();
        for (double margin : new double[] {0.0, 0.05, 0.10, 0.15, 0.25, 0.40, 0.60}) {
            settings.add(new Setting("vpa", String.format(Locale.ROOT, "margin %.2f", margin),
                    Map.of("recommendationMarginFraction", margin), margin == 0.15));
        }
        double[][] krr = {{0.80, 0.0}, {0.90, 0.05}, {0.95, 0.15}, {0.98, 0.30}, {0.99, 0.50}};
        for (double[] k : krr) {
            settings.add(new Setting("percentile", String.format(Locale.ROOT, "p%.0f, buffer %.2f", k[0] * 100, k[1]),
                    Map.of("percentileCpu", k[0], "percentileMemoryBufferFraction", k[1]), k[0] == 0.95));
        }
        // CPU margin / memory margin's least and most fraction (the learned fraction lies between them)
        double[][] margins = {{0.0, 0.0, 0.0}, {0.03, 0.02, 0.05}, {0.06, 0.04, 0.10}, {0.12, 0.08, 0.20},
            {0.20, 0.13, 0.33}, {0.30, 0.20, 0.50}};
        for (double[] m : margins) {
            settings.add(new Setting("default", String.format(Locale.ROOT, "margins %.2f/%.2f-%.2f", m[0], m[1], m[2]),
                    Map.of("defaultCpuMarginFraction", m[0], "defaultMemoryMarginFraction", m[1],
                            "defaultMemoryMarginMaxFraction", m[2]), m[0] == 0.06));
        }
        return settings;
    }

    /** Runs every setting over every trace ({@code traces}: name → rows) and pools each setting over the traces. */
    public static List<Point> run(RightsizingConfig config, Map<String, List<UsageCsv.Row>> traces, int trainDays,
                                  List<Setting> settings) {
        List<Strategy> strategies = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            Setting setting = settings.get(i);
            RightsizingConfig tuned = config;
            for (Map.Entry<String, Object> option : setting.options().entrySet()) {
                tuned = tuned.with(option.getKey(), option.getValue());
            }
            strategies.add(new Labelled("#" + i, Strategy.of(setting.strategy(), tuned)));
        }
        Backtest backtest = new Backtest(config);
        Map<String, List<Backtest.Score>> byStrategy = new LinkedHashMap<>();
        traces.forEach((name, rows) -> backtest.runStrategies(name, rows, trainDays, strategies)
                .forEach(score -> byStrategy.computeIfAbsent(score.strategy(), k -> new ArrayList<>()).add(score)));
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            List<Backtest.Score> scores = byStrategy.getOrDefault("#" + i, List.of());
            if (!scores.isEmpty()) {
                points.add(new Point(settings.get(i), BacktestOutput.pooled(scores).get(0)));
            }
        }
        List<Backtest.Score> requests = byStrategy.getOrDefault(Backtest.REQUESTS, List.of());
        if (!requests.isEmpty()) {
            points.add(new Point(new Setting(Backtest.REQUESTS, "as set", Map.of(), true), BacktestOutput.pooled(requests).get(0)));
        }
        return points;
    }

    /** A strategy under another name, so that several settings of one strategy can be scored side by side. */
    private record Labelled(String name, Strategy strategy) implements Strategy {
        @Override
        public Optional<RecommendedResources> recommend(RightsizingState state) {
            return strategy.recommend(state);
        }

        @Override
        public Targets targets(RightsizingState state) {
            return strategy.targets(state);
        }
    }
}
