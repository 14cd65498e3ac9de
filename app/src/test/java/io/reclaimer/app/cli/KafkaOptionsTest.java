package io.reclaimer.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KafkaOptionsTest {

    private static KafkaOptions parse(String... args) {
        KafkaOptions options = new KafkaOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void servicesKeepTheirDataInTheConfiguredDirectories() {
        KafkaOptions options = parse();
        assertThat(options.throwaway(false)).isFalse();
        assertThat(options.streamsStateDir(Path.of("/var/lib/reclaimer/streams"))).isEqualTo(Path.of("/var/lib/reclaimer/streams"));
    }

    @Test
    void theDemoThrowsItsDataAwayUnlessGivenADataDir() {
        assertThat(parse().throwaway(true)).isTrue();
        KafkaOptions kept = parse("--data-dir", "/srv/demo");
        assertThat(kept.throwaway(true)).isFalse();
        assertThat(kept.streamsStateDir(Path.of("ignored"))).isEqualTo(Path.of("/srv/demo/streams"));
    }
}
