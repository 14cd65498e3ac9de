package io.reclaimer.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules pass {@code promtool check rules}, and their unit tests
 * ({@code deploy/prometheus/rules-tests}) pass {@code promtool test rules}: each alert fires on the series
 * it is meant for, with the labels and annotations operators will read.
 */
class PrometheusRulesTest {

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::toString).filter(f -> f.endsWith(suffix)).sorted().toList();
        }
    }

    private static String promtool(Path root, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PrometheusBinary.require("promtool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    @Test
    void everyRuleFilePassesPromtoolCheckRules() throws Exception {
        Path root = RepoFiles.root();
        List<String> rules = files(root.resolve("deploy/prometheus/rules"), ".yml");
        assertThat(rules).isNotEmpty();
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        args.addAll(rules);

        String output = promtool(root, args.toArray(String[]::new));

        assertThat(output).doesNotContain("FAILED");
        assertThat(output.split("SUCCESS", -1)).hasSize(rules.size() + 1);
    }

    @Test
    void everyAlertHasAUnitTestThatPasses() throws Exception {
        Path root = RepoFiles.root();
        List<String> tests = files(root.resolve("deploy/prometheus/rules-tests"), ".test.yml");
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(tests);

        promtool(root, args.toArray(String[]::new));

        StringBuilder testText = new StringBuilder();
        for (String test : tests) {
            testText.append(Files.readString(Path.of(test)));
        }
        for (String rules : files(root.resolve("deploy/prometheus/rules"), ".yml")) {
            for (String line : Files.readAllLines(Path.of(rules))) {
                if (line.trim().startsWith("- alert:")) {
                    String alert = line.trim().substring("- alert:".length()).trim();
                    assertThat(testText.toString()).as("a promtool test of " + alert).contains("alertname: " + alert);
                }
            }
        }
    }
}
