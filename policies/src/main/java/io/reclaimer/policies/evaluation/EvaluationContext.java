package io.reclaimer.policies.evaluation;

import io.reclaimer.model.findings.FindingKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything outside the finding that a decision depends on, passed in so evaluation is a pure function:
 * the time, how many actions (approve + auto decisions that were executed or are pending execution) the
 * caller counted in the last hour, and the population of each finding kind (for example all EBS volumes
 * for {@code unattached-volume}, all containers for {@code overprovisioned-container}) that the run's
 * percent caps are measured against.
 */
public record EvaluationContext(Instant now, int actionsLastHour, Map<FindingKind, Integer> populationByKind) {

    public EvaluationContext {
        Objects.requireNonNull(now, "now");
        if (actionsLastHour < 0) {
            throw new IllegalArgumentException("actionsLastHour must be >= 0");
        }
        populationByKind = populationByKind == null || populationByKind.isEmpty() ? Map.of()
                : Map.copyOf(new EnumMap<>(populationByKind));
        populationByKind.values().forEach(n -> {
            if (n < 0) {
                throw new IllegalArgumentException("populations must be >= 0");
            }
        });
    }

    public static EvaluationContext at(Instant now) {
        return new EvaluationContext(now, 0, Map.of());
    }

    public EvaluationContext withActionsLastHour(int count) {
        return new EvaluationContext(now, count, populationByKind);
    }

    public EvaluationContext withPopulation(FindingKind kind, int population) {
        EnumMap<FindingKind, Integer> copy = new EnumMap<>(FindingKind.class);
        copy.putAll(populationByKind);
        copy.put(kind, population);
        return new EvaluationContext(now, actionsLastHour, copy);
    }

    public Optional<Integer> population(FindingKind kind) {
        return Optional.ofNullable(populationByKind.get(kind));
    }
}
