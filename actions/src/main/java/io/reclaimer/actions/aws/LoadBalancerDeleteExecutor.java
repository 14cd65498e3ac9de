package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Deletes an idle load balancer: an ALB, NLB or GWLB (ELBv2, found by name) or a classic ELB, only when it
 * still has no healthy target right before the delete. Not reversible: a load balancer's DNS name cannot
 * be recovered; its configuration at the time of the delete is kept in the previous state for a human.
 */
public final class LoadBalancerDeleteExecutor implements ActionExecutor {

    private final AwsClients aws;

    public LoadBalancerDeleteExecutor(AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.DELETE && kind == FindingKind.IDLE_LOAD_BALANCER;
    }

    static boolean classic(ActionRequest request) {
        return "classic".equalsIgnoreCase(request.currentState().getOrDefault("type", ""));
    }

    /** The load balancer's name: the evidence's, or the middle of {@code app/NAME/id}, or the id itself. */
    static String name(ActionRequest request, CloudResourceRef ref) {
        String name = request.currentState().get("name");
        if (name != null && !name.isBlank()) {
            return name;
        }
        String[] parts = ref.resourceId().split("/");
        return parts.length == 3 ? parts[1] : ref.resourceId();
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        return AwsTargets.checking(() -> checkTarget(request));
    }

    private Check checkTarget(ActionRequest request) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        String name = name(request, ref);
        if (classic(request)) {
            ElasticLoadBalancingClient elb = aws.elb(ref.region());
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
            long inService = elb.describeInstanceHealth(r -> r.loadBalancerName(name)).instanceStates().stream()
                    .filter(s -> "InService".equals(s.state())).count();
            if (inService > 0) {
                return Check.changed(inService + " instance(s) are InService behind it now");
            }
            Map<String, String> previous = new LinkedHashMap<>();
            previous.put("name", name);
            previous.put("type", "classic");
            AwsTargets.putIfPresent(previous, "dnsName", lb.dnsName());
            AwsTargets.putIfPresent(previous, "scheme", lb.scheme());
            previous.put("instances", String.valueOf(lb.instances().size()));
            Map<String, String> tags = new LinkedHashMap<>();
            elb.describeTags(r -> r.loadBalancerNames(name)).tagDescriptions()
                    .forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value())));
            return Check.original(previous, Map.of("state", "deleted")).withFacts(TargetFacts.tags(tags));
        }
        ElasticLoadBalancingV2Client elbv2 = aws.elbv2(ref.region());
        LoadBalancer lb;
        try {
            List<LoadBalancer> found = elbv2.describeLoadBalancers(r -> r.names(name)).loadBalancers();
            if (found.isEmpty()) {
                return Check.done("the load balancer no longer exists", Map.of("state", "deleted"));
            }
            lb = found.get(0);
        } catch (software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException e) {
            return Check.done("the load balancer no longer exists", Map.of("state", "deleted"));
        }
        int healthy = 0;
        List<TargetGroup> groups = elbv2.describeTargetGroups(r -> r.loadBalancerArn(lb.loadBalancerArn())).targetGroups();
        for (TargetGroup group : groups) {
            healthy += (int) elbv2.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                    .targetHealthDescriptions().stream()
                    .filter(t -> t.targetHealth() != null && t.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
                    .count();
        }
        if (healthy > 0) {
            return Check.changed(healthy + " healthy target(s) behind it now");
        }
        Map<String, String> previous = new LinkedHashMap<>();
        previous.put("arn", lb.loadBalancerArn());
        previous.put("name", lb.loadBalancerName());
        AwsTargets.putIfPresent(previous, "type", lb.typeAsString());
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
            aws.elb(ref.region()).deleteLoadBalancer(r -> r.loadBalancerName(name(request, ref)));
        } else {
            String arn = check.previousState().get("arn");
            aws.elbv2(ref.region()).deleteLoadBalancer(r -> r.loadBalancerArn(arn));
        }
        return check.plannedState();
    }
}
