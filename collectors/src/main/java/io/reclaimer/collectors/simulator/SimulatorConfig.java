package io.reclaimer.collectors.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated fleet.
 *
 * @param clusters       number of clusters (default 3)
 * @param seed           everything simulated derives from it: same seed, same fleet, same samples (default 42)
 * @param history        simulated past emitted at start, so recommendations exist at once (default 7d)
 * @param sampleInterval simulated time between two usage samples of a container (default 5m)
 * @param speed          simulated seconds per wall-clock second while the live phase catches up (default 3600: an hour a second)
 * @param catchUp        how far behind the wall clock the live phase starts (default 2d): it runs {@code speed} times
 *                       faster until it reaches the present, then follows the wall clock. Simulated time never runs
 *                       ahead of the wall clock, because Kafka refuses records stamped in the future and a fleet
 *                       reporting tomorrow's usage would confuse every "since" and "age"
 * @param start          the simulated "now" at start-up, where history ends and the live phase begins
 *                       (default: the wall clock minus {@code catchUp}, truncated to the sample interval)
 * @param account        AWS account id of the simulated cloud resources (default 123456789012)
 * @param plantWaste     plant orphaned resources and idle environments (default true)
 */
public record SimulatorConfig(Integer clusters, Long seed, Duration history, Duration sampleInterval, Double speed,
                              Duration catchUp, Instant start, String account, Boolean plantWaste) {

    public static final SimulatorConfig DEFAULTS = new SimulatorConfig(null, null, null, null, null, null, null, null,
            null);

    public SimulatorConfig {
        clusters = clusters == null ? 3 : clusters;
        if (clusters < 1 || clusters > 10_000) {
            throw new IllegalArgumentException("clusters must be within 1..10000, was " + clusters);
        }
        seed = seed == null ? 42L : seed;
        history = history == null ? Duration.ofDays(7) : history;
        if (history.isNegative()) {
            throw new IllegalArgumentException("history must not be negative");
        }
        sampleInterval = sampleInterval == null ? Duration.ofMinutes(5) : sampleInterval;
        if (sampleInterval.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("sampleInterval must be at least 10s, was " + sampleInterval);
        }
        speed = speed == null ? 3600.0 : speed;
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + speed);
        }
        catchUp = catchUp == null ? Duration.ofDays(2) : catchUp;
        if (catchUp.isNegative()) {
            throw new IllegalArgumentException("catchUp must not be negative");
        }
        account = account == null || account.isBlank() ? "123456789012" : account;
        plantWaste = plantWaste == null || plantWaste;
    }

    public SimulatorConfig with(Integer clusters, Long seed, Duration history, Double speed) {
        return new SimulatorConfig(clusters != null ? clusters : this.clusters, seed != null ? seed : this.seed,
                history != null ? history : this.history, sampleInterval, speed != null ? speed : this.speed, catchUp,
                start, account, plantWaste);
    }

    public SimulatorConfig startingAt(Instant start) {
        return new SimulatorConfig(clusters, seed, history, sampleInterval, speed, catchUp, start, account, plantWaste);
    }
}
