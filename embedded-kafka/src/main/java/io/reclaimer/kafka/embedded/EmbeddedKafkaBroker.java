package io.reclaimer.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one node), started
 * in-process from Apache Kafka's own server classes: the same code path as {@code kafka.Kafka}, minus
 * the JVM. Used by {@code reclaimer demo}, {@code reclaimer standalone} and every integration test.
 *
 * <p>The data directory survives restarts when it is given; its listener ports are remembered in it so a
 * restarted broker comes back on the same bootstrap address. Without a data directory a temporary one is
 * used and deleted on close.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String PORTS_FILE = "reclaimer-broker-ports.properties";

    private final Path dataDir;
    private final boolean temporary;
    private final int brokerPort;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, boolean temporary, int brokerPort, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.brokerPort = brokerPort;
        this.server = server;
    }

    /**
     * The broker of a {@link BrokerProcess}: starts a temporary broker, writes its bootstrap address to the file
     * {@code args[0]} (written whole, then moved into place, so the parent never reads half of it), and stops when
     * standard input ends: when the parent closes it or dies.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: EmbeddedKafkaBroker READY_FILE");
        }
        Path ready = Path.of(args[0]);
        try (EmbeddedKafkaBroker broker = startTemporary()) {
            Path partial = ready.resolveSibling(ready.getFileName() + ".partial");
            Files.writeString(partial, broker.bootstrapServers(), StandardCharsets.UTF_8);
            Files.move(partial, ready, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // nothing is sent: the end of the stream is the signal
            }
        }
    }

    /** Starts a broker on a temporary data directory that is deleted on {@link #close()}. */
    public static EmbeddedKafkaBroker startTemporary() {
        try {
            return start(Files.createTempDirectory("reclaimer-kafka-"), true, Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary data directory for Kafka", e);
        }
    }

    /** Starts (or restarts) a broker whose logs live in {@code dataDir}. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, false, Map.of());
    }

    /** As {@link #start(Path)} with extra broker properties, e.g. {@code log.retention.ms}. */
    public static EmbeddedKafkaBroker start(Path dataDir, boolean temporary, Map<String, String> overrides) {
        Instant begin = Instant.now();
        try {
            Files.createDirectories(dataDir);
            Properties ports = ports(dataDir);
            int brokerPort = Integer.parseInt(ports.getProperty("broker"));
            int controllerPort = Integer.parseInt(ports.getProperty("controller"));
            Path logDir = dataDir.resolve("logs");
            Properties config = serverConfig(logDir, brokerPort, controllerPort);
            config.putAll(overrides);
            Path configFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                config.store(out, "written by Reclaimer's embedded broker; regenerated at every start");
            }
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(configFile);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, temporary, brokerPort, server);
            broker.awaitReady(Duration.ofSeconds(60));
            LOG.info("embedded Kafka broker ready on {} in {} ms (data in {})", broker.bootstrapServers(),
                    Duration.between(begin, Instant.now()).toMillis(), dataDir);
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    private static Properties serverConfig(Path logDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        singleNodeSettings(p);
        return p;
    }

    /**
     * What every single-node broker of this project needs, whatever its listeners and security: internal topics
     * one replica can satisfy (or EOS and groups never start), no initial rebalance delay, no auto-created topics.
     */
    public static void singleNodeSettings(Properties p) {
        // one node: every internal topic must be satisfied by one replica, or EOS and groups never start
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "6");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "6");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // topics come from the catalog; a typo in a topic name must fail, not create a stray topic
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "4");
    }

    /**
     * Formats the log directory exactly as {@code kafka-storage.sh format} does, with transactions v1.
     *
     * <p>Why not v2 (KIP-890, the default since 4.0): v2 bumps the producer epoch at every commit and lets a
     * transactional producer send a partition's next batches before the previous transaction's markers are
     * written. On a CPU-starved machine that races: the first batch is refused with CONCURRENT_TRANSACTIONS,
     * a later one with OUT_OF_ORDER_SEQUENCE ("expected sequence 0 ... no existing state", KAFKA-18202),
     * and Kafka Streams 4.3.1 fails the task instead of retrying; under load the stream threads then die in
     * a loop. With v1 a producer adds each partition to its transaction before writing to it, so batches
     * cannot overtake each other. Exactly-once semantics are the same.
     */
    private static void format(Path configFile) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                configFile.toAbsolutePath().toString(), "--feature", "transaction.version=1"}, out);
        }
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The ports chosen when the data directory was first used, so a restart keeps its address. */
    private static Properties ports(Path dataDir) throws IOException {
        Path file = dataDir.resolve(PORTS_FILE);
        Properties ports = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ports.load(in);
            }
            if (isFree(Integer.parseInt(ports.getProperty("broker")))
                    && isFree(Integer.parseInt(ports.getProperty("controller")))) {
                return ports;
            }
            LOG.warn("the ports remembered in {} are taken; the broker moves to new ones", file);
        }
        ports.setProperty("broker", Integer.toString(freePort()));
        ports.setProperty("controller", Integer.toString(freePort()));
        try (OutputStream out = Files.newOutputStream(file)) {
            ports.store(out, "listener ports of the embedded broker");
        }
        return ports;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void awaitReady(Duration timeout) {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin client = Admin.create(admin)) {
            while (true) {
                try {
                    if (!client.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for Kafka", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("embedded Kafka did not become ready within " + timeout, e);
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteRecursively(dataDir);
        }
        LOG.info("embedded Kafka broker on port {} stopped", brokerPort);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
