package io.reclaimer.streams;

import io.reclaimer.model.topics.Topics;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The one analysis topology: every feature on shared inputs. */
public final class AnalysisTopology {

    private AnalysisTopology() {
    }

    public static Topology build(Topics topics, List<AnalysisFeature> features) {
        StreamsBuilder builder = new StreamsBuilder();
        AnalysisInputs inputs = new AnalysisInputs(builder, topics);
        features.forEach(feature -> feature.addTo(inputs));
        return builder.build();
    }
}
