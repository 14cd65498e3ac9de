package io.reclaimer.collectors.simulator;

import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.cloud.LoadBalancer;
import java.util.Map;

/**
 * What the simulated AWS account is billed per day for one cluster, by Cost Explorer service name: the
 * nodes' hourly prices, EBS storage (public us-east-1 list prices), load balancer hours, public IPv4 hours
 * and the EKS control plane. The streams stage estimates the same costs independently; reconciling the two
 * is the point.
 */
final class SimulatedInvoice {

    static final String COMPUTE = "Amazon Elastic Compute Cloud - Compute";
    static final String EC2_OTHER = "EC2 - Other";
    static final String ELB = "Amazon Elastic Load Balancing";
    static final String EKS = "Amazon Elastic Container Service for Kubernetes";
    static final String VPC = "Amazon Virtual Private Cloud";

    private static final double DAYS_PER_MONTH = 730.0 / 24;

    private SimulatedInvoice() {
    }

    /** Daily cost of one cluster by service, before noise. */
    static Map<String, Double> dailyCost(SimFleet.Cluster cluster, double nodesHourlyUsd) {
        double ebs = 0;
        double elb = 0;
        double ipv4 = 0;
        for (CloudResource resource : cluster.cloudResources()) {
            if (resource instanceof EbsVolume v) {
                ebs += volumeMonthlyUsd(v) / DAYS_PER_MONTH;
            } else if (resource instanceof EbsSnapshot s) {
                ebs += s.sizeGib() * 0.05 / DAYS_PER_MONTH;
            } else if (resource instanceof LoadBalancer lb) {
                elb += ("classic".equals(lb.type()) ? 0.025 : 0.0225) * 24;
            } else if (resource instanceof ElasticIp) {
                ipv4 += 0.005 * 24;
            }
        }
        return Map.of(COMPUTE, nodesHourlyUsd * 24, EC2_OTHER, ebs, ELB, elb, VPC, ipv4, EKS, 0.10 * 24);
    }

    private static double volumeMonthlyUsd(EbsVolume v) {
        return switch (v.volumeType()) {
            case "gp2" -> v.sizeGib() * 0.10;
            case "io1", "io2" -> v.sizeGib() * 0.125 + (v.iops() == null ? 0 : v.iops() * 0.065);
            case "st1" -> v.sizeGib() * 0.045;
            case "sc1" -> v.sizeGib() * 0.015;
            case "standard" -> v.sizeGib() * 0.05;
            default -> v.sizeGib() * 0.08
                    + Math.max(0, (v.iops() == null ? 3000 : v.iops()) - 3000) * 0.005
                    + Math.max(0, (v.throughputMibps() == null ? 125 : v.throughputMibps()) - 125) * 0.04;
        };
    }
}
