package io.reclaimer.streams.usage;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hours of one container that are still open for samples. An hour closes once a sample at least
 * {@code lateness} past its end arrives; samples for an hour that has closed are late and dropped. Pure:
 * a sample in, the next state and the hours it closed out.
 *
 * @param closedBefore hours before this instant are closed (null: nothing closed yet)
 */
record OpenHours(Instant closedBefore, Map<Instant, Sums> open) {

    public static final OpenHours EMPTY = new OpenHours(null, Map.of());

    /** Running sums of one hour; {@code instants} are epoch seconds of the distinct sample times. */
    public record Sums(double cpu, double memory, int samples, List<Long> instants) {
        static final Sums EMPTY = new Sums(0, 0, 0, List.of());

        Sums add(UsageSample s) {
            TreeSet<Long> seen = new TreeSet<>(instants);
            seen.add(s.timestamp().getEpochSecond());
            return new Sums(cpu + s.cpuCores(), memory + s.memoryWorkingSetBytes(), samples + 1, List.copyOf(seen));
        }
    }

    OpenHours {
        open = open == null ? Map.of() : open;
    }

    /** The state after a sample, the hours it closed, and whether it came too late to count. */
    public record Step(OpenHours next, List<ContainerHour> closed, boolean late) {
    }

    public Step add(ContainerRef container, UsageSample sample, Duration lateness) {
        Instant hour = sample.timestamp().truncatedTo(ChronoUnit.HOURS);
        if (closedBefore != null && hour.isBefore(closedBefore)) {
            return new Step(this, List.of(), true);
        }
        TreeMap<Instant, Sums> hours = new TreeMap<>(open);
        hours.put(hour, hours.getOrDefault(hour, Sums.EMPTY).add(sample));
        List<ContainerHour> closed = new ArrayList<>();
        Instant closedUntil = closedBefore;
        while (!hours.isEmpty()) {
            Instant first = hours.firstKey();
            Instant end = first.plus(Duration.ofHours(1));
            if (sample.timestamp().isBefore(end.plus(lateness))) {
                break;
            }
            Sums sums = hours.remove(first);
            closed.add(new ContainerHour(container, first, sums.cpu(), sums.memory(), sums.samples(), sums.instants().size()));
            closedUntil = end;
        }
        return new Step(new OpenHours(closedUntil, hours), closed, false);
    }
}
