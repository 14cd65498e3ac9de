package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.app.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: {@code reclaimer standalone} runs the actions service, as the README says, unless
 * {@code standalone.actions: false}; an {@code actions} section that nothing in the process would read is a
 * start-up error naming where it is written, never silence.
 */
class StandaloneActionsTest {

    @TempDir
    Path dir;

    @Test
    void anActionsSectionNothingUsesStopsTheStartWithItsPosition() throws Exception {
        Path config = dir.resolve("reclaimer.yaml");
        Files.writeString(config, """
                standalone:
                  sources: [simulated]
                  actions: false
                actions:
                  policyDirectory: policies/library
                """);

        CliTest.Result result = CliTest.run("standalone", "--config", config.toString(), "--duration", "1s");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reclaimer: " + config + ":4:1: the actions section is configured, but "
                + "standalone.actions is false: nothing in this process would use it");
        assertThat(result.out()).as("it stops before anything starts").doesNotContain("Kafka at");
    }

    @Test
    void whereASectionIsConfiguredIsItsKeyInTheFileOrTheVariablesThatSetIt() throws Exception {
        Path config = dir.resolve("reclaimer.yaml");
        Files.writeString(config, """
                http:
                  port: 9401
                actions:
                  dryRun: true
                """);

        assertThat(ConfigLoader.sectionSource(config, Map.of(), "actions")).contains(config + ":3:1");
        assertThat(ConfigLoader.sectionSource(config, Map.of(), "report")).isEmpty();
        assertThat(ConfigLoader.sectionSource(null, Map.of("RECLAIMER_ACTIONS_DRY_RUN", "true", "PATH", "/bin"), "actions"))
                .isEqualTo(Optional.of("environment variable RECLAIMER_ACTIONS_DRY_RUN"));
        assertThat(ConfigLoader.load(null, Map.of()).standalone().actions()).as("on by default").isTrue();
    }
}
