package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.app.config.ConfigException;
import io.reclaimer.app.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code actions.gitops}: pull requests for GitOps-managed downsizes, off by default, validated at start-up. */
class GitOpsConfigTest {

    @TempDir
    Path dir;

    @Test
    void offByDefaultAndReadFromTheFile() throws Exception {
        assertThat(ConfigLoader.load(null, Map.of()).actions().gitops().enabled()).isFalse();
        Path file = Files.writeString(dir.resolve("reclaimer.yaml"), """
                actions:
                  gitops:
                    enabled: true
                    tokenFile: /var/run/secrets/github/token
                    apiUrl: https://github.example.com/api/v3
                    repositories:
                      "argocd:argocd/shop": {url: "https://github.com/acme/shop-deploy.git", path: apps/shop, branch: main}
                """);
        ActionsConfig.GitOps gitops = ConfigLoader.load(file, Map.of()).actions().gitops();
        assertThat(gitops.enabled()).isTrue();
        assertThat(gitops.apiUrl()).isEqualTo("https://github.example.com/api/v3");
        assertThat(gitops.argoCdNamespace()).isEqualTo("argocd");
        assertThat(gitops.author()).isEqualTo("Reclaimer <reclaimer@localhost>");
        assertThat(gitops.repositories()).containsEntry("argocd:argocd/shop", new ActionsConfig.GitOps.Repository(
                "https://github.com/acme/shop-deploy.git", "apps/shop", "main"));
    }

    @Test
    void enabledWithoutATokenFileFailsAtStartUpNamingTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("reclaimer.yaml"), """
                actions:
                  gitops:
                    enabled: true
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("actions.gitops.tokenFile is required when actions.gitops.enabled is true");
    }
}
