package io.reclaimer.gitops.patch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** A real Git repository in a temporary directory, seeded with a fixture layout and one commit. */
public final class TempRepo {

    public static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

    private TempRepo() {
    }

    public static Path create(Path dir, String layout) {
        try {
            Path source = Path.of(TempRepo.class.getResource("/layouts/" + layout).toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = dir.resolve(source.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
            try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
                git.add().addFilepattern(".").call();
                git.commit().setMessage("the " + layout + " layout").setAuthor(AUTHOR).setCommitter(AUTHOR).call();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }
}
