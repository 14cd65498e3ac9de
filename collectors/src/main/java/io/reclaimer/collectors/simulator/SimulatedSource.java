package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.Collector;
import io.reclaimer.collectors.agent.AgentState;
import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.topics.Topics;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** The simulated fleet as a {@link Collector}: its history at once, then live at the configured speed. */
public final class SimulatedSource implements Collector {

    private final FleetSimulator simulator;
    private final Clock clock;

    public SimulatedSource(SimulatorConfig config, Topics topics, Clock clock) {
        this.simulator = new FleetSimulator(config, topics, clock);
        this.clock = clock;
    }

    /** The fleet being simulated (the demo shows its progress and exports its OpenCost series). */
    public FleetSimulator simulator() {
        return simulator;
    }

    @Override
    public String name() {
        return "simulator";
    }

    /** It derives nothing from what it sent before: no state topic. */
    @Override
    public boolean keepsState() {
        return false;
    }

    @Override
    public Pass collectOnce(EventSink sink, AgentState prior) {
        simulator.emitHistory(sink);
        return Pass.complete(null); // emitHistory logs what it sent
    }

    @Override
    public void run(EventSink sink, AgentState prior, CountDownLatch stop) {
        simulator.run(sink, clock, () -> stop.getCount() == 0);
    }
}
