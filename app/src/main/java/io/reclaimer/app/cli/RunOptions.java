package io.reclaimer.app.cli;

import io.reclaimer.app.config.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of a pipeline run (demo and standalone). */
final class RunOptions {

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop by itself after this long (e.g. 60s, 10m), print the summary and exit 0. "
                    + "Without it the run lasts until Ctrl-C.")
    Duration duration;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Also write the summary as JSON.")
    Path report;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Port of /metrics and /healthz (default: http.port, 9400).")
    Integer metricsPort;

    HttpSettings http(HttpSettings configured) {
        return metricsPort == null ? configured : configured.withPort(metricsPort);
    }
}
