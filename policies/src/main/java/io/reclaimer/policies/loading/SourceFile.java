package io.reclaimer.policies.loading;

import java.nio.file.Path;
import java.util.List;

/**
 * A policy file's text with both its names: {@code display} as the user wrote the path (for diagnostics)
 * and {@code relative} below the loaded root (for explanations, stable wherever the set is loaded from).
 */
record SourceFile(Path path, String display, String relative, String text, List<String> lines) {

    static SourceFile of(Path path, String display, String relative, String text) {
        return new SourceFile(path, display, relative, text, List.of(text.split("\r?\n", -1)));
    }

    String line(int zeroBased) {
        return zeroBased >= 0 && zeroBased < lines.size() ? lines.get(zeroBased) : "";
    }
}
