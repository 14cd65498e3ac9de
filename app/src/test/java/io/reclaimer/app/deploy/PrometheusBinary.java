package io.reclaimer.app.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds Prometheus' binaries (Debian package {@code prometheus}) on the PATH. Locally a test without them
 * is skipped with a message; in CI ({@code CI=true}) .ci/run installs the package, so a missing binary
 * fails the test instead of silently skipping it.
 */
final class PrometheusBinary {

    private PrometheusBinary() {
    }

    static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path require(String name) {
        Optional<Path> binary = find(name);
        if (binary.isEmpty()) {
            String message = "'" + name + "' is not installed (apt-get install -y --no-install-recommends prometheus; "
                    + ".ci/run does this in CI)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return binary.get();
    }
}
