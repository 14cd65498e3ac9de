package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.opencost.OpenCostSnapshot;
import io.reclaimer.collectors.pricing.NodePricer;
import io.reclaimer.collectors.pricing.PriceCatalog;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated fleet that emits exactly the events the real collectors emit: priced nodes, namespaces,
 * workload container specs, PVCs, PVs and services (as the Kubernetes collector does), cloud inventory and
 * Cost Explorer billing lines (as the AWS collector does), per-pod usage samples and OOM kills. Deterministic
 * for a seed; time is simulated, so days of history go out in seconds and the live phase can run faster than
 * the wall clock. {@link #plantedWaste()} is the ground truth of what a correct detector finds.
 *
 * <p>This class paces the simulation; what it emits comes from {@link SimulatedInventory}, {@link SimulatedUsage},
 * {@link SimulatedBilling} and {@link SimulatedOpenCost}, over the fleet as {@link FleetPrices} priced it and the pods
 * {@link SimulatedPods} runs.
 */
public final class FleetSimulator {

    private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

    private final SimulatorConfig config;
    private final Instant start;
    private final SimFleet fleet;
    private final SimulatedInventory inventory;
    private final SimulatedUsage usage;
    private final SimulatedBilling billing;
    private final SimulatedOpenCost openCost;
    private volatile Instant simulatedNow;
    private long samplesEmitted;
    /** The simulated time the history has been sent up to (null: not started). */
    private volatile Instant historyAt;

    public FleetSimulator(SimulatorConfig config, Topics topics, Clock wallClock) {
        this(config, topics, wallClock, new NodePricer(PriceCatalog.shipped()));
    }

    public FleetSimulator(SimulatorConfig config, Topics topics, Clock wallClock, NodePricer pricer) {
        this.config = config;
        Duration step = config.sampleInterval();
        Instant now = config.start() != null ? config.start() : wallClock.instant().minus(config.catchUp());
        this.start = Instant.ofEpochMilli(now.toEpochMilli() - now.toEpochMilli() % step.toMillis());
        this.fleet = FleetGenerator.generate(config, start);
        this.simulatedNow = start;
        FleetPrices prices = new FleetPrices(fleet, pricer, start);
        SimulatedPods pods = new SimulatedPods(config.seed());
        this.inventory = new SimulatedInventory(fleet, topics, prices, pods);
        this.usage = new SimulatedUsage(config, topics, fleet, pods);
        this.billing = new SimulatedBilling(config, topics, fleet, prices);
        this.openCost = new SimulatedOpenCost(config.seed(), fleet, prices, pods, start);
    }

    public SimFleet fleet() {
        return fleet;
    }

    public List<PlantedWaste> plantedWaste() {
        return fleet.plantedWaste();
    }

    /** The simulated "now" at start-up: history ends here, the live phase begins here. */
    public Instant start() {
        return start;
    }

    public Instant simulatedNow() {
        return simulatedNow;
    }

    public synchronized long samplesEmitted() {
        return samplesEmitted;
    }

    /** The cluster in OpenCost's series as its collector agent would export them (see {@link SimulatedOpenCost}). */
    public OpenCostSnapshot openCost(String clusterId) {
        return openCost.snapshot(clusterId);
    }

    /** How much of the configured history has been sent: 0 before it starts, 1 once it is complete. */
    public double historyFraction() {
        Instant at = historyAt;
        if (at == null) {
            return 0;
        }
        double total = config.history().toMillis();
        return total <= 0 ? 1 : Math.min(1, Math.max(0, 1 - Duration.between(at, start).toMillis() / total));
    }

    /** Everything that exists, as observed at {@code at}. */
    public void emitInventory(EventSink sink, Instant at) {
        inventory.emit(sink, at);
    }

    /** Samples (and OOM kills) of every running container at instant {@code t}; returns the samples emitted. */
    public long emitUsage(EventSink sink, Instant t) {
        long count = usage.emit(sink, t);
        synchronized (this) {
            samplesEmitted += count;
        }
        return count;
    }

    /** Cost Explorer lines for every day in [from, to), the last two before {@code asOf} marked estimated. */
    public void emitBilling(EventSink sink, LocalDate from, LocalDate to, Instant asOf) {
        billing.emit(sink, from, to, asOf);
    }

    // ---------------------------------------------------------------- running

    /** Inventory, billing and every usage sample of the configured history, as fast as the sink takes them. */
    public long emitHistory(EventSink sink) {
        Instant from = start.minus(config.history());
        emitInventory(sink, start);
        LocalDate firstDay = from.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate today = start.atZone(ZoneOffset.UTC).toLocalDate();
        emitBilling(sink, firstDay, today, start);
        long samples = 0;
        for (Instant t = from; t.isBefore(start); t = t.plus(config.sampleInterval())) {
            samples += emitUsage(sink, t);
            historyAt = t;
        }
        sink.flush();
        historyAt = start;
        LOG.info("simulated {} clusters: {} usage samples over {} h of history up to {}", fleet.clusters().size(), samples,
                config.history().toHours(), start);
        return samples;
    }

    /**
     * Emits the history, then keeps the fleet alive: simulated time advances {@code speed} times faster than
     * the wall clock until it reaches the present, then with it; samples every sample interval, inventory
     * every simulated hour, billing every simulated day. Returns when {@code stop} says so.
     */
    public void run(EventSink sink, Clock wallClock, BooleanSupplier stop) {
        emitHistory(sink);
        long wallStart = wallClock.millis();
        Instant lastInventory = start;
        Instant t = start;
        while (!stop.getAsBoolean()) {
            Instant fastForward = start.plusMillis((long) ((wallClock.millis() - wallStart) * config.speed()));
            Instant present = wallClock.instant();
            Instant target = fastForward.isAfter(present) ? present : fastForward;
            while (!t.plus(config.sampleInterval()).isAfter(target) && !stop.getAsBoolean()) {
                Instant previous = t;
                t = t.plus(config.sampleInterval());
                simulatedNow = t;
                emitUsage(sink, t);
                if (Duration.between(lastInventory, t).compareTo(Duration.ofHours(1)) >= 0) {
                    emitInventory(sink, t);
                    lastInventory = t;
                }
                LocalDate day = t.atZone(ZoneOffset.UTC).toLocalDate();
                if (!day.equals(previous.atZone(ZoneOffset.UTC).toLocalDate())) {
                    // yesterday appears as an estimate; the day that just became final is re-read
                    emitBilling(sink, day.minusDays(SimulatedBilling.ESTIMATED_DAYS + 1), day, t);
                }
            }
            sink.flush();
            long dueWall = Math.max(wallStart + (long) (Duration.between(start, t.plus(config.sampleInterval())).toMillis()
                    / config.speed()), t.plus(config.sampleInterval()).toEpochMilli());
            long wait = Math.max(1, Math.min(250, dueWall - wallClock.millis()));
            try {
                Thread.sleep(wait); // pacing the simulated clock against the wall clock
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Every simulated workload container. */
    public List<ContainerRef> containers() {
        List<ContainerRef> refs = new ArrayList<>();
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            for (SimFleet.Workload workload : cluster.workloads()) {
                for (SimFleet.Container container : workload.containers()) {
                    refs.add(workload.ref().container(container.name()));
                }
            }
        }
        return refs;
    }
}
