package io.reclaimer.gitops.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a patch run decided: one outcome per container, and the files it changes with their text before and
 * after. Nothing is written until {@link #write()}.
 */
public record PatchReport(Path repository, List<Outcome> outcomes, List<FileChange> files, List<String> warnings) {

    public enum Status {
        /** The file now carries the recommendation. */
        CHANGED,
        /** The file already says what is recommended. */
        UNCHANGED,
        /** Nothing was changed for this container; {@code message} says why. */
        SKIPPED
    }

    /** One container: what happened, where, and the quantities before → after. */
    public record Outcome(String container, Status status, String message, String where) {

        @Override
        public String toString() {
            return container + ": " + status.name().toLowerCase(java.util.Locale.ROOT) + (where.isEmpty() ? "" : " in " + where)
                    + (message.isEmpty() ? "" : ": " + message);
        }
    }

    /** One file's text before and after; {@code path} is relative to the repository, with '/'. */
    public record FileChange(String path, String before, String after) {
    }

    public PatchReport {
        outcomes = List.copyOf(outcomes);
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }

    /** The unified diff of every changed file, as {@code git diff} prints it. */
    public String diff() {
        StringBuilder out = new StringBuilder();
        for (FileChange file : files) {
            out.append(UnifiedDiff.of(file.path(), file.before(), file.after()));
        }
        return out.toString();
    }

    public boolean changed() {
        return !files.isEmpty();
    }

    public List<String> changedPaths() {
        return files.stream().map(FileChange::path).toList();
    }

    /** Writes the changed files into the working tree. */
    public void write() throws IOException {
        for (FileChange file : files) {
            Files.writeString(repository.resolve(file.path()), file.after(), StandardCharsets.UTF_8);
        }
    }
}
