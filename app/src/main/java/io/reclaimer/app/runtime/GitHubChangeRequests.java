package io.reclaimer.app.runtime;

import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.gitops.ChangeRequests;
import io.reclaimer.gitops.patch.ContainerChange;
import io.reclaimer.gitops.patch.GitOpsPatcher;
import io.reclaimer.gitops.pullrequest.PullRequests;
import io.reclaimer.model.rightsizing.RequestPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;

/** The actions service's change requests, made by the gitops module's GitHub pull requests. */
final class GitHubChangeRequests implements ChangeRequests {

    private final PullRequests pullRequests;

    GitHubChangeRequests(PullRequests pullRequests) {
        this.pullRequests = pullRequests;
    }

    /** From {@code actions.gitops}: the token is read from its file, never logged. */
    static GitHubChangeRequests from(ActionsConfig.GitOps config) {
        String token;
        try {
            token = Files.readString(config.tokenFile()).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("actions.gitops.tokenFile " + config.tokenFile() + " cannot be read: "
                    + e.getMessage(), e);
        }
        String author = config.author();
        int open = author.indexOf('<');
        PersonIdent ident = new PersonIdent(author.substring(0, open).trim(),
                author.substring(open + 1, author.indexOf('>')).trim());
        return new GitHubChangeRequests(new PullRequests(new PullRequests.Settings(config.apiUrl(), token,
                config.workDir(), ident, config.cloneUrls())));
    }

    @Override
    public Proposal propose(Change change) throws Exception {
        var ref = change.container();
        ContainerChange container = new ContainerChange(ref.cluster(), ref.namespace(), ref.workloadKind(),
                ref.workloadName(), ref.container(), decimal(change.cpuRequestCores()), decimal(change.memoryRequestBytes()),
                change.annotations(), List.of());
        PullRequests.Opened opened = pullRequests.open(change.actionId(), new PullRequests.Source(change.source().repoUrl(),
                change.source().path(), change.source().branch()), container,
                new GitOpsPatcher.Options(RequestPlan.Limits.parse(change.limits()), Map.of()), change.title(), change.body());
        return new Proposal(opened.number(), opened.url(), opened.branch(), opened.existed());
    }

    @Override
    public State state(String repoUrl, int number) throws Exception {
        return switch (pullRequests.state(repoUrl, number)) {
            case OPEN -> State.OPEN;
            case MERGED -> State.MERGED;
            case CLOSED -> State.CLOSED;
        };
    }

    private static BigDecimal decimal(String value) {
        return value == null || value.isBlank() ? null : new BigDecimal(value);
    }
}
