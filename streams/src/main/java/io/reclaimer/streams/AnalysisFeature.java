package io.reclaimer.streams;

/**
 * One part of the analysis (rightsizing, waste findings, cost allocation, pipeline health) that adds its
 * processors to the shared topology. Each feature also offers a {@code Topology build(...)} of its own so
 * it can be tested alone with {@code TopologyTestDriver}.
 */
@FunctionalInterface
public interface AnalysisFeature {

    void addTo(AnalysisInputs inputs);
}
