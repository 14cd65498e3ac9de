package io.reclaimer.gitops.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The Git side of a working tree (JGit): which of the files about to be edited already have uncommitted
 * changes (a commit would sweep them in), and a commit of exactly the edited files on a new branch.
 */
public final class GitWorkTree implements AutoCloseable {

    private final Git git;

    private GitWorkTree(Git git) {
        this.git = git;
    }

    public static GitWorkTree open(Path directory) {
        try {
            return new GitWorkTree(Git.open(directory.toFile()));
        } catch (IOException e) {
            throw new IllegalArgumentException(directory + " is not a Git working tree: " + e.getMessage(), e);
        }
    }

    /** The branch checked out now. */
    public String branch() throws IOException {
        return git.getRepository().getBranch();
    }

    /** Those of {@code paths} (relative, '/') with changes not committed yet, staged or not. */
    public Set<String> uncommitted(Collection<String> paths) throws GitAPIException {
        Status status = git.status().call();
        Set<String> dirty = new TreeSet<>();
        dirty.addAll(status.getModified());
        dirty.addAll(status.getChanged());
        dirty.addAll(status.getAdded());
        dirty.addAll(status.getRemoved());
        dirty.addAll(status.getMissing());
        dirty.addAll(status.getConflicting());
        dirty.retainAll(paths);
        return dirty;
    }

    /** What a commit made. */
    public record Commit(String branch, String id, List<String> paths) {
    }

    /**
     * Creates {@code branch} at HEAD, checks it out (the working tree's edits come along), and commits exactly
     * {@code paths} on it.
     */
    public Commit commitOnNewBranch(String branch, Collection<String> paths, String message, PersonIdent author)
            throws GitAPIException, IOException {
        Repository repository = git.getRepository();
        if (repository.findRef("refs/heads/" + branch) != null) {
            throw new IllegalArgumentException("branch " + branch + " already exists");
        }
        git.checkout().setCreateBranch(true).setName(branch).call();
        var add = git.add();
        paths.forEach(add::addFilepattern);
        add.call();
        var commit = git.commit().setMessage(message).setAllowEmpty(false);
        paths.forEach(commit::setOnly);
        if (author != null) {
            commit.setAuthor(author).setCommitter(author);
        }
        RevCommit made = commit.call();
        return new Commit(branch, made.getName(), new ArrayList<>(paths));
    }

    public Git git() {
        return git;
    }

    @Override
    public void close() {
        git.close();
    }
}
