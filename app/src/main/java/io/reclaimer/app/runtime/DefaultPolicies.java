package io.reclaimer.app.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The default policy library ({@code policies/library}, safe out of the box: see docs/policies.md), packaged
 * in the CLI jar so the demo can use it from anywhere. Extracted to a directory because the engine reads
 * policy sets from the file system, and its diagnostics name files.
 */
public final class DefaultPolicies {

    static final String RESOURCE = "policy-library/";
    static final List<String> FILES = List.of("guardrails.yaml", "exceptions.yaml", "rightsizing.yaml", "schedules.yaml",
            "orphans.yaml");

    private DefaultPolicies() {
    }

    /** Removes what {@link #locate} extracted (a scratch directory left behind would be harmless). */
    public static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // nothing to do: a temp dir
        }
    }

    /** The library in the working copy when there is one, else the packaged copy extracted under {@code dir}. */
    public static Path locate(Path dir) {
        Path source = Path.of("policies", "library");
        if (Files.isRegularFile(source.resolve("guardrails.yaml"))) {
            return source;
        }
        try {
            Path target = Files.createDirectories(dir.resolve("policy-library"));
            for (String file : FILES) {
                try (InputStream in = DefaultPolicies.class.getClassLoader().getResourceAsStream(RESOURCE + file)) {
                    if (in == null) {
                        throw new IllegalStateException("the default policy library is missing from the jar: " + file);
                    }
                    Files.copy(in, target.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the default policies to " + dir, e);
        }
    }
}
