package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionFailedException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/**
 * AWS clients per account and region. A client is only ever handed out with credentials proven to be the
 * requested account's; an account Reclaimer has no credentials for is refused with an
 * {@link ActionFailedException}, before any call to the resource's service.
 */
public interface AwsClients extends AutoCloseable {

    Ec2Client ec2(String account, String region) throws ActionFailedException;

    ElasticLoadBalancingV2Client elbv2(String account, String region) throws ActionFailedException;

    ElasticLoadBalancingClient elb(String account, String region) throws ActionFailedException;

    @Override
    void close();
}
