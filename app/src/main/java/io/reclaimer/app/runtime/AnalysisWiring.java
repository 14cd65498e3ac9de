package io.reclaimer.app.runtime;

import io.reclaimer.model.topics.Topics;
import io.reclaimer.streams.AnalysisConfig;
import io.reclaimer.streams.AnalysisFeature;
import io.reclaimer.streams.AnalysisService;
import io.reclaimer.streams.AnalysisTopology;
import io.reclaimer.streams.intake.UsageIntake;
import io.reclaimer.streams.rightsizing.RightsizingFeature;
import io.reclaimer.streams.rightsizing.RightsizingQueries;
import io.reclaimer.streams.WasteFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which analysis features make up the pipeline, and the service that runs them. */
final class AnalysisWiring {

    private AnalysisWiring() {
    }

    public static List<AnalysisFeature> features(io.reclaimer.app.config.ReclaimerConfig config,
                                                 RightsizingFeature rightsizing) {
        List<AnalysisFeature> features = new ArrayList<>();
        features.add(new UsageIntake());
        features.add(rightsizing);
        features.addAll(WasteFeatures.all(config.waste()));
        return List.copyOf(features);
    }

    public static ManagedAnalysis create(KafkaRuntime kafka, io.reclaimer.app.config.ReclaimerConfig config,
                                         AnalysisConfig analysis) {
        Topics topics = kafka.topics();
        RightsizingFeature rightsizing = new RightsizingFeature(config.rightsizing());
        AnalysisService service = new AnalysisService(AnalysisTopology.build(topics, features(config, rightsizing)),
                AnalysisService.properties(kafka.client(), topics, analysis, Map.of()));
        return new ManagedAnalysis(service, analysis.applicationId(), rightsizing.queries(service));
    }

    /** The analysis as a managed service of this process. */
    public static final class ManagedAnalysis implements ManagedService {
        private final AnalysisService service;
        private final String applicationId;
        private final RightsizingQueries recommendations;

        ManagedAnalysis(AnalysisService service, String applicationId, RightsizingQueries recommendations) {
            this.service = service;
            this.applicationId = applicationId;
            this.recommendations = recommendations;
        }

        /** The current recommendations this instance hosts (interactive queries). */
        public RightsizingQueries recommendations() {
            return recommendations;
        }

        public AnalysisService service() {
            return service;
        }

        public String applicationId() {
            return applicationId;
        }

        @Override
        public String name() {
            return "analysis";
        }

        @Override
        public void start() {
            service.start();
        }

        @Override
        public String problem() {
            return service.problem();
        }

        @Override
        public void close() {
            service.close();
        }
    }
}
