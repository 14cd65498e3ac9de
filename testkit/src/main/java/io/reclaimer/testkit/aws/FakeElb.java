package io.reclaimer.testkit.aws;

import static io.reclaimer.testkit.aws.FakeAws.indexed;

import io.reclaimer.testkit.aws.FakeAws.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The load balancer part of {@link FakeAws}: application load balancers with one target group each, whose
 * targets are one unhealthy instance plus as many healthy ones as the balancer's {@code healthy} says. Classic
 * ELB answers as an account without any.
 */
final class FakeElb {

    private final FakeAws aws;

    FakeElb(FakeAws aws) {
        this.aws = aws;
    }

    Reply v2(FakeAwsAccount a, String action, Map<String, String> p) {
        return switch (action) {
            case "DescribeLoadBalancers" -> {
                List<String> names = indexed(p, "Names.member.");
                List<Map.Entry<String, Map<String, String>>> found = new ArrayList<>();
                synchronized (a.loadBalancers) {
                    for (String name : names) {
                        Map<String, String> lb = a.loadBalancers.get(name);
                        if (lb == null) {
                            yield Reply.elbError(400, "LoadBalancerNotFound", "One or more load balancers not found");
                        }
                        found.add(Map.entry(name, lb));
                    }
                    if (names.isEmpty()) {
                        found.addAll(a.loadBalancers.entrySet());
                    }
                }
                StringBuilder members = new StringBuilder();
                for (var e : found) {
                    members.append("<member><LoadBalancerArn>").append(e.getValue().get("arn")).append("</LoadBalancerArn>")
                            .append("<DNSName>").append(e.getValue().get("dns")).append("</DNSName><CreatedTime>")
                            .append(e.getValue().get("created")).append("</CreatedTime><LoadBalancerName>")
                            .append(e.getKey()).append("</LoadBalancerName><Scheme>internet-facing</Scheme><VpcId>")
                            .append("vpc-3ac0fb5f</VpcId><Type>application</Type><State><Code>active</Code></State>")
                            .append("</member>");
                }
                yield Reply.elb(FakeAws.ELBV2, action, "<LoadBalancers>" + members + "</LoadBalancers>");
            }
            case "DescribeTargetGroups" -> {
                String only = p.get("LoadBalancerArn");
                StringBuilder members = new StringBuilder();
                synchronized (a.loadBalancers) {
                    for (Map<String, String> lb : a.loadBalancers.values()) {
                        if (only == null || only.equals(lb.get("arn"))) {
                            members.append("<member><TargetGroupArn>").append(targetGroup(lb)).append("</TargetGroupArn>")
                                    .append("<TargetGroupName>tg</TargetGroupName><Protocol>HTTP</Protocol><Port>80</Port>")
                                    .append("<LoadBalancerArns><member>").append(lb.get("arn"))
                                    .append("</member></LoadBalancerArns></member>");
                        }
                    }
                }
                yield Reply.elb(FakeAws.ELBV2, action, "<TargetGroups>" + members + "</TargetGroups>");
            }
            case "DescribeTargetHealth" -> {
                int healthy = 0;
                synchronized (a.loadBalancers) {
                    for (Map<String, String> lb : a.loadBalancers.values()) {
                        if (targetGroup(lb).equals(p.get("TargetGroupArn"))) {
                            healthy += Integer.parseInt(lb.get("healthy"));
                        }
                    }
                }
                StringBuilder members = new StringBuilder("<member><Target><Id>i-0f76fade</Id><Port>80</Port></Target>"
                        + "<TargetHealth><State>unhealthy</State><Reason>Target.FailedHealthChecks</Reason></TargetHealth>"
                        + "</member>");
                for (int i = 0; i < healthy; i++) {
                    members.append("<member><Target><Id>i-00").append(i).append("</Id><Port>80</Port></Target>")
                            .append("<TargetHealth><State>healthy</State></TargetHealth></member>");
                }
                yield Reply.elb(FakeAws.ELBV2, action, "<TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>");
            }
            case "DescribeTags" -> {
                StringBuilder descriptions = new StringBuilder();
                for (String arn : indexed(p, "ResourceArns.member.")) {
                    StringBuilder tagXml = new StringBuilder();
                    a.tags.getOrDefault(arn, Map.of()).forEach((k, v) -> tagXml.append("<member><Key>")
                            .append(FakeAws.xml(k)).append("</Key><Value>").append(FakeAws.xml(v)).append("</Value></member>"));
                    descriptions.append("<member><ResourceArn>").append(arn).append("</ResourceArn><Tags>").append(tagXml)
                            .append("</Tags></member>");
                }
                yield Reply.elb(FakeAws.ELBV2, action, "<TagDescriptions>" + descriptions + "</TagDescriptions>");
            }
            case "DeleteLoadBalancer" -> {
                a.loadBalancers.values().removeIf(lb -> lb.get("arn").equals(p.get("LoadBalancerArn")));
                yield Reply.elb(FakeAws.ELBV2, action, "");
            }
            default -> Reply.elbError(400, "InvalidAction", "unknown action " + action);
        };
    }

    /** Classic ELB: an account without any. */
    Reply classic(String action) {
        return switch (action) {
            case "DescribeLoadBalancers" -> Reply.elb(FakeAws.ELB, action, "<LoadBalancerDescriptions/>");
            case "DescribeTags" -> Reply.elb(FakeAws.ELB, action, "<TagDescriptions/>");
            default -> Reply.elbError(400, "LoadBalancerNotFound", "There is no ACTIVE Load Balancer");
        };
    }

    private static String targetGroup(Map<String, String> lb) {
        return lb.get("arn").replace(":loadbalancer/app/", ":targetgroup/") + "-tg";
    }
}
