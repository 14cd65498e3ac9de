package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code reclaimer.io/*} label or annotation key and {@code reclaimer:*} tag key in production code is
 * spelled once, in the model's {@code ReclaimerLabels}: a key written as a string literal anywhere else would
 * not fail to compile when the catalog renames it. (ArchUnit sees classes, not string constants, so this
 * reads the sources.)
 */
class LabelCatalogTest {

    private static final Pattern KEY_LITERAL = Pattern.compile("\"reclaimer(\\.io/|:)[a-z]");
    /** The policy files' apiVersion is not a label key. */
    private static final String API_VERSION = "\"reclaimer.io/v1\"";

    @Test
    void labelAnnotationAndTagKeysAreOnlySpelledInTheCatalog() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .filter(f -> !f.getFileName().toString().equals("ReclaimerLabels.java"))
                            .forEach(f -> offenders.addAll(literals(root, f)));
                }
            }
        }
        assertThat(offenders).as("label keys spelled outside model's ReclaimerLabels").isEmpty();
    }

    private static List<String> literals(Path root, Path file) {
        List<String> found = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replace(API_VERSION, "");
                String code = line.strip();
                if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) {
                    continue;
                }
                if (KEY_LITERAL.matcher(line).find()) {
                    found.add(root.relativize(file) + ":" + (i + 1) + ": " + code);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
