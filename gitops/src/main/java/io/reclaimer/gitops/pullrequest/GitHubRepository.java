package io.reclaimer.gitops.pullrequest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code owner/name} of a GitHub repository from the URL a GitOps tool clones it by (https, ssh or scp form). */
record GitHubRepository(String owner, String name) {

    private static final Pattern URL = Pattern.compile(
            "^(?:https?://[^/]+/|ssh://git@[^/]+/|git@[^:]+:)([^/]+)/([^/]+?)(?:\\.git)?/?$");

    public static GitHubRepository parse(String url) {
        Matcher m = URL.matcher(url.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a GitHub repository URL: " + url);
        }
        return new GitHubRepository(m.group(1), m.group(2));
    }

    public String fullName() {
        return owner + "/" + name;
    }
}
