package io.reclaimer.actions.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** AWS clients per region; one account (the credentials'). */
public interface AwsClients extends AutoCloseable {

    Ec2Client ec2(String region);

    ElasticLoadBalancingV2Client elbv2(String region);

    ElasticLoadBalancingClient elb(String region);

    @Override
    void close();
}
