package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.cloud.LoadBalancer;
import io.reclaimer.model.findings.FindingKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * Deletes an idle load balancer: an ALB, NLB or GWLB (ELBv2) or a classic ELB, only when it still has no healthy
 * target right before the delete. Not reversible: a load balancer's DNS name cannot be recovered; its
 * configuration at the time of the delete is kept in the previous state for a human.
 *
 * <p>Load balancers are found by name, and a name is not an identity: one deleted and created again under the
 * same name, or one of the same name in another account, is another load balancer. So the one found must be the
 * one priced: its ARN's account, region and resource part ({@code app/NAME/ID}, whose last part AWS generates at
 * creation) must be the target's, and the ARN the finding recorded; a classic ELB, which has no ARN to list, must
 * have the DNS name the finding recorded (generated at creation too). The delete then names that ARN.
 */
public final class LoadBalancerDeleteExecutor implements ActionExecutor {

    private static final Pattern ARN = Pattern.compile("arn:[^:]+:elasticloadbalancing:([^:]+):(\\d{12}):loadbalancer/(.+)");

    private final AwsClients aws;

    public LoadBalancerDeleteExecutor(AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.DELETE && kind == FindingKind.IDLE_LOAD_BALANCER;
    }

    static boolean classic(ActionRequest request) {
        return "classic".equalsIgnoreCase(request.currentState().getOrDefault(ActionParameters.LOAD_BALANCER_TYPE, ""));
    }

    /** The load balancer's name: the evidence's, or the middle of {@code app/NAME/id}, or the id itself. */
    static String name(ActionRequest request, CloudResourceRef ref) {
        String name = request.currentState().get(ActionParameters.LOAD_BALANCER_NAME);
        if (name != null && !name.isBlank()) {
            return name;
        }
        String[] parts = ref.resourceId().split("/");
        return parts.length == 3 ? parts[1] : ref.resourceId();
    }

    /** What an ELBv2 ARN says about its load balancer: account, region and resource part. */
    static TargetIdentity.Aws identityOf(String arn, String dnsName) {
        Matcher m = ARN.matcher(arn == null ? "" : arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a load balancer ARN: " + arn);
        }
        return TargetIdentity.Aws.loadBalancer(CloudResourceRef.aws(m.group(2), m.group(1), m.group(3)), arn, dnsName);
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        return AwsTargets.checking(() -> checkTarget(request));
    }

    private Check checkTarget(ActionRequest request) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        String name = name(request, ref);
        TargetIdentity.Aws expected = AwsTargets.expected(request, ref, TargetIdentity.Aws.LOAD_BALANCER);
        if (classic(request)) {
            if (!expected.unique()) {
                return Check.changed("no DNS name was recorded for classic load balancer " + name + " when it was priced: "
                        + "a name alone cannot tell it from one created again under that name, so it is not deleted");
            }
            ElasticLoadBalancingClient elb = aws.elb(ref.account(), ref.region());
            LoadBalancerDescription lb;
            try {
                List<LoadBalancerDescription> found = elb.describeLoadBalancers(r -> r.loadBalancerNames(name))
                        .loadBalancerDescriptions();
                if (found.isEmpty()) {
                    return Check.done("the load balancer no longer exists", Map.of("state", "deleted"));
                }
                lb = found.get(0);
            } catch (LoadBalancerNotFoundException e) {
                return Check.done("the load balancer no longer exists", Map.of("state", "deleted"));
            }
            Optional<String> other = AwsTargets.notPriced(request, expected,
                    TargetIdentity.Aws.loadBalancer(ref, null, lb.dnsName()));
            if (other.isPresent()) {
                return Check.changed(other.get(), Map.of("dnsName", String.valueOf(lb.dnsName())));
            }
            long inService = elb.describeInstanceHealth(r -> r.loadBalancerName(name)).instanceStates().stream()
                    .filter(s -> LoadBalancer.healthyTarget(s.state())).count();
            if (!LoadBalancer.idle((int) inService)) {
                return Check.changed(inService + " instance(s) are InService behind it now");
            }
            Map<String, String> previous = new LinkedHashMap<>();
            previous.put(ActionParameters.LOAD_BALANCER_NAME, name);
            previous.put(ActionParameters.LOAD_BALANCER_TYPE, "classic");
            AwsTargets.putIfPresent(previous, "dnsName", lb.dnsName());
            AwsTargets.putIfPresent(previous, "scheme", lb.scheme());
            previous.put("instances", String.valueOf(lb.instances().size()));
            Map<String, String> tags = new LinkedHashMap<>();
            elb.describeTags(r -> r.loadBalancerNames(name)).tagDescriptions()
                    .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
            return Check.original(previous, Map.of("state", "deleted")).withFacts(TargetFacts.tags(tags));
        }
        ElasticLoadBalancingV2Client elbv2 = aws.elbv2(ref.account(), ref.region());
        software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer lb;
        try {
            var found = elbv2.describeLoadBalancers(r -> r.names(name)).loadBalancers();
            if (found.isEmpty()) {
                return Check.done("the load balancer no longer exists", Map.of("state", "deleted"));
            }
            lb = found.get(0);
        } catch (software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException e) {
            return Check.done("the load balancer no longer exists", Map.of("state", "deleted"));
        }
        Optional<String> other = AwsTargets.notPriced(request, expected, identityOf(lb.loadBalancerArn(), lb.dnsName()));
        if (other.isPresent()) {
            // the name is taken by another load balancer: the priced one is gone, and this one is not ours to delete
            return Check.changed(other.get(), Map.of("arn", lb.loadBalancerArn()));
        }
        int healthy = 0;
        List<TargetGroup> groups = elbv2.describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn())).targetGroups();
        for (TargetGroup group : groups) {
            healthy += (int) elbv2.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                    .targetHealthDescriptions().stream()
                    .filter(t -> t.targetHealth() != null && LoadBalancer.healthyTarget(t.targetHealth().stateAsString()))
                    .count();
        }
        if (!LoadBalancer.idle(healthy)) {
            return Check.changed(healthy + " healthy target(s) behind it now");
        }
        Map<String, String> previous = new LinkedHashMap<>();
        previous.put("arn", lb.loadBalancerArn());
        previous.put(ActionParameters.LOAD_BALANCER_NAME, lb.loadBalancerName());
        AwsTargets.putIfPresent(previous, ActionParameters.LOAD_BALANCER_TYPE, lb.typeAsString());
        AwsTargets.putIfPresent(previous, "scheme", lb.schemeAsString());
        AwsTargets.putIfPresent(previous, "dnsName", lb.dnsName());
        AwsTargets.putIfPresent(previous, "vpcId", lb.vpcId());
        previous.put("targetGroups", String.join(",", groups.stream().map(TargetGroup::targetGroupArn).toList()));
        Map<String, String> tags = new LinkedHashMap<>();
        elbv2.describeTags(r -> r.resourceArns(lb.loadBalancerArn())).tagDescriptions()
                .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
        return Check.original(previous, Map.of("state", "deleted")).withFacts(TargetFacts.tags(tags));
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        if (classic(request)) {
            aws.elb(ref.account(), ref.region()).deleteLoadBalancer(r -> r.loadBalancerName(name(request, ref)));
        } else {
            // the ARN the re-check matched with the finding's identity, never the name
            String arn = check.previousState().get("arn");
            aws.elbv2(ref.account(), ref.region()).deleteLoadBalancer(r -> r.loadBalancerArn(arn));
        }
        return check.plannedState();
    }
}
