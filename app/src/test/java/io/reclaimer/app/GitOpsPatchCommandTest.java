package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reclaimer gitops patch}: the recommendations of a report become a reviewed commit on a new branch. */
class GitOpsPatchCommandTest {

    private static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web   # the storefront
              namespace: shop
            spec:
              template:
                spec:
                  containers:
                    - name: nginx
                      resources:
                        requests:
                          cpu: 1
                          memory: 1Gi
            """;

    private static final String REPORT = """
            {"recommendations": [
              {"cluster": "prod-eu", "namespace": "shop", "workload": "Deployment/web", "container": "nginx",
               "cpu": {"request": 1.0, "target": 0.2, "lowerBound": 0.1, "upperBound": 0.3},
               "memory": {"request": 1073741824, "target": 268435456, "lowerBound": 1, "upperBound": 536870912}},
              {"cluster": "prod-eu", "namespace": "shop", "workload": "Deployment/api", "container": "app",
               "cpu": {"request": 1.0, "target": 0.2, "lowerBound": 0.1, "upperBound": 0.3},
               "memory": {"request": 1073741824, "target": 268435456, "lowerBound": 1, "upperBound": 536870912}}],
             "findings": []}
            """;

    @TempDir
    Path dir;

    @Test
    void printsTheDiffSaysWhatItSkippedAndCommitsOnANewBranch() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("apps"));
        Files.writeString(repo.resolve("apps/web.yaml"), MANIFEST);
        PersonIdent me = new PersonIdent("Dev", "dev@example.com");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("web").setAuthor(me).setCommitter(me).call();
        }
        Path report = Files.writeString(dir.resolve("report.json"), REPORT);

        CliTest.Result result = CliTest.run("gitops", "patch", "--repo", repo.toString(), "--recommendations",
                report.toString(), "--to", "upper-bound", "--commit", "--branch", "rightsize/web", "--author",
                "Reclaimer <reclaimer@example.com>");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("""
                --- a/apps/web.yaml
                +++ b/apps/web.yaml
                @@ -10,5 +10,5 @@
                         - name: nginx
                           resources:
                             requests:
                -              cpu: 1
                -              memory: 1Gi
                +              cpu: 300m
                +              memory: 512Mi
                """);
        assertThat(result.err()).contains("shop/Deployment/web/nginx: changed in manifest apps/web.yaml:10: "
                + "requests.cpu 1 -> 300m, requests.memory 1Gi -> 512Mi")
                .contains("shop/Deployment/api/app: skipped: no manifest, kustomize patch or values mapping")
                .contains("on branch rightsize/web (1 file(s))");
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.getRepository().getBranch()).isEqualTo("rightsize/web");
            RevCommit head = git.log().setMaxCount(1).call().iterator().next();
            assertThat(head.getAuthorIdent().getName()).isEqualTo("Reclaimer");
            assertThat(head.getFullMessage()).startsWith("rightsize: requests of 1 container(s)");
            assertThat(git.status().call().isClean()).isTrue();
        }
        assertThat(Files.readString(repo.resolve("apps/web.yaml"))).contains("name: web   # the storefront");
    }

    @Test
    void refusesToCommitOverUncommittedChangesInTheFilesItEdits() throws Exception {
        Path repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("apps"));
        Files.writeString(repo.resolve("apps/web.yaml"), MANIFEST);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("web").setAuthor(new PersonIdent("Dev", "dev@example.com")).call();
        }
        Files.writeString(repo.resolve("apps/web.yaml"), MANIFEST.replace("# the storefront", "# mine"));
        Path report = Files.writeString(dir.resolve("report.json"), REPORT);

        CliTest.Result result = CliTest.run("gitops", "patch", "--repo", repo.toString(), "--recommendations",
                report.toString(), "--commit");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("uncommitted changes in apps/web.yaml: commit or stash them first");
        assertThat(Files.readString(repo.resolve("apps/web.yaml"))).contains("# mine").contains("cpu: 1\n");
    }
}
