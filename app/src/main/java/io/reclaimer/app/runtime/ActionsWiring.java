package io.reclaimer.app.runtime;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.reclaimer.actions.ActionsConfig;
import io.reclaimer.actions.ActionsService;
import io.reclaimer.actions.aws.SdkAwsClients;
import io.reclaimer.actions.flow.DenyAllGate;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.kubernetes.KubeconfigClusters;
import io.reclaimer.collectors.aws.AwsCollectorConfig;
import java.util.Map;
import java.util.Optional;

/** The actions service of this process: its policy gate, its platforms, its lifecycle. */
public final class ActionsWiring {

    private ActionsWiring() {
    }

    /** The policies of {@code actions.policyDirectory} (read again while running, see {@link ReloadingPolicyGate}), or a gate that denies everything when none is configured. */
    public static PolicyGate gate(ActionsConfig config) {
        return config.hasPolicies() ? ReloadingPolicyGate.load(config.policyDirectory()) : new DenyAllGate();
    }

    /** The actions service acting only in the default credentials' own account (tests; the CLI passes aws.accounts). */
    public static ManagedActions create(KafkaRuntime kafka, ActionsConfig config, PolicyGate gate,
                                        PrometheusRegistry registry, Map<String, String> environment) {
        return create(kafka, config, gate, registry, environment, AwsCollectorConfig.defaults());
    }

    /** The actions service acting in the accounts of {@code aws.accounts}, the list the AWS collector reads. */
    public static ManagedActions create(KafkaRuntime kafka, ActionsConfig config, PolicyGate gate,
                                        PrometheusRegistry registry, Map<String, String> environment,
                                        AwsCollectorConfig aws) {
        return new ManagedActions(kafka, config, gate, registry, environment, aws);
    }

    /**
     * The actions' AWS clients: per account and region, for the accounts of {@code aws.accounts} (one list for the
     * collector and the actions, roles assumed the same way), at {@code actions.aws.endpointOverride}, else at
     * {@code aws.endpointUrl}.
     */
    public static SdkAwsClients awsClients(ActionsConfig config, AwsCollectorConfig aws) {
        ActionsConfig.Aws settings = config.aws().endpointOverride() != null || aws.endpointUrl() == null ? config.aws()
                : config.aws().withEndpointOverride(aws.endpointUrl());
        return new SdkAwsClients(settings, aws.access(), null);
    }

    /** The actions service as a managed service of this process. */
    public static final class ManagedActions implements ManagedService {
        private final KafkaRuntime kafka;
        private final ActionsConfig config;
        private final PolicyGate gate;
        private final PrometheusRegistry registry;
        private final Map<String, String> environment;
        private final AwsCollectorConfig accounts;
        private KubeconfigClusters clusters;
        private SdkAwsClients aws;
        private ActionsService service;

        ManagedActions(KafkaRuntime kafka, ActionsConfig config, PolicyGate gate, PrometheusRegistry registry,
                       Map<String, String> environment, AwsCollectorConfig accounts) {
            this.accounts = accounts;
            this.kafka = kafka;
            this.config = config;
            this.gate = gate;
            this.registry = registry;
            this.environment = environment;
        }

        @Override
        public String name() {
            return "actions";
        }

        @Override
        public void start() {
            clusters = new KubeconfigClusters(config.kubernetes());
            aws = awsClients(config, accounts);
            try {
                var builder = ActionsService.builder(kafka.client(), kafka.topics(), config).gate(gate)
                        .kubernetes(clusters).aws(aws).registry(registry).environment(environment);
                if (config.gitops().enabled()) {
                    // downsizes of Argo CD / Flux workloads become pull requests (docs/gitops.md)
                    builder.changeRequests(GitHubChangeRequests.from(config.gitops()));
                }
                service = builder.start();
            } catch (RuntimeException e) {
                clusters.close();
                aws.close();
                throw e;
            }
        }

        public ActionsService service() {
            return service;
        }

        public Optional<Integer> slackPort() {
            return service == null ? Optional.empty() : service.slackPort();
        }

        /** How Slack's clicks arrive (HTTP endpoint or Socket Mode); empty without Slack. */
        public Optional<String> slackInteractions() {
            return service == null ? Optional.empty() : service.slackInteractions();
        }

        @Override
        public String problem() {
            return service == null ? "not started" : service.problem();
        }

        @Override
        public void close() {
            if (service != null) {
                service.close();
            }
            if (clusters != null) {
                clusters.close();
            }
            if (aws != null) {
                aws.close();
            }
        }
    }
}
