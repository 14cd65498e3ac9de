package io.reclaimer.actions;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Settings of the actions service. Every option has a default, so an empty {@code actions:} section (or
 * none) is a working, safe configuration: without a policy directory every finding is denied.
 *
 * @param policyDirectory    policy set (file or directory) the service asks before acting; empty denies everything (default empty)
 * @param dryRun             record every request as dry-run whatever the policies say: nothing is asked or executed (default false)
 * @param approvalTtl        how long an approval request stays valid when the verdict names no expiry (default 72h)
 * @param snoozeFor          how long Snooze (and an expired request) waits before asking again (default 24h)
 * @param cycleInterval      how often new or changed findings are judged together, as one run (default 5s)
 * @param evaluationInterval how often every current finding is judged again, for grace periods and snoozes (default 1h)
 * @param tickInterval       how often expiries, deferred executions and sleep/wake schedules are checked (default 30s)
 * @param transactionalId    Kafka transactional id of the action journal; a second instance with the same id fences the
 *                           first, so two instances never act at once (default {@code reclaimer-actions})
 * @param integrityKeyFile   file holding the key (at least 32 bytes) with which the journal signs every record of the
 *                           action topics; records without a valid tag are refused and audited. Created with a random
 *                           key when missing (default {@code reclaimer-data/actions-integrity.key})
 * @param slack              approvals in Slack
 * @param kubernetes         how clusters named in findings are reached
 * @param aws                how AWS is reached
 * @param gitops             downsizes of GitOps-managed workloads as pull requests (docs/gitops.md)
 * @param policyReloadInterval how often the policy directory is read again: a changed set (by content, so a
 *                           ConfigMap's symlink swap counts) takes effect without a restart; an invalid one holds
 *                           every action until it is fixed (default 30s)
 */
public record ActionsConfig(Path policyDirectory, Boolean dryRun, Duration approvalTtl, Duration snoozeFor,
                            Duration cycleInterval, Duration evaluationInterval, Duration tickInterval,
                            String transactionalId, Path integrityKeyFile, Slack slack, Kubernetes kubernetes, Aws aws,
                            GitOps gitops, Duration policyReloadInterval) {

    public static final ActionsConfig DEFAULTS = new ActionsConfig(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    /** The settings before GitOps existed (no pull requests). */
    public ActionsConfig(Path policyDirectory, Boolean dryRun, Duration approvalTtl, Duration snoozeFor,
                         Duration cycleInterval, Duration evaluationInterval, Duration tickInterval,
                         String transactionalId, Path integrityKeyFile, Slack slack, Kubernetes kubernetes, Aws aws) {
        this(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval, tickInterval,
                transactionalId, integrityKeyFile, slack, kubernetes, aws, null, null);
    }

    public ActionsConfig {
        dryRun = dryRun != null && dryRun;
        approvalTtl = positive(approvalTtl, Duration.ofHours(72), "actions.approvalTtl");
        snoozeFor = positive(snoozeFor, Duration.ofHours(24), "actions.snoozeFor");
        cycleInterval = positive(cycleInterval, Duration.ofSeconds(5), "actions.cycleInterval");
        evaluationInterval = positive(evaluationInterval, Duration.ofHours(1), "actions.evaluationInterval");
        tickInterval = positive(tickInterval, Duration.ofSeconds(30), "actions.tickInterval");
        transactionalId = transactionalId == null || transactionalId.isBlank() ? "reclaimer-actions" : transactionalId;
        integrityKeyFile = integrityKeyFile == null || integrityKeyFile.toString().isBlank()
                ? Path.of("reclaimer-data", "actions-integrity.key") : integrityKeyFile;
        slack = slack == null ? Slack.DEFAULTS : slack;
        kubernetes = kubernetes == null ? Kubernetes.DEFAULTS : kubernetes;
        aws = aws == null ? Aws.DEFAULTS : aws;
        gitops = gitops == null ? GitOps.DEFAULTS : gitops;
        policyReloadInterval = positive(policyReloadInterval, Duration.ofSeconds(30), "actions.policyReloadInterval");
    }

    public boolean hasPolicies() {
        return policyDirectory != null && !policyDirectory.toString().isBlank();
    }

    public ActionsConfig withPolicyDirectory(Path directory) {
        return new ActionsConfig(directory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, transactionalId, integrityKeyFile, slack, kubernetes, aws, gitops, policyReloadInterval);
    }

    public ActionsConfig withSlack(Slack settings) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, transactionalId, integrityKeyFile, settings, kubernetes, aws, gitops, policyReloadInterval);
    }

    public ActionsConfig withIntervals(Duration cycle, Duration tick) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycle, evaluationInterval, tick,
                transactionalId, integrityKeyFile, slack, kubernetes, aws, gitops, policyReloadInterval);
    }

    public ActionsConfig withIntegrityKeyFile(Path file) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, transactionalId, file, slack, kubernetes, aws, gitops, policyReloadInterval);
    }

    public ActionsConfig withEvaluationInterval(Duration interval) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, interval, tickInterval,
                transactionalId, integrityKeyFile, slack, kubernetes, aws, gitops, policyReloadInterval);
    }

    public ActionsConfig withPolicyReloadInterval(Duration interval) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, transactionalId, integrityKeyFile, slack, kubernetes, aws, gitops, interval);
    }

    public ActionsConfig withAws(Aws settings) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, transactionalId, integrityKeyFile, slack, kubernetes, settings, gitops, policyReloadInterval);
    }

    public ActionsConfig withTransactionalId(String id) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, id, integrityKeyFile, slack, kubernetes, aws, gitops, policyReloadInterval);
    }

    public ActionsConfig withGitOps(GitOps settings) {
        return new ActionsConfig(policyDirectory, dryRun, approvalTtl, snoozeFor, cycleInterval, evaluationInterval,
                tickInterval, transactionalId, integrityKeyFile, slack, kubernetes, aws, settings, policyReloadInterval);
    }

    /**
     * Approvals in Slack. The bot token, signing secret and app-level token never appear here: they come from
     * {@code SLACK_BOT_TOKEN} / {@code SLACK_SIGNING_SECRET} / {@code SLACK_APP_TOKEN} or from the files named below.
     *
     * @param channel           channel (id or {@code #name}) approval requests are posted to (default {@code #reclaimer-approvals})
     * @param apiUrl            Slack Web API base URL, for Slack-compatible servers and tests (default {@code https://slack.com/api/})
     * @param port              port of the interactions endpoint {@code POST /slack/events} (default 3000; 0 picks a free one)
     * @param bindAddress       interface the endpoint listens on (default {@code 0.0.0.0})
     * @param botTokenFile      file holding the bot token, read when {@code SLACK_BOT_TOKEN} is unset (default none)
     * @param signingSecretFile file holding the signing secret, read when {@code SLACK_SIGNING_SECRET} is unset (default none)
     * @param mode              how clicks arrive: {@code http} (Slack posts to the endpoint above) or {@code socket}
     *                          (Socket Mode: an outbound WebSocket, no inbound port) (default {@code http})
     * @param appTokenFile      file holding the app-level token ({@code xapp-...}, scope {@code connections:write}) Socket
     *                          Mode connects with, read when {@code SLACK_APP_TOKEN} is unset (default none)
     */
    public record Slack(String channel, String apiUrl, Integer port, String bindAddress, Path botTokenFile,
                        Path signingSecretFile, String mode, Path appTokenFile) {

        public static final Slack DEFAULTS = new Slack(null, null, null, null, null, null, null, null);
        public static final String DEFAULT_API_URL = "https://slack.com/api/";
        public static final String HTTP = "http";
        public static final String SOCKET = "socket";

        public Slack {
            channel = channel == null || channel.isBlank() ? "#reclaimer-approvals" : channel;
            apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
            if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
                throw new IllegalArgumentException("actions.slack.apiUrl must be an http(s) URL, was " + apiUrl);
            }
            port = port == null ? 3000 : port;
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("actions.slack.port must be within 0..65535, was " + port);
            }
            bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
            mode = mode == null || mode.isBlank() ? HTTP : mode.trim();
            if (!mode.equals(HTTP) && !mode.equals(SOCKET)) {
                throw new IllegalArgumentException("actions.slack.mode must be http or socket, was " + mode);
            }
        }

        public boolean socketMode() {
            return SOCKET.equals(mode);
        }

        public Slack withApiUrl(String url) {
            return new Slack(channel, url, port, bindAddress, botTokenFile, signingSecretFile, mode, appTokenFile);
        }

        public Slack withPort(Integer newPort) {
            return new Slack(channel, apiUrl, newPort, bindAddress, botTokenFile, signingSecretFile, mode, appTokenFile);
        }

        public Slack withMode(String newMode) {
            return new Slack(channel, apiUrl, port, bindAddress, botTokenFile, signingSecretFile, newMode, appTokenFile);
        }
    }

    /**
     * How the clusters named in findings are reached. A finding's cluster is looked up in {@code eks} first, then
     * in {@code contexts}; a cluster listed in neither is reached through the kubeconfig context of the same name.
     *
     * @param kubeconfig path of the kubeconfig file (default: fabric8's usual lookup: {@code KUBECONFIG},
     *                   {@code ~/.kube/config}, or the in-cluster service account)
     * @param contexts   cluster name (as in findings) → kubeconfig context (default none)
     * @param inCluster  the name of the cluster this service runs in, reached through its service account (default none)
     * @param eks        EKS clusters reached with bearer tokens this service generates from its own AWS identity
     *                   (as {@code aws eks get-token} does, without any binary), refreshed before they expire (default none)
     */
    public record Kubernetes(Path kubeconfig, Map<String, String> contexts, String inCluster, List<EksCluster> eks) {

        public static final Kubernetes DEFAULTS = new Kubernetes(null, null, null, null);

        public Kubernetes {
            contexts = contexts == null ? Map.of() : Map.copyOf(contexts);
            inCluster = inCluster == null ? "" : inCluster;
            eks = eks == null ? List.of() : List.copyOf(eks);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (EksCluster cluster : eks) {
                if (!seen.add(cluster.cluster())) {
                    throw new IllegalArgumentException("actions.kubernetes.eks lists cluster " + cluster.cluster() + " twice");
                }
            }
        }

        public java.util.Optional<EksCluster> eks(String cluster) {
            return eks.stream().filter(e -> e.cluster().equals(cluster)).findFirst();
        }
    }

    /**
     * An EKS cluster the actions service reaches with tokens it generates: a presigned STS
     * {@code GetCallerIdentity} URL naming the cluster, signed with this service's AWS credentials (the default
     * chain: IRSA, EKS Pod Identity, environment, profile) or with a role it assumes first.
     *
     * @param cluster                  the cluster's id as in findings (required)
     * @param name                     the EKS cluster name the token is for (default: {@code cluster})
     * @param region                   the cluster's AWS region (required)
     * @param endpoint                 the API server endpoint, {@code https://...eks.amazonaws.com} (required)
     * @param certificateAuthorityData the cluster's CA certificate, base64 as {@code aws eks describe-cluster} prints it
     *                                 (default none: the JVM's trust store)
     * @param roleArn                  a role to assume for this cluster (default none: the service's own identity)
     * @param stsEndpoint              the STS endpoint the token is presigned for (default
     *                                 {@code https://sts.<region>.amazonaws.com}; other values are for tests: EKS only
     *                                 accepts AWS's STS hosts)
     */
    public record EksCluster(String cluster, String name, String region, URI endpoint, String certificateAuthorityData,
                             String roleArn, URI stsEndpoint) {

        public EksCluster {
            if (cluster == null || cluster.isBlank()) {
                throw new IllegalArgumentException("actions.kubernetes.eks[].cluster is required");
            }
            name = name == null || name.isBlank() ? cluster : name;
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("actions.kubernetes.eks[] " + cluster + ": region is required");
            }
            if (endpoint == null || endpoint.getHost() == null
                    || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))) {
                throw new IllegalArgumentException("actions.kubernetes.eks[] " + cluster
                        + ": endpoint must be the API server's https URL, was " + endpoint);
            }
            certificateAuthorityData = certificateAuthorityData == null ? "" : certificateAuthorityData.trim();
            roleArn = roleArn == null ? "" : roleArn.trim();
            stsEndpoint = stsEndpoint == null ? URI.create("https://sts." + region + ".amazonaws.com") : stsEndpoint;
        }
    }

    /**
     * How AWS is reached. Which accounts, and with which roles, is not here: it is {@code aws.accounts}, the one list
     * the collector reads the accounts with (the wiring passes it to the clients); one client per account and region.
     *
     * @param endpointOverride      one endpoint for EC2, ELB and STS, for AWS-compatible servers and tests (default
     *                              none: {@code aws.endpointUrl} when that is set, else the real AWS endpoints)
     * @param snapshotPollInterval  how often a snapshot's progress is polled before deleting its volume (default 15s)
     * @param snapshotTimeout       how long to wait for a snapshot to complete before failing the delete (default 2h)
     */
    public record Aws(URI endpointOverride, Duration snapshotPollInterval, Duration snapshotTimeout) {

        public static final Aws DEFAULTS = new Aws(null, null, null);

        public Aws {
            snapshotPollInterval = positive(snapshotPollInterval, Duration.ofSeconds(15), "actions.aws.snapshotPollInterval");
            snapshotTimeout = positive(snapshotTimeout, Duration.ofHours(2), "actions.aws.snapshotTimeout");
        }

        public Aws withEndpointOverride(URI endpoint) {
            return new Aws(endpoint, snapshotPollInterval, snapshotTimeout);
        }
    }

    /**
     * Downsizes of workloads Argo CD or Flux manage become pull requests against the repository they are synced
     * from, instead of live changes the next sync would undo. The token never appears here: it is read from
     * {@code tokenFile}.
     *
     * @param enabled         open pull requests for GitOps-managed targets (default false: such downsizes are made live,
     *                        as before, and the revert watch notices when the controller undoes them)
     * @param argoCdNamespace namespace of Argo CD's Applications when their tracking id does not name one (default {@code argocd})
     * @param repositories    {@code argocd:NAMESPACE/NAME} or {@code flux:NAMESPACE/NAME} → {@code url}, {@code path},
     *                        {@code branch}: wins over what the Application or Kustomization says (default none)
     * @param apiUrl          GitHub REST API base URL (default {@code https://api.github.com})
     * @param tokenFile       file holding a GitHub token allowed to push branches and open pull requests (required when enabled)
     * @param workDir         where repositories are cloned, one directory per action, removed afterwards
     *                        (default {@code ${java.io.tmpdir}/reclaimer-gitops})
     * @param author          author of the commits, {@code Name <email>} (default {@code Reclaimer <reclaimer@localhost>})
     * @param cloneUrls       repository URL → URL to clone and push instead (a mirror) (default none)
     */
    public record GitOps(Boolean enabled, String argoCdNamespace, Map<String, Repository> repositories, String apiUrl,
                         Path tokenFile, Path workDir, String author, Map<String, String> cloneUrls) {

        public static final GitOps DEFAULTS = new GitOps(null, null, null, null, null, null, null, null);

        /** Where a GitOps application's YAML lives. */
        public record Repository(String url, String path, String branch) {
            public Repository {
                if (url == null || url.isBlank()) {
                    throw new IllegalArgumentException("actions.gitops.repositories: every repository needs a url");
                }
                path = path == null ? "" : path;
                branch = branch == null ? "" : branch;
            }
        }

        public GitOps {
            enabled = enabled != null && enabled;
            argoCdNamespace = argoCdNamespace == null || argoCdNamespace.isBlank() ? "argocd" : argoCdNamespace;
            repositories = repositories == null ? Map.of() : Map.copyOf(repositories);
            apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://api.github.com" : apiUrl;
            if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
                throw new IllegalArgumentException("actions.gitops.apiUrl must be an http(s) URL, was " + apiUrl);
            }
            workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "reclaimer-gitops") : workDir;
            author = author == null || author.isBlank() ? "Reclaimer <reclaimer@localhost>" : author;
            if (!author.matches("[^<>]+<[^<>]+>")) {
                throw new IllegalArgumentException("actions.gitops.author must be 'Name <email>', was " + author);
            }
            cloneUrls = cloneUrls == null ? Map.of() : Map.copyOf(cloneUrls);
            if (enabled && tokenFile == null) {
                throw new IllegalArgumentException("actions.gitops.tokenFile is required when actions.gitops.enabled is true");
            }
        }
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
        return value;
    }
}
