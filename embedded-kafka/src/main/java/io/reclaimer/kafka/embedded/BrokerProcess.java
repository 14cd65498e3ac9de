package io.reclaimer.kafka.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded broker in a JVM of its own, as production runs a broker apart from the services that use it. A
 * benchmark then measures the analysis' heap and resident set without the broker's, and the broker's collections and
 * JIT compilations happen in another process (they still compete for the same cores).
 *
 * <p>The child runs this JVM's {@code java} on this JVM's class path ({@link EmbeddedKafkaBroker#main}) with a
 * temporary data directory. It writes its bootstrap address to a file once it is ready, and stops when its standard
 * input closes: on {@link #close()}, and also when this process dies, so it never outlives its parent.
 */
public final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final String bootstrapServers;

    private BrokerProcess(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the child with {@code jvmOptions} (e.g. {@code -Xmx1g}), its output in {@code log}, and waits until it
     * is ready, or fails after {@code timeout} saying what its log ends with.
     */
    public static BrokerProcess start(List<String> jvmOptions, Path log, Duration timeout) throws IOException {
        Path ready = Files.createTempFile("reclaimer-broker-ready-", ".txt");
        Files.delete(ready);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(EmbeddedKafkaBroker.class.getName());
        command.add(ready.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!Files.exists(ready)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker's JVM exited with " + process.exitValue()
                            + " before it was ready; its log: " + log + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker's JVM was not ready within " + timeout + "; its log: "
                            + log + tail(log));
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
            String bootstrap = Files.readString(ready, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(ready);
            return new BrokerProcess(process, bootstrap);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while the broker's JVM started", e);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Where this JVM's classes are: in a Surefire or Failsafe fork {@code java.class.path} is only the booter's jar,
     * whose manifest a {@code -cp} also reads, but the plugin gives the full list in its own property.
     */
    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(' ', File.pathSeparatorChar);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker's process: its CPU time and memory, for a benchmark that counts them. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Closes the child's standard input, its signal to stop; kills it if it has not stopped within a minute. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
