package io.reclaimer.collectors.aws.inventory;

import io.reclaimer.collectors.aws.CollectionErrors;
import io.reclaimer.model.cloud.CloudResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * Lists everything of one account and region, one service call family at a time: a failing call is
 * reported and marks the listing incomplete, the other calls still run.
 */
public final class RegionInventory {

    private final CollectionErrors errors;

    public RegionInventory(CollectionErrors errors) {
        this.errors = errors;
    }

    public RegionListing list(String account, String region, Ec2Client ec2, ElasticLoadBalancingV2Client elbv2,
                              ElasticLoadBalancingClient elb, Instant observedAt) {
        Ec2Inventory ec2Inventory = new Ec2Inventory(ec2, account, region, observedAt);
        LoadBalancerInventory balancers = new LoadBalancerInventory(account, region, observedAt);
        List<CloudResource> resources = new ArrayList<>();
        Map<String, List<String>> images = images(account, region, ec2Inventory);
        boolean complete = add(resources, account, region, "ec2", ec2Inventory::volumes)
                & add(resources, account, region, "ec2", ec2Inventory::elasticIps)
                & add(resources, account, region, "ec2", () -> ec2Inventory.snapshots(images))
                & add(resources, account, region, "ec2", ec2Inventory::instances)
                & add(resources, account, region, "elbv2", () -> balancers.elbv2(elbv2))
                & add(resources, account, region, "elb", () -> balancers.classic(elb));
        return new RegionListing(account, region, resources, complete && images != null);
    }

    /** Which snapshots the account's AMIs use; null (reported) when DescribeImages failed. */
    private Map<String, List<String>> images(String account, String region, Ec2Inventory ec2) {
        try {
            return ec2.imagesBySnapshot();
        } catch (RuntimeException e) {
            errors.failed(account, region, "ec2", e);
            return null;
        }
    }

    private boolean add(List<CloudResource> resources, String account, String region, String service,
                        Supplier<List<CloudResource>> listing) {
        try {
            resources.addAll(listing.get());
            return true;
        } catch (RuntimeException e) {
            // AWS errors after retries, and answers our records refuse: either way this listing is unknown
            errors.failed(account, region, service, e);
            return false;
        }
    }
}
