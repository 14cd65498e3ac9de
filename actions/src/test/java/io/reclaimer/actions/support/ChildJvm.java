package io.reclaimer.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test's main class in a child JVM on the test classpath, output to a log file: for tests that kill it. The child
 * lives seconds: C1 only and the serial collector spend its CPU on start-up, not on compilations and GC threads.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** Runs {@code main} and waits (minutes, not seconds: the machine may be loaded) until it exits with {@code status}. */
    public static void runUntilExit(Class<?> main, Path log, int status, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(' ', File.pathSeparatorChar);
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath,
                main.getName()));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(5, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not exit within 5 minutes:\n" + Files.readString(log));
        }
        assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(status);
    }
}
