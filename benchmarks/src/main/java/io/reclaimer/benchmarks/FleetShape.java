package io.reclaimer.benchmarks;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The benchmark fleet: {@code clusters} clusters of {@code containersPerCluster} containers, ten namespaces per
 * cluster, two containers ({@code app}, {@code envoy}) per Deployment, two pods each. Container {@code i} is computed,
 * never stored: a million {@link ContainerRef}s would be a few hundred MB of the heap the benchmark measures.
 */
record FleetShape(int clusters, int containersPerCluster) {

    static final int NAMESPACES_PER_CLUSTER = 10;
    static final String[] CONTAINER_NAMES = {"app", "envoy"};

    int containers() {
        return clusters * containersPerCluster;
    }

    ContainerRef container(int i) {
        int cluster = i / containersPerCluster;
        int inCluster = i % containersPerCluster;
        int workload = inCluster / CONTAINER_NAMES.length;
        // no String.format: the load producers call this for every sample they send, on the benchmark's two cores
        String number = Integer.toString(cluster);
        return new ContainerRef("cluster-" + "0000".substring(Math.min(4, number.length())) + number,
                "ns-" + workload % NAMESPACES_PER_CLUSTER, "Deployment", "svc-" + workload,
                CONTAINER_NAMES[inCluster % CONTAINER_NAMES.length]);
    }

    /** The workload of container {@code i}, whose containers are {@code i} and its neighbour. */
    boolean firstOfWorkload(int i) {
        return i % containersPerCluster % CONTAINER_NAMES.length == 0;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The partition a producer's default partitioner (and so Kafka Streams, for its task and changelog) picks. */
    static int partition(byte[] key) {
        return Utils.toPositive(Utils.murmur2(key)) % Topics.CONTAINER_PARTITIONS;
    }
}
