package io.reclaimer.app.cli;

import io.reclaimer.app.config.ConfigLoader;
import io.reclaimer.app.config.ReclaimerConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: the YAML configuration, with {@code RECLAIMER_*} environment overrides applied. */
final class ConfigOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration file (see docs/configuration.md); defaults apply without one.")
    Path file;

    public ReclaimerConfig load() {
        return ConfigLoader.load(file, System.getenv());
    }
}
