package io.reclaimer.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * What {@code reclaimer standalone} runs besides the analysis.
 *
 * @param sources collectors to run in-process: {@code simulated}, {@code aws}, {@code kubernetes} (default: none, for when the collectors
 *                run as their own deployments and only the central analysis runs here)
 * @param actions whether the actions service runs in-process too, under {@code actions} (default true: the whole
 *                pipeline; without {@code actions.policyDirectory} it denies everything). False with an {@code actions}
 *                section configured is a start-up error: nothing would use it
 */
public record StandaloneSettings(List<Source> sources, Boolean actions) {

    public enum Source {
        SIMULATED,
        AWS,
        KUBERNETES;

        @JsonCreator
        public static Source parse(String name) {
            for (Source source : values()) {
                if (source.name().equalsIgnoreCase(name)) {
                    return source;
                }
            }
            throw new IllegalArgumentException("unknown source '" + name + "': use one of " + List.of(values()));
        }

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StandaloneSettings {
        sources = sources == null ? List.of() : List.copyOf(sources);
        actions = actions == null || actions;
    }
}
