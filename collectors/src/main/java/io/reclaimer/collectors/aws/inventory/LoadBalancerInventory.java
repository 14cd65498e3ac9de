package io.reclaimer.collectors.aws.inventory;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.LoadBalancer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.InstanceState;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.TagDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Load balancers of one account and region with the health of what is behind them: ALB/NLB/GWLB with
 * their target groups (ELBv2), and classic ELBs with their registered instances.
 */
final class LoadBalancerInventory {

    /** DescribeTags accepts at most 20 ARNs (ELBv2) or names (classic) per call. */
    static final int TAGS_BATCH = 20;
    private static final String LOAD_BALANCER_ARN_MARKER = ":loadbalancer/";

    private final String account;
    private final String region;
    private final Instant observedAt;

    LoadBalancerInventory(String account, String region, Instant observedAt) {
        this.account = account;
        this.region = region;
        this.observedAt = observedAt;
    }

    /** ALBs, NLBs and GWLBs, keyed by the ARN's resource part ({@code app/name/id}), which is unique. */
    public List<CloudResource> elbv2(ElasticLoadBalancingV2Client elbv2) {
        List<software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer> balancers = new ArrayList<>();
        elbv2.describeLoadBalancersPaginator(r -> r.pageSize(400)).loadBalancers().forEach(balancers::add);
        if (balancers.isEmpty()) {
            return List.of();
        }
        Map<String, List<LoadBalancer.TargetGroup>> groupsByBalancer = new HashMap<>();
        for (TargetGroup group : elbv2.describeTargetGroupsPaginator(r -> r.pageSize(400)).targetGroups()) {
            if (group.loadBalancerArns().isEmpty()) {
                continue; // not behind any load balancer: its health would not change any finding
            }
            List<TargetHealthDescription> targets = elbv2.describeTargetHealth(r -> r.targetGroupArn(group.targetGroupArn()))
                    .targetHealthDescriptions();
            int healthy = (int) targets.stream()
                    .filter(t -> t.targetHealth() != null && t.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
                    .count();
            LoadBalancer.TargetGroup health = new LoadBalancer.TargetGroup(group.targetGroupArn(), targets.size(), healthy);
            for (String balancerArn : group.loadBalancerArns()) {
                groupsByBalancer.computeIfAbsent(balancerArn, arn -> new ArrayList<>()).add(health);
            }
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        List<String> arns = balancers.stream().map(b -> b.loadBalancerArn()).toList();
        for (List<String> batch : batches(arns)) {
            for (var description : elbv2.describeTags(r -> r.resourceArns(batch)).tagDescriptions()) {
                Map<String, String> map = new LinkedHashMap<>();
                description.tags().forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
                tags.put(description.resourceArn(), map);
            }
        }
        List<CloudResource> resources = new ArrayList<>();
        for (var balancer : balancers) {
            String arn = balancer.loadBalancerArn();
            resources.add(new LoadBalancer(ref(resourceId(arn)), balancer.loadBalancerName(), balancer.typeAsString(),
                    arn, balancer.dnsName(), balancer.createdTime(), groupsByBalancer.getOrDefault(arn, List.of()),
                    tags.getOrDefault(arn, Map.of()), observedAt));
        }
        return resources;
    }

    /** Classic ELBs, keyed by name; their registered instances form one pseudo target group. */
    public List<CloudResource> classic(ElasticLoadBalancingClient elb) {
        List<LoadBalancerDescription> balancers = new ArrayList<>();
        elb.describeLoadBalancersPaginator(r -> r.pageSize(400)).loadBalancerDescriptions().forEach(balancers::add);
        if (balancers.isEmpty()) {
            return List.of();
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        List<String> names = balancers.stream().map(LoadBalancerDescription::loadBalancerName).toList();
        for (List<String> batch : batches(names)) {
            for (TagDescription description : elb.describeTags(r -> r.loadBalancerNames(batch)).tagDescriptions()) {
                Map<String, String> map = new LinkedHashMap<>();
                description.tags().forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
                tags.put(description.loadBalancerName(), map);
            }
        }
        List<CloudResource> resources = new ArrayList<>();
        for (LoadBalancerDescription balancer : balancers) {
            String name = balancer.loadBalancerName();
            List<InstanceState> states = elb.describeInstanceHealth(r -> r.loadBalancerName(name)).instanceStates();
            int healthy = (int) states.stream().filter(s -> "InService".equals(s.state())).count();
            resources.add(new LoadBalancer(ref(name), name, "classic", "", balancer.dnsName(), balancer.createdTime(),
                    List.of(new LoadBalancer.TargetGroup("", states.size(), healthy)),
                    tags.getOrDefault(name, Map.of()), observedAt));
        }
        return resources;
    }

    /** {@code arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188} → {@code app/web/50dc6c495c0c9188}. */
    static String resourceId(String arn) {
        int marker = arn.indexOf(LOAD_BALANCER_ARN_MARKER);
        return marker < 0 ? arn : arn.substring(marker + LOAD_BALANCER_ARN_MARKER.length());
    }

    private CloudResourceRef ref(String resourceId) {
        return CloudResourceRef.aws(account, region, resourceId);
    }

    static <T> List<List<T>> batches(List<T> values) {
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < values.size(); i += TAGS_BATCH) {
            batches.add(values.subList(i, Math.min(values.size(), i + TAGS_BATCH)));
        }
        return batches;
    }
}
