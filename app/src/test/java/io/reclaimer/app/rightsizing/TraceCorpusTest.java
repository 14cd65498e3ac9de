package io.reclaimer.app.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped backtest corpus ({@code docs/traces}) is exactly what the simulator generates. To regenerate it
 * after a simulator change: {@code ./mvnw -B -pl app -am test -Dtest=TraceCorpusTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dreclaimer.traces.write=docs/traces} (path relative to the app module: {@code ../docs/traces}).
 */
class TraceCorpusTest {

    @Test
    void theShippedTracesAreWhatTheSimulatorGenerates(@TempDir Path dir) throws Exception {
        String target = System.getProperty("reclaimer.traces.write");
        if (target != null && !target.isBlank()) {
            TraceCorpus.write(Path.of(target));
        }
        List<Path> generated = TraceCorpus.write(dir);
        Path shipped = Path.of("..", "docs", "traces");
        assertThat(generated).hasSize(5);
        for (Path file : generated) {
            assertThat(Files.readAllLines(file)).as("%s", file.getFileName()).hasSizeGreaterThan(1000);
            assertThat(shipped.resolve(file.getFileName())).as("regenerate docs/traces, see this test's comment")
                    .hasSameTextualContentAs(file);
        }
    }
}
