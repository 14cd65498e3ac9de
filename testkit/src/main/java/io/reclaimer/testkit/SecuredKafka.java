package io.reclaimer.testkit;

import io.reclaimer.kafka.embedded.EmbeddedKafkaBroker;
import io.reclaimer.model.kafka.KafkaClientSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker secured as production ones are: a child JVM running {@code kafka.Kafka} (KRaft, broker and
 * controller in one node) with a SASL_PLAINTEXT listener accepting SCRAM-SHA-512 only, the {@code StandardAuthorizer}
 * and {@code allow.everyone.if.no.acl.found=false}. Users are created at format time; {@code admin} is a super user,
 * everyone else has exactly the ACLs a test grants. Start one per test class: ~5 s and ~400 MB.
 */
public final class SecuredKafka implements AutoCloseable {

    public static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "admin-secret";

    private final Path dir;
    private final Process process;
    private final int port;

    private SecuredKafka(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts the broker with {@code users} (name → password) besides {@code admin}. */
    public static SecuredKafka start(Map<String, String> users) {
        Path dir;
        try {
            dir = Files.createTempDirectory("reclaimer-secured-kafka-");
            int port = freePort();
            int controller = freePort();
            Properties config = config(dir.resolve("logs"), port, controller);
            Path file = dir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                config.store(out, "SASL/SCRAM + ACLs broker for Reclaimer's integration tests");
            }
            Map<String, String> all = new LinkedHashMap<>(users);
            all.put(ADMIN, ADMIN_PASSWORD);
            format(file, all);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), "kafka.Kafka", file.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("broker.log").toFile()).start();
            SecuredKafka kafka = new SecuredKafka(dir, process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "secured-kafka-stop"));
            kafka.awaitReady(Duration.ofMinutes(3));
            return kafka;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the secured Kafka broker: " + e.getMessage(), e);
        }
    }

    private static Properties config(Path logDir, int port, int controller) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller);
        p.setProperty("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.setProperty("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "SASL_PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.setProperty("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + ADMIN_PASSWORD + "\";");
        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("allow.everyone.if.no.acl.found", "false");
        // the controller listener is PLAINTEXT: its principal is ANONYMOUS and must be super to register the node
        p.setProperty("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        EmbeddedKafkaBroker.singleNodeSettings(p);
        return p;
    }

    /** {@code kafka-storage format --standalone --add-scram ...}, in-process; transactions v1 as the embedded broker. */
    private static void format(Path config, Map<String, String> users) {
        List<String> args = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toAbsolutePath().toString(), "--standalone", "--feature", "transaction.version=1"));
        users.forEach((name, password) -> {
            args.add("--add-scram");
            args.add("SCRAM-SHA-512=[name=" + name + ",password=" + password + "]");
        });
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(args.toArray(String[]::new), out);
        }
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Client settings of {@code user} with {@code password}: SASL_PLAINTEXT, SCRAM-SHA-512. */
    public KafkaClientSettings client(String user, String password) {
        return new KafkaClientSettings(bootstrapServers(), properties(user, password));
    }

    /** The client properties of {@code user}, as {@code kafka.clientProperties} holds them. */
    public static Map<String, String> properties(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    /** The super user. */
    public KafkaClientSettings admin() {
        return client(ADMIN, ADMIN_PASSWORD);
    }

    public Admin adminClient() {
        return Admin.create(admin().clientConfig());
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = admin().clientConfig();
        config.put("request.timeout.ms", 5000);
        config.put("default.api.timeout.ms", 5000);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the secured broker exited with " + process.exitValue() + ": "
                            + tail());
                }
                try {
                    if (!admin.describeCluster().nodes().get(6, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the secured broker did not answer within " + timeout + ": "
                                + tail(), e);
                    }
                }
            }
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("broker.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no broker log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp dir left behind is harmless
        }
    }
}
