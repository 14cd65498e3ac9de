package io.reclaimer.app.config;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.reports.ReportConfig;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import io.reclaimer.collectors.kubernetes.KubernetesCollectorConfig;
import io.reclaimer.collectors.simulator.SimulatorConfig;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.rightsizing.RightsizingConfig;
import io.reclaimer.streams.waste.WasteConfig;

/**
 * The whole configuration file: one section per service, each a typed record of its module with a
 * documented default for every option, so an empty file (or none) is a working configuration.
 * See docs/configuration.md.
 */
public record ReclaimerConfig(KafkaSettings kafka, HttpSettings http, StandaloneSettings standalone,
                              AnalysisConfig analysis, SimulatorConfig simulator, AwsCollectorConfig aws,
                              KubernetesCollectorConfig kubernetes, ActionsConfig actions, WasteConfig waste,
                              RightsizingConfig rightsizing, ReportConfig report) {

    public static final ReclaimerConfig DEFAULTS = new ReclaimerConfig(null, null, null, null, null, null, null, null, null,
            null, null);

    public ReclaimerConfig {
        kafka = kafka == null ? new KafkaSettings(null, null, null, (short) 0) : kafka;
        http = http == null ? new HttpSettings(null, null) : http;
        standalone = standalone == null ? new StandaloneSettings(null, null) : standalone;
        analysis = analysis == null ? AnalysisConfig.DEFAULTS : analysis;
        simulator = simulator == null ? SimulatorConfig.DEFAULTS : simulator;
        aws = aws == null ? AwsCollectorConfig.defaults() : aws;
        kubernetes = kubernetes == null ? KubernetesCollectorConfig.defaults() : kubernetes;
        actions = actions == null ? ActionsConfig.DEFAULTS : actions;
        waste = waste == null ? WasteConfig.DEFAULTS : waste;
        rightsizing = rightsizing == null ? RightsizingConfig.DEFAULTS : rightsizing;
        report = report == null ? ReportConfig.DEFAULTS : report;
    }

    public ReclaimerConfig withSimulator(SimulatorConfig settings) {
        return new ReclaimerConfig(kafka, http, standalone, analysis, settings, aws, kubernetes, actions, waste,
                rightsizing, report);
    }

    public ReclaimerConfig withAws(AwsCollectorConfig settings) {
        return new ReclaimerConfig(kafka, http, standalone, analysis, simulator, settings, kubernetes, actions, waste,
                rightsizing, report);
    }

    public ReclaimerConfig withKubernetes(KubernetesCollectorConfig settings) {
        return new ReclaimerConfig(kafka, http, standalone, analysis, simulator, aws, settings, actions, waste,
                rightsizing, report);
    }

    public ReclaimerConfig withHttp(HttpSettings settings) {
        return new ReclaimerConfig(kafka, settings, standalone, analysis, simulator, aws, kubernetes, actions, waste,
                rightsizing, report);
    }
}
