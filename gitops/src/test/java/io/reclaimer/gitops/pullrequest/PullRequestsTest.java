package io.reclaimer.gitops.pullrequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.gitops.patch.ContainerChange;
import io.reclaimer.gitops.patch.GitOpsPatcher;
import io.reclaimer.gitops.patch.TempRepo;
import io.reclaimer.model.rightsizing.RequestPlan.Limits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pull request against a local bare repository (push) and a local server answering GitHub's API formats. */
class PullRequestsTest {

    private static final String REPO_URL = "https://github.com/acme/shop-deploy.git";

    @TempDir
    Path dir;

    private FakeGitHub github;
    private Path bare;
    private PullRequests pullRequests;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        Path seed = TempRepo.create(dir.resolve("seed"), "kustomize");
        bare = dir.resolve("shop-deploy.git");
        Git.cloneRepository().setURI(seed.toUri().toString()).setDirectory(bare.toFile()).setBare(true).call().close();
        pullRequests = new PullRequests(new PullRequests.Settings(github.apiUrl(), "ghp_test", dir.resolve("work"),
                TempRepo.AUTHOR, Map.of(REPO_URL, bare.toUri().toString())));
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void pushesTheEditOnItsOwnBranchAndOpensThePullRequestWithTheBodyAndTheDiff() throws Exception {
        PullRequests.Opened opened = pullRequests.open("downsize-0123456789abcdef0123",
                new PullRequests.Source(REPO_URL, "overlays/prod", "main"), change(), options(),
                "Rightsize shop-prod/cart/app", "Saves 42.50 USD/month.\n\nEvidence: p90 CPU 0.3 cores.");

        assertThat(opened.number()).isEqualTo(7);
        assertThat(opened.url()).isEqualTo("https://github.com/acme/shop-deploy/pull/7");
        assertThat(opened.existed()).isFalse();
        assertThat(opened.diff()).contains("-              cpu: 1500m   # black friday, 2025",
                "+              cpu: 750m   # black friday, 2025");
        FakeGitHub.Request create = github.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(create.authorization()).isEqualTo("token ghp_test");
        assertThat(create.body()).contains("\"head\":\"reclaimer/downsize-0123456789abcdef0123\"", "\"base\":\"main\"");
        assertThat(github.pullRequestBody()).startsWith("Saves 42.50 USD/month.\n\nEvidence: p90 CPU 0.3 cores.")
                .contains("```diff\n--- a/overlays/prod/resources.yaml");
        // the branch is in the remote repository with exactly the edit, on top of main
        try (Git remote = Git.open(bare.toFile())) {
            Repository repository = remote.getRepository();
            ObjectId head = repository.resolve("refs/heads/reclaimer/downsize-0123456789abcdef0123");
            try (RevWalk walk = new RevWalk(repository)) {
                RevCommit commit = walk.parseCommit(head);
                assertThat(commit.getParent(0)).isEqualTo(repository.resolve("refs/heads/main"));
                assertThat(commit.getFullMessage()).startsWith("Rightsize shop-prod/cart/app");
                try (TreeWalk file = TreeWalk.forPath(repository, "overlays/prod/resources.yaml", commit.getTree())) {
                    ObjectLoader loader = repository.open(file.getObjectId(0));
                    assertThat(new String(loader.getBytes(), StandardCharsets.UTF_8)).contains("cpu: 750m   # black friday")
                            .contains("memory: 2Gi");
                }
            }
        }
        assertThat(pullRequests.state(REPO_URL, 7)).isEqualTo(PullRequests.State.OPEN);
        github.close(true);
        assertThat(pullRequests.state(REPO_URL, 7)).isEqualTo(PullRequests.State.MERGED);
    }

    @Test
    void aSecondAttemptFindsThePullRequestInsteadOfOpeningAnother() throws Exception {
        PullRequests.Source source = new PullRequests.Source(REPO_URL, "overlays/prod", "main");
        pullRequests.open("downsize-1", source, change(), options(), "t", "b");
        PullRequests.Opened again = pullRequests.open("downsize-1", source, change(), options(), "t", "b");
        assertThat(again.existed()).isTrue();
        assertThat(again.number()).isEqualTo(7);
        assertThat(github.requests().stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(1);
        github.close(false);
        assertThat(pullRequests.state(REPO_URL, 7)).isEqualTo(PullRequests.State.CLOSED);
    }

    @Test
    void aRepositoryThatCannotTakeTheChangeOpensNothing() {
        ContainerChange unknown = new ContainerChange("prod-eu", "shop-prod", "Deployment", "nope", "app",
                new BigDecimal("0.5"), null, Map.of(), List.of());
        assertThatThrownBy(() -> pullRequests.open("downsize-2", new PullRequests.Source(REPO_URL, "overlays/prod", "main"),
                unknown, options(), "t", "b")).hasMessageContaining("cannot take the change")
                .hasMessageContaining("skipped: no manifest");
        assertThat(github.requests()).noneMatch(r -> r.method().equals("POST"));
    }

    @Test
    void repositoryUrlsInEveryForm() {
        assertThat(GitHubRepository.parse("https://github.com/acme/shop-deploy.git").fullName()).isEqualTo("acme/shop-deploy");
        assertThat(GitHubRepository.parse("git@github.com:acme/shop-deploy.git").fullName()).isEqualTo("acme/shop-deploy");
        assertThat(GitHubRepository.parse("ssh://git@github.com/acme/shop-deploy").fullName()).isEqualTo("acme/shop-deploy");
        assertThatThrownBy(() -> GitHubRepository.parse("oci://registry/charts")).hasMessageContaining("not a GitHub");
    }

    private static ContainerChange change() {
        return new ContainerChange("prod-eu", "shop-prod", "Deployment", "cart", "app", new BigDecimal("0.75"),
                BigDecimal.valueOf(2L << 30), Map.of(), List.of());
    }

    private static GitOpsPatcher.Options options() {
        return new GitOpsPatcher.Options(Limits.PROPORTIONAL, Map.of());
    }
}
