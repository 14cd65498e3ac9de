package io.reclaimer.policies.rules;

import io.reclaimer.model.time.UptimeWindow;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Action parameters a rule may set; every field is optional (null) and the engine fills documented
 * defaults ({@code scheduleWindow} is in {@code timeZone}, UTC when that is absent). See docs/policies.md for the verdict {@code parameters} contract these turn into.
 */
public record RuleParameters(DownsizeTo downsizeTo, Limits limits, UptimeWindow scheduleWindow, ZoneId timeZone,
                             Boolean snapshot, Integer graceDays) {

    public static final RuleParameters NONE = new RuleParameters(null, null, null, null, null, null);

    /** Which recommendation value a downsize aims for. */
    public enum DownsizeTo {
        TARGET("target"), UPPER_BOUND("upperBound");

        private final String wireName;

        DownsizeTo(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<DownsizeTo> parse(String text) {
            for (DownsizeTo value : values()) {
                if (value.wireName.equals(text)) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        }
    }

    /** What happens to container limits when requests go down. */
    public enum Limits {
        PROPORTIONAL("proportional"), DROP_CPU("drop-cpu"), KEEP("keep");

        private final String wireName;

        Limits(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Optional<Limits> parse(String text) {
            for (Limits value : values()) {
                if (value.wireName.equals(text)) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        }
    }
}
