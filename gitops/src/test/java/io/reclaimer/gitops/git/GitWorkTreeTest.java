package io.reclaimer.gitops.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.gitops.patch.ContainerChange;
import io.reclaimer.gitops.patch.GitOpsPatcher;
import io.reclaimer.gitops.patch.PatchReport;
import io.reclaimer.gitops.patch.TempRepo;
import io.reclaimer.model.rightsizing.RequestPlan.Limits;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitWorkTreeTest {

    @TempDir
    Path dir;

    @Test
    void theEditIsCommittedAloneOnANewBranchOnTopOfTheCheckedOutOne() throws Exception {
        Path repo = TempRepo.create(dir, "kustomize");
        Files.writeString(repo.resolve("NOTES.md"), "work in progress, not ours\n");
        PatchReport report = GitOpsPatcher.plan(repo, Path.of("overlays/prod"), List.of(new ContainerChange("prod-eu",
                "shop-prod", "Deployment", "cart", "app", new BigDecimal("0.75"), BigDecimal.valueOf(2L << 30), Map.of(),
                List.of())), new GitOpsPatcher.Options(Limits.PROPORTIONAL, Map.of()));
        report.write();

        try (GitWorkTree tree = GitWorkTree.open(repo)) {
            assertThat(tree.uncommitted(report.changedPaths())).containsExactly("overlays/prod/resources.yaml");
            GitWorkTree.Commit commit = tree.commitOnNewBranch("reclaimer/rightsize-1", report.changedPaths(),
                    "rightsize: cart", TempRepo.AUTHOR);
            assertThat(tree.branch()).isEqualTo("reclaimer/rightsize-1");
            Git git = tree.git();
            try (RevWalk walk = new RevWalk(git.getRepository()); ObjectReader reader = git.getRepository().newObjectReader()) {
                RevCommit head = walk.parseCommit(git.getRepository().resolve(commit.id()));
                RevCommit parent = walk.parseCommit(head.getParent(0));
                assertThat(parent.getFullMessage()).isEqualTo("the kustomize layout");
                CanonicalTreeParser a = new CanonicalTreeParser(null, reader, parent.getTree());
                CanonicalTreeParser b = new CanonicalTreeParser(null, reader, head.getTree());
                assertThat(git.diff().setOldTree(a).setNewTree(b).call()).extracting(DiffEntry::getNewPath)
                        .containsExactly("overlays/prod/resources.yaml");
                assertThat(head.getAuthorIdent().getName()).isEqualTo("Test");
            }
            // the untracked note is left where it was, uncommitted
            assertThat(git.status().call().getUntracked()).containsExactly("NOTES.md");
            assertThatThrownBy(() -> tree.commitOnNewBranch("reclaimer/rightsize-1", report.changedPaths(), "again",
                    TempRepo.AUTHOR)).hasMessage("branch reclaimer/rightsize-1 already exists");
        }
    }

    @Test
    void aDirectoryThatIsNotAWorkingTreeIsAClearError() {
        assertThatThrownBy(() -> GitWorkTree.open(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a Git working tree");
    }
}
