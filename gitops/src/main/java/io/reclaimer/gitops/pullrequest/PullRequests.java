package io.reclaimer.gitops.pullrequest;

import io.reclaimer.gitops.git.GitWorkTree;
import io.reclaimer.gitops.patch.ContainerChange;
import io.reclaimer.gitops.patch.GitOpsPatcher;
import io.reclaimer.gitops.patch.PatchReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;

/**
 * A rightsizing change as a GitHub pull request: clone the repository the GitOps tool syncs from (JGit), edit it
 * exactly as {@code reclaimer gitops patch} does, commit on {@code reclaimer/<action id>}, push, and open the pull
 * request through the GitHub REST API (github-api). Idempotent per action: a branch already pushed with an open
 * (or closed) pull request for it is reported, not duplicated, so a crash between the push and the result only
 * costs a second look.
 */
public final class PullRequests {

    /**
     * @param apiUrl    GitHub REST API base (https://api.github.com, or a GitHub Enterprise /api/v3)
     * @param token     a token allowed to push branches and open pull requests
     * @param workDir   where repositories are cloned (one directory per action, removed afterwards)
     * @param author    author and committer of the commits
     * @param cloneUrls repository URL (as the GitOps tool names it) → URL to clone and push (a mirror, a test repository)
     */
    public record Settings(String apiUrl, String token, Path workDir, PersonIdent author, Map<String, String> cloneUrls) {
        public Settings {
            cloneUrls = cloneUrls == null ? Map.of() : Map.copyOf(cloneUrls);
        }
    }

    /** Where the YAML lives: repository URL, the directory the tool renders, and the branch it follows. */
    public record Source(String repoUrl, String path, String branch) {
    }

    /** An opened (or found) pull request. */
    public record Opened(int number, String url, String branch, String diff, boolean existed) {
    }

    public enum State { OPEN, MERGED, CLOSED }

    private final Settings settings;
    private final GitHub github;

    public PullRequests(Settings settings) {
        this.settings = settings;
        try {
            this.github = new GitHubBuilder().withEndpoint(settings.apiUrl()).withOAuthToken(settings.token()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach GitHub at " + settings.apiUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Opens the pull request of {@code change} for action {@code actionId}, or finds the one already opened. */
    public Opened open(String actionId, Source source, ContainerChange change, GitOpsPatcher.Options options, String title,
                       String body) throws IOException, GitAPIException {
        GHRepository repository = github.getRepository(GitHubRepository.parse(source.repoUrl()).fullName());
        String branch = "reclaimer/" + actionId;
        String base = source.branch() == null || source.branch().isBlank() || source.branch().equals("HEAD")
                ? repository.getDefaultBranch() : source.branch();
        List<GHPullRequest> existing = repository.queryPullRequests().head(repository.getOwnerName() + ":" + branch)
                .state(GHIssueState.ALL).list().toList();
        if (!existing.isEmpty()) {
            GHPullRequest pr = existing.get(0);
            return new Opened(pr.getNumber(), pr.getHtmlUrl().toString(), branch, "", true);
        }
        Path dir = settings.workDir().resolve(actionId);
        delete(dir);
        Files.createDirectories(dir);
        CredentialsProvider credentials = new UsernamePasswordCredentialsProvider("x-access-token", settings.token());
        String cloneUrl = settings.cloneUrls().getOrDefault(source.repoUrl(), source.repoUrl());
        try (Git git = Git.cloneRepository().setURI(cloneUrl).setDirectory(dir.toFile()).setBranch(base)
                .setCredentialsProvider(credentials).call()) {
            Path scope = source.path() == null || source.path().isBlank() || source.path().equals(".") ? null
                    : Path.of(source.path());
            PatchReport report = GitOpsPatcher.plan(dir, scope, List.of(change), options);
            PatchReport.Outcome outcome = report.outcomes().get(0);
            if (outcome.status() != PatchReport.Status.CHANGED) {
                throw new IllegalStateException("the repository " + source.repoUrl() + " cannot take the change: " + outcome);
            }
            report.write();
            try (GitWorkTree tree = GitWorkTree.open(dir)) {
                tree.commitOnNewBranch(branch, report.changedPaths(), title + "\n\n" + outcome.message() + "\n",
                        settings.author());
            }
            for (PushResult result : git.push().setRemote("origin").add(branch).setCredentialsProvider(credentials).call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new IllegalStateException("push of " + branch + " to " + source.repoUrl() + " failed: "
                                + update.getStatus() + (update.getMessage() == null ? "" : " " + update.getMessage()));
                    }
                }
            }
            GHPullRequest pr = repository.createPullRequest(title, branch, base, body + "\n\n```diff\n" + report.diff() + "```\n");
            return new Opened(pr.getNumber(), pr.getHtmlUrl().toString(), branch, report.diff(), false);
        } finally {
            delete(dir);
        }
    }

    /** Where a pull request stands. */
    public State state(String repoUrl, int number) throws IOException {
        GHPullRequest pr = github.getRepository(GitHubRepository.parse(repoUrl).fullName()).getPullRequest(number);
        if (pr.getState() == GHIssueState.OPEN) {
            return State.OPEN;
        }
        return pr.isMerged() ? State.MERGED : State.CLOSED;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
