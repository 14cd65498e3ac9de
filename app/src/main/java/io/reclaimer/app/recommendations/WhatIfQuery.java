package io.reclaimer.app.recommendations;

import io.reclaimer.app.rightsizing.ProposedQuantities;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/recommendations/{cluster}/{namespace}/{kind}/{name}/{container}/what-if?cpu=200m&memory=512Mi}:
 * the what-if of a proposed request for a live container, estimated from its rightsizing state by the instance
 * that holds it (see {@code WhatIfEstimator}). Both parameters are required, as Kubernetes quantities (fabric8's
 * {@code Quantity}, as the collectors parse requests). The answer is a {@code WhatIfEstimate} as JSON.
 */
final class WhatIfQuery {

    /** The last path segment that turns a container's path into its what-if. */
    static final String SEGMENT = "what-if";
    static final String USAGE = "?cpu=QUANTITY&memory=QUANTITY, e.g. ?cpu=200m&memory=512Mi";

    private WhatIfQuery() {
    }

    /** The proposed request, in cores and bytes. */
    record Proposal(double cpuCores, long memoryBytes) {
    }

    /** True when the raw path below {@code /api/recommendations/} asks for a what-if. */
    static boolean asks(String rawSegments) {
        return rawSegments.endsWith("/" + SEGMENT);
    }

    /** The container's part of the raw path (without the what-if segment). */
    static String containerSegments(String rawSegments) {
        return rawSegments.substring(0, rawSegments.length() - SEGMENT.length() - 1);
    }

    /** The proposal from the raw (still encoded) query; IllegalArgumentException says what is wrong. */
    static Proposal parse(String rawQuery) {
        String cpu = null;
        String memory = null;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String parameter : rawQuery.split("&")) {
                if (parameter.isEmpty()) {
                    continue;
                }
                int eq = parameter.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? parameter : parameter.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "cpu" -> cpu = value;
                    case "memory" -> memory = value;
                    default -> throw new IllegalArgumentException("unknown parameter '" + name + "'; the what-if takes "
                            + USAGE);
                }
            }
        }
        if (cpu == null || memory == null) {
            String missing = cpu == null && memory == null ? "cpu and memory" : cpu == null ? "cpu" : "memory";
            throw new IllegalArgumentException("the what-if needs cpu and memory, missing " + missing + ": " + USAGE);
        }
        return new Proposal(ProposedQuantities.cores("cpu", cpu), ProposedQuantities.bytes("memory", memory));
    }
}
