package io.reclaimer.collectors.simulator;

import io.reclaimer.collectors.sink.EventSink;
import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.topics.Topics;
import io.reclaimer.model.usage.ContainerEvent;
import io.reclaimer.model.usage.UsageSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every running container uses at an instant, as the Kubernetes collector samples it: CPU and memory per pod
 * from the workload's {@link Archetype} and seeded noise, and an OOM kill each time a leaking container reaches its
 * limit.
 */
final class SimulatedUsage {

    private static final Duration LEAK_PERIOD = Duration.ofHours(30);

    private final SimulatorConfig config;
    private final Topics topics;
    private final SimFleet fleet;
    private final SimulatedPods pods;

    SimulatedUsage(SimulatorConfig config, Topics topics, SimFleet fleet, SimulatedPods pods) {
        this.config = config;
        this.topics = topics;
        this.fleet = fleet;
        this.pods = pods;
    }

    /** Samples (and OOM kills) of every running container at instant {@code t}; returns the samples emitted. */
    long emit(EventSink sink, Instant t) {
        long count = 0;
        long step = t.toEpochMilli() / config.sampleInterval().toMillis();
        Archetype.LocalTime time = Archetype.LocalTime.of(t);
        for (SimFleet.Cluster cluster : fleet.clusters()) {
            for (SimFleet.Workload workload : cluster.workloads()) {
                List<String> running = pods.running(cluster, workload, t);
                for (int p = 0; p < running.size(); p++) {
                    String pod = running.get(p);
                    for (SimFleet.Container container : workload.containers()) {
                        ContainerRef ref = workload.ref().container(container.name());
                        long series = Noise.hash(ref.key() + "/" + pod);
                        double noise = Noise.gaussian(config.seed(), series, step);
                        double burst = Noise.uniform(config.seed(), series ^ 0x5DEECE66DL, step);
                        double cpu = container.baseCpuCores() * workload.usageScale()
                                * workload.archetype().cpuFraction(time, noise, burst) * pods.hpaShare(workload, running.size());
                        if (container.limits().cpuCores() != null) {
                            cpu = Math.min(cpu, container.limits().cpuCores());
                        }
                        long memory = memory(workload, container, time, noise, pod);
                        sink.emit(topics.usageSamples(), ref.key(), new UsageSample(ref, pod, t, round(cpu), memory));
                        count++;
                        if (workload.archetype() == Archetype.LEAKING && crossedLeakCycle(pod, t)) {
                            sink.emit(topics.containerEvents(), ref.key(), new ContainerEvent(ref, pod, t,
                                    ContainerEvent.Type.OOM_KILLED, leakCycle(pod, t), container.limits().memoryBytes(),
                                    container.requests().memoryBytes(), "OOMKilled"));
                        }
                    }
                }
            }
        }
        return count;
    }

    private static double round(double cores) {
        return Math.round(cores * 1e6) / 1e6;
    }

    private long memory(SimFleet.Workload workload, SimFleet.Container container, Archetype.LocalTime time, double noise,
                        String pod) {
        Instant t = time.instant();
        double base = container.baseMemoryBytes() * workload.usageScale();
        Long limit = container.limits().memoryBytes();
        double bytes;
        if (workload.archetype() == Archetype.LEAKING && limit != null) {
            // grows from 60% of its base to the limit, where the kernel kills it and it starts over
            double phase = leakPhase(pod, t);
            bytes = 0.6 * base + (limit - 0.6 * base) * phase;
        } else {
            bytes = base * workload.archetype().memoryFraction(time, noise, 0);
        }
        if (limit != null) {
            bytes = Math.min(bytes, limit);
        }
        return Math.max(1L << 20, (long) bytes);
    }

    private long leakOffsetMillis(String pod) {
        return (long) (Noise.uniform(config.seed(), Noise.hash(pod), 7) * LEAK_PERIOD.toMillis());
    }

    private double leakPhase(String pod, Instant t) {
        long period = LEAK_PERIOD.toMillis();
        return ((t.toEpochMilli() + leakOffsetMillis(pod)) % period) / (double) period;
    }

    private int leakCycle(String pod, Instant t) {
        return (int) ((t.toEpochMilli() + leakOffsetMillis(pod)) / LEAK_PERIOD.toMillis());
    }

    private boolean crossedLeakCycle(String pod, Instant t) {
        return leakCycle(pod, t) != leakCycle(pod, t.minus(config.sampleInterval()));
    }
}
