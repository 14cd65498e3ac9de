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
 */
public record StandaloneSettings(List<Source> sources) {

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
    }
}
